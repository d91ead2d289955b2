using System.Text.Json.Nodes;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Model.Conventions;
using Bunq.CodeGen.Tests.Load;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>
/// The table's <c>runtimeOperations</c> are what the runtime sends by hand; they must be operations of the committed
/// spec as the generator models them, so that a renamed path or operationId, or a rule that changes a token or the
/// signing, fails here instead of on bunq's wire.
/// </summary>
public sealed class RuntimeOperationsTests : IClassFixture<BunqModels>
{
    private readonly BunqModels _models;

    public RuntimeOperationsTests(BunqModels models) => _models = models;

    private static readonly string TablePath = Path.Combine(SpecFiles.RepoRoot, "generator", "Bunq.CodeGen", "Model", "Conventions", "bunq-conventions.json");

    /// <summary>Every way the entries differ from the model of the spec, one line each.</summary>
    private static List<string> Drift(IReadOnlyList<RuntimeOperation> entries, ApiModel model)
    {
        var operations = model.Resources.SelectMany(r => r.Operations).ToList();
        var drift = new List<string>();
        foreach (var entry in entries)
        {
            var op = operations.SingleOrDefault(o => o.Method == entry.Method && o.Path == entry.Path);
            if (op is null)
            {
                drift.Add($"{entry.Pointer}: {entry.Method} {entry.Path} is not in the spec");
                continue;
            }
            if (op.OperationId != entry.OperationId) drift.Add($"{entry.Pointer}: operationId {entry.OperationId}, the spec says {op.OperationId}");
            if (op.Token != entry.Auth) drift.Add($"{entry.Pointer}: auth {entry.Auth}, the rules say {op.Token}");
            if (op.SignatureRequired != entry.Signed) drift.Add($"{entry.Pointer}: signed {entry.Signed}, the rules say {op.SignatureRequired}");
        }
        return drift;
    }

    private static IReadOnlyList<RuntimeOperation> Mutated(int index, string field, JsonNode value)
    {
        var table = JsonNode.Parse(File.ReadAllText(TablePath))!.AsObject();
        table["runtimeOperations"]![index]![field] = value;
        var read = BunqConventions.Parse(table.ToJsonString());
        Assert.Empty(read.Errors);
        return read.Table!.Facts.RuntimeOperations;
    }

    private static int IndexOf(string name)
        => BunqConventions.Embedded.Facts.RuntimeOperations.ToList().FindIndex(o => o.Name == name);

    [Fact]
    public void Every_runtime_operation_is_the_specs_operation_with_the_rules_token_and_signing()
    {
        var entries = BunqConventions.Embedded.Facts.RuntimeOperations;
        Assert.True(entries.Count >= 20, "the context, sandbox, user, account, notification-filter and callback reads");
        Assert.Empty(Drift(entries, _models.Repo));
    }

    [Fact]
    public void An_operation_id_that_is_not_the_specs_is_drift()
    {
        var index = IndexOf("CreateNotificationFilterUrlForUser");
        var drift = Drift(Mutated(index, "operationId", "CREATE_NotificationFilterUrl"), _models.Repo);
        Assert.Equal($"/runtimeOperations/{index}: operationId CREATE_NotificationFilterUrl, the spec says CREATE_NotificationFilterUrl_for_User", Assert.Single(drift));
    }

    [Fact]
    public void A_path_the_spec_lacks_is_drift()
    {
        var index = IndexOf("ReadUser");
        var drift = Drift(Mutated(index, "path", "/user/{userID}"), _models.Repo);
        Assert.Equal($"/runtimeOperations/{index}: get /user/{{userID}} is not in the spec", Assert.Single(drift));
    }

    [Fact]
    public void An_unsigned_session_server_or_a_session_token_on_the_installation_is_drift()
    {
        var session = IndexOf("CreateSessionServer");
        Assert.Contains($"/runtimeOperations/{session}: signed False, the rules say True", Drift(Mutated(session, "signed", false), _models.Repo));
        var installation = IndexOf("CreateInstallation");
        Assert.Contains($"/runtimeOperations/{installation}: auth Session, the rules say None", Drift(Mutated(installation, "auth", "session"), _models.Repo));
    }

    [Fact]
    public void Two_entries_with_one_name_are_refused_at_the_second()
    {
        var table = JsonNode.Parse(File.ReadAllText(TablePath))!.AsObject();
        table["runtimeOperations"]![1]!["name"] = table["runtimeOperations"]![0]!["name"]!.GetValue<string>();
        var read = BunqConventions.Parse(table.ToJsonString());
        Assert.Null(read.Table);
        Assert.Equal("/runtimeOperations/1/name", Assert.Single(read.Errors).Pointer);
    }
}
