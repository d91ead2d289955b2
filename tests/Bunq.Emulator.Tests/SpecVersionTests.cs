using System.Text.Json;
using Bunq.Emulator.Protocol;

namespace Bunq.Emulator.Tests;

/// <summary>
/// The emulator serves any bunq spec the generator can model (SpecPath), and only those: its operations come from the
/// generator's model alone, so the committed spec and every real bunq version in <c>../shared/specs/bunq-doc</c> are routed
/// in full, and a spec without a model is refused with its diagnostics.
/// </summary>
public sealed class SpecVersionTests
{
    public static IEnumerable<object[]> SharedVersions()
    {
        if (SharedSpecs.Folder is null)
        {
            yield return new object[] { "(absent)" };
            yield break;
        }
        foreach (var file in Directory.GetFiles(SharedSpecs.Folder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            yield return new object[] { Path.GetFileName(file) };
        }
    }

    [SharedSpecsFact]
    public void The_shared_folder_holds_all_26_bunq_doc_versions()
        => Assert.Equal(26, SharedVersions().Count());

    [SharedSpecsTheory]
    [MemberData(nameof(SharedVersions))]
    public void Every_operation_of_a_shared_bunq_doc_version_is_routed_to_itself(string fileName)
        => AssertRoutesEveryOperation(Path.Combine(SharedSpecs.Folder!, fileName));

    [Fact]
    public void Every_operation_of_the_committed_spec_is_routed_to_itself()
        => AssertRoutesEveryOperation(SharedSpecs.RepoSpec);

    // 2018-04-16 (Swagger 2.0) has no POST /installation or /session-server, so it is routed in full above only. The
    // 2018-05 to 2018-11 versions name their schemas with a hash suffix (MonetaryAccountBank_5aec7a7717a55) that the
    // model drops (the conventions table's model.schemaNameSuffix), so their answers carry bunq's keys and a session opens.
    [SharedSpecsTheory]
    [InlineData("2018-05-04_96eac3b.json", 177)]
    [InlineData("2018-11-06_ea1d7d5.json", 300)]
    [InlineData("2019-05-15_4efd974.json", 389)]
    public async Task An_old_spec_version_serves_a_session_and_the_user(string fileName, int operations)
    {
        var options = TestKeys.Options();
        options.SpecPath = Path.Combine(SharedSpecs.Folder!, fileName);
        options.ServerPrivateKeyPem = TestKeys.ServerPrivateKeyPem;
        await using var emulator = await BunqEmulator.StartAsync(options);
        using var bunq = await RawBunq.ConnectAsync(emulator, emulator.CreateSandboxUser());

        Assert.Equal(operations, emulator.OperationCount);
        RawBunq.Check(await bunq.GetAsync($"user/{bunq.UserId}"));
    }

    [Fact]
    public async Task A_spec_without_a_model_is_refused_with_its_BUNQ_diagnostics()
    {
        var spec = Path.Combine(Path.GetTempPath(), $"bunq-emulator-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(spec, """{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/user":{"get":{"operationId":"List_User","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Missing"}}}}}}}}}""");
        try
        {
            var options = TestKeys.Options();
            options.SpecPath = spec;
            var refused = await Assert.ThrowsAsync<BunqEmulatorSpecException>(() => BunqEmulator.StartAsync(options));

            Assert.Equal(spec, refused.SpecPath);
            Assert.NotEmpty(refused.Diagnostics);
            Assert.All(refused.Diagnostics, d => Assert.Matches(@": error BUNQ\d{4}: ", d));
            Assert.Contains(refused.Diagnostics[0], refused.Message, StringComparison.Ordinal);
            Assert.Contains(spec, refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(spec);
        }
    }

    [Fact]
    public async Task A_spec_with_no_operations_is_refused_and_says_so()
    {
        var spec = Path.Combine(Path.GetTempPath(), $"bunq-emulator-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(spec, """{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}""");
        try
        {
            var options = TestKeys.Options();
            options.SpecPath = spec;
            var refused = await Assert.ThrowsAsync<BunqEmulatorSpecException>(() => BunqEmulator.StartAsync(options));

            Assert.Contains("no operations", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(spec);
        }
    }

    /// <summary>Every method and path of the JSON is an operation of the emulator, and a request to it (ids filled in) lands on that operation.</summary>
    private static void AssertRoutesEveryOperation(string specPath)
    {
        var operations = BunqEmulator.LoadOperations(specPath);
        var routes = new RouteTable(operations);
        using var document = JsonDocument.Parse(File.ReadAllBytes(specPath));
        var inSpec = new List<string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                if (method.Name is "get" or "post" or "put" or "delete") inSpec.Add($"{method.Name.ToUpperInvariant()} {path.Name}");
            }
        }
        var misrouted = new List<string>();
        foreach (var op in operations)
        {
            var concrete = string.Join('/', op.Path.Split('/').Select(s => EmulatorOperation.IsParameter(s) ? "7" : s));
            var match = routes.Match(op.Method, concrete);
            if (!ReferenceEquals(match.Operation, op)) misrouted.Add($"{op} -> {match.Operation?.ToString() ?? "nothing"}");
        }

        Assert.Equal(inSpec.OrderBy(r => r, StringComparer.Ordinal), operations.Select(o => o.ToString()).OrderBy(r => r, StringComparer.Ordinal));
        Assert.Empty(misrouted);
    }
}
