using System.Text.Json;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Load;
using Bunq.CodeGen.Tests.TestSupport;
using Microsoft.OpenApi.Models;

namespace Bunq.CodeGen.Tests.Load;

public class RealSpecLoadTests
{
    private static readonly string[] HttpMethods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    public static IEnumerable<object[]> SharedSpecNames()
    {
        if (SpecFiles.SharedSpecsFolder is null)
        {
            // One row that fails with the folder's name, so a missing folder is never a silent pass.
            yield return new object[] { "(shared specs folder missing)" };
            yield break;
        }

        foreach (var file in Directory.GetFiles(SpecFiles.SharedSpecsFolder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            yield return new object[] { Path.GetFileName(file) };
        }
    }

    [SharedSpecsFact]
    public void All_26_real_bunq_specs_are_present()
    {
        var folder = SpecFiles.RequireSharedSpecs();
        Assert.Equal(26, Directory.GetFiles(folder, "*.json").Length);
    }

    [SharedSpecsTheory]
    [MemberData(nameof(SharedSpecNames))]
    public void Every_real_bunq_spec_loads_without_errors(string fileName)
    {
        var path = SpecFiles.RequireSharedSpec(fileName);

        var result = SpecLoader.LoadFile(path);

        AssertNoErrors(result);
        AssertSameShapeAsJson(result.Document!, File.ReadAllText(path));
    }

    [Fact]
    public void The_repo_spec_loads_without_any_diagnostic()
    {
        var result = SpecLoader.LoadFile(SpecFiles.RepoSpec);

        AssertNoErrors(result);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(SpecFiles.RepoSpec, result.FilePath);
    }

    [SharedSpecsFact]
    public void The_2018_swagger_spec_is_read_as_swagger_2()
    {
        var path = SpecFiles.RequireSharedSpec("2018-04-16_ff52696.json");

        var result = SpecLoader.LoadFile(path);

        AssertNoErrors(result);
        Assert.Contains("\"swagger\"", File.ReadAllText(path).Substring(0, 200), StringComparison.Ordinal);
        // Swagger 2.0 definitions come through as OpenAPI 3 component schemas.
        Assert.True(result.Document!.Components.Schemas.Count > 100);
    }

    [SharedSpecsFact]
    public void The_2018_openapi_specs_are_repaired_and_reported()
    {
        var path = SpecFiles.RequireSharedSpec("2018-05-04_96eac3b.json");

        var result = SpecLoader.LoadFile(path);

        AssertNoErrors(result);
        // '[]' read as '{}', header references read as parameters, header components in parameter shape.
        var repairs = result.Diagnostics.Where(d => d.Id == DiagnosticCatalog.SpecRepaired.Id).ToList();
        Assert.Equal(3, repairs.Count);
        Assert.All(repairs, r => Assert.Equal(DiagnosticSeverity.Info, r.Severity));
        Assert.All(repairs, r => Assert.True(r.Location.HasPosition));

        // The header refs now resolve to real parameters instead of being dropped.
        var operation = result.Document!.Paths.First().Value.Operations.First().Value;
        Assert.Contains(operation.Parameters, p => p.In == ParameterLocation.Header && p.Name == "Cache-Control");
        // "properties": [] became an empty map rather than a reader error.
        Assert.Empty(result.Document.Components.Schemas["AttachmentPublic"].Properties);
    }

    internal static void AssertNoErrors(LoadResult result)
    {
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToCompilerString()).Take(5).ToList();
        Assert.True(errors.Count == 0, "Unexpected errors:\n" + string.Join("\n", errors));
        Assert.False(result.HasErrors);
        Assert.NotNull(result.Document);
    }

    /// <summary>Path, operation and schema counts, and each schema's property names, as System.Text.Json sees the file.</summary>
    internal static void AssertSameShapeAsJson(OpenApiDocument document, string json)
    {
        using var original = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        var root = original.RootElement;
        var paths = root.GetProperty("paths");
        Assert.Equal(paths.EnumerateObject().Count(), document.Paths.Count);

        var operations = paths.EnumerateObject().Sum(p => p.Value.EnumerateObject().Count(m => HttpMethods.Contains(m.Name)));
        Assert.Equal(operations, document.Paths.Sum(p => p.Value.Operations.Count));

        var schemas = root.TryGetProperty("components", out var components)
            ? components.GetProperty("schemas")
            : root.GetProperty("definitions");
        Assert.Equal(schemas.EnumerateObject().Count(), document.Components.Schemas.Count);

        foreach (var schema in schemas.EnumerateObject())
        {
            var expected = schema.Value.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                ? properties.EnumerateObject().Select(p => p.Name).ToList()
                : new List<string>();
            var actual = document.Components.Schemas[schema.Name].Properties.Keys.ToList();
            Assert.True(expected.SequenceEqual(actual), $"Properties of {schema.Name} differ: [{string.Join(",", expected)}] vs [{string.Join(",", actual)}]");
        }
    }
}
