using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Protocol;

/// <summary>One request as the protocol sees it, independent of the HTTP host.</summary>
internal sealed record EmulatorRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    byte[] Body,
    string? ContentType,
    string? Authentication,
    string? Signature,
    string? AttachmentDescription,
    string ClientIp,
    string? RequestId = null);

/// <summary>One answer: status, exact body bytes (these get signed) and content type.</summary>
internal sealed record EmulatorAnswer(int StatusCode, byte[] Body, string ContentType)
{
    /// <summary>A redirect's target (OAuth's authorize page sends the browser back to the app).</summary>
    public string? Location { get; init; }
}

/// <summary>bunq's envelopes: <c>{"Response":[…]}</c> and <c>{"Error":[…]}</c>.</summary>
internal static class Wire
{
    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static EmulatorAnswer Response(IEnumerable<JsonNode?> elements, JsonObject? pagination = null)
    {
        var root = new JsonObject { ["Response"] = new JsonArray(elements.ToArray()) };
        if (pagination is not null) root["Pagination"] = pagination;
        return Json(200, root);
    }

    public static JsonObject Element(string key, JsonNode? value) => new() { [key] = value };

    public static JsonObject IdElement(long id) => Element(Bunq.Runtime.Wire.BunqWireFacts.IdKey, new JsonObject { ["id"] = id });

    public static EmulatorAnswer Error(int status, string description)
    {
        var root = new JsonObject
        {
            ["Error"] = new JsonArray(new JsonObject
            {
                ["error_description"] = description,
                ["error_description_translated"] = description,
            }),
        };
        return Json(status, root);
    }

    public static EmulatorAnswer Json(int status, JsonNode root)
        => new(status, Encoding.UTF8.GetBytes(root.ToJsonString(Compact)), "application/json");

    public static string ToJson(JsonNode node) => node.ToJsonString(Compact);
}
