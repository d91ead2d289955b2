using System.Text.Json;
using Bunq.CodeGen.Model;

namespace Bunq.Emulator.Protocol;

/// <summary>
/// Reads the operations straight from the OpenAPI JSON with the few bunq rules the emulator
/// depends on. Used when the spec cannot be turned into an <see cref="ApiModel"/>.
/// </summary>
internal static class SpecOperationReader
{
    private static readonly string[] Suffixes = { "Listing", "Read", "Create", "Update", "Delete" };

    private static readonly Dictionary<string, string> Renames = new(StringComparer.Ordinal)
    {
        ["SchedulePayment"] = "ScheduledPayment",
        ["SchedulePaymentBatch"] = "ScheduledPaymentBatch",
        ["ScheduleInstance"] = "ScheduledInstance",
        ["InvoiceByUser"] = "Invoice",
        ["InstallationServerPublicKey"] = "ServerPublicKey",
        ["Company"] = "UserCompany",
        ["NotificationFilterUrlMonetaryAccount"] = "NotificationFilterUrl",
        ["NotificationFilterUrlUser"] = "NotificationFilterUrl",
        ["MasterCardPayment"] = "Payment",
        ["InsightEvent"] = "Event",
    };

    // bunq's Signing list (session, payments, scheduled payments, accepting drafts, requests and
    // schedule instances), plus device-server whose quickstart says to sign it.
    private static readonly HashSet<string> SignedOperations = new(StringComparer.Ordinal)
    {
        "POST /session-server",
        "POST /device-server",
        "POST /user/{}/monetary-account/{}/payment",
        "POST /user/{}/monetary-account/{}/payment-batch",
        "PUT /user/{}/monetary-account/{}/payment-batch/{}",
        "POST /user/{}/monetary-account/{}/schedule-payment",
        "PUT /user/{}/monetary-account/{}/schedule-payment/{}",
        "POST /user/{}/monetary-account/{}/schedule-payment-batch",
        "PUT /user/{}/monetary-account/{}/schedule-payment-batch/{}",
        "PUT /user/{}/monetary-account/{}/draft-payment/{}",
        "PUT /user/{}/monetary-account/{}/schedule/{}/schedule-instance/{}",
        "PUT /user/{}/monetary-account/{}/request-response/{}",
        "PUT /user/{}/monetary-account/{}/currency-conversion-quote/{}",
        "PUT /user/{}/payment-service-provider-draft-payment/{}",
        "PUT /user/{}/payment-service-provider-issuer-transaction/{}",
        "POST /user/{}/transferwise-quote/{}/transferwise-transfer",
    };

    public static IReadOnlyList<EmulatorOperation> Read(Stream spec)
    {
        using var document = JsonDocument.Parse(spec);
        var root = document.RootElement;
        var schemas = root.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s)
            ? s
            : default;
        var operations = new List<EmulatorOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                if (method.Name is not ("get" or "post" or "put" or "delete")) continue;
                operations.Add(ReadOperation(path.Name, method.Name.ToUpperInvariant(), method.Value, schemas));
            }
        }
        return operations;
    }

    internal static string Normalise(string path)
        => string.Join('/', path.Split('/').Select(s => EmulatorOperation.IsParameter(s) ? "{}" : s));

    private static EmulatorOperation ReadOperation(string path, string method, JsonElement op, JsonElement schemas)
    {
        var operationId = op.GetProperty("operationId").GetString() ?? "";
        var kind = operationId.Split('_')[0] switch
        {
            "CREATE" => OperationKind.Create,
            "READ" => OperationKind.Read,
            "UPDATE" => OperationKind.Update,
            "DELETE" => OperationKind.Delete,
            _ => OperationKind.List,
        };
        var schemaName = ResponseSchemaName(op);
        var schema = schemaName is not null && schemas.ValueKind == JsonValueKind.Object && schemas.TryGetProperty(schemaName, out var sc) ? sc : default;
        var fields = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var props)
            ? props.EnumerateObject().Select(p => p.Name).ToArray()
            : Array.Empty<string>();
        var unionKeys = fields.Length > 0 && fields.All(f => char.IsUpper(f[0])) ? fields : null;

        var stem = schemaName ?? "";
        foreach (var suffix in Suffixes)
        {
            if (stem.EndsWith(suffix, StringComparison.Ordinal) && stem.Length > suffix.Length)
            {
                stem = stem[..^suffix.Length];
                break;
            }
        }
        var key = stem.StartsWith("NoteText", StringComparison.Ordinal) ? "NoteText"
            : stem.StartsWith("NoteAttachment", StringComparison.Ordinal) ? "NoteAttachment"
            : Renames.TryGetValue(stem, out var renamed) ? renamed : stem;

        var normalised = Normalise(path);
        var shape = kind switch
        {
            OperationKind.Create => ResultShape.Id,
            OperationKind.Update => ResultShape.Id,
            OperationKind.Delete => ResultShape.Empty,
            OperationKind.Read => ResultShape.Object,
            _ => ResultShape.List,
        };
        IReadOnlyList<string> keys = new[] { key };
        if (kind is OperationKind.Read or OperationKind.List && unionKeys is not null && normalised is "/user" or "/user/{}" or "/user/{}/monetary-account" or "/user/{}/monetary-account/{}" or "/device" or "/device/{}")
        {
            shape = ResultShape.Union;
            keys = unionKeys;
        }
        var token = TokenKind.Session;
        var binaryRequest = false;
        switch (method + " " + normalised)
        {
            case "POST /installation":
                shape = ResultShape.Multi;
                keys = new[] { "Id", "Token", "ServerPublicKey" };
                token = TokenKind.None;
                break;
            case "POST /session-server":
                shape = ResultShape.Multi;
                keys = new[] { "Id", "Token", "UserPerson", "UserCompany", "UserApiKey", "UserPaymentServiceProvider" };
                token = TokenKind.Installation;
                break;
            case "POST /device-server":
                token = TokenKind.Installation;
                break;
            case "POST /payment-service-provider-credential":
                token = TokenKind.Installation;
                shape = ResultShape.Object;
                keys = new[] { "CredentialPasswordIp" };
                break;
            case "PUT /user/{}/monetary-account/{}/request-response/{}":
            case "PUT /user/{}/monetary-account/{}/schedule-payment/{}":
                shape = ResultShape.Object;
                break;
            case "POST /sandbox-user-person":
            case "POST /sandbox-user-company":
                shape = ResultShape.Object;
                keys = new[] { "ApiKey" };
                token = TokenKind.None;
                break;
            case "POST /attachment-public":
                shape = ResultShape.Uuid;
                binaryRequest = true;
                break;
            case "POST /avatar":
                shape = ResultShape.Uuid;
                break;
            case "POST /user/{}/monetary-account/{}/attachment":
                binaryRequest = true;
                break;
            case "POST /user/{}/notification-filter-url":
            case "POST /user/{}/monetary-account/{}/notification-filter-url":
                shape = ResultShape.List;
                keys = new[] { "NotificationFilterUrl" };
                break;
            case "POST /user/{}/notification-filter-push":
                shape = ResultShape.List;
                keys = new[] { "NotificationFilterPush" };
                break;
            case "POST /user/{}/notification-filter-email":
                shape = ResultShape.List;
                keys = new[] { "NotificationFilterEmail" };
                break;
        }
        if (method == "GET" && (normalised.EndsWith("/content", StringComparison.Ordinal) || normalised.EndsWith("/pdf-content", StringComparison.Ordinal)))
        {
            shape = ResultShape.Binary;
        }
        var signature = SignedOperations.Contains(method + " " + normalised);
        return new EmulatorOperation(operationId, method, path, kind, shape, keys, token, signature, binaryRequest, fields);
    }

    private static string? ResponseSchemaName(JsonElement op)
    {
        if (!op.TryGetProperty("responses", out var responses) || !responses.TryGetProperty("200", out var ok)) return null;
        if (!ok.TryGetProperty("content", out var content)) return null;
        foreach (var media in content.EnumerateObject())
        {
            if (!media.Value.TryGetProperty("schema", out var schema)) continue;
            if (schema.TryGetProperty("items", out var items)) schema = items;
            if (schema.TryGetProperty("$ref", out var reference))
            {
                var text = reference.GetString() ?? "";
                return text[(text.LastIndexOf('/') + 1)..];
            }
        }
        return null;
    }
}
