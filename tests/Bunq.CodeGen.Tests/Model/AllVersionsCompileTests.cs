using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Emit;
using Bunq.CodeGen.Tests.Load;
using Bunq.CodeGen.Tests.TestSupport;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>
/// Every bunq spec from 2018 (Swagger 2.0) to 2025 generates a client with no error and no warning diagnostic, and the
/// client compiles with zero warnings. Repairs of bunq's known defects are infos (BUNQ0019); anything else fails here.
/// </summary>
public sealed class AllVersionsCompileTests
{
    /// <summary>
    /// The one warning a real version has: bunq's 2018-11 to 2020 specs spell the operationId prefixes Create_/Read_/
    /// Update_/Delete_, so the Model takes the kind from the HTTP method there and says so (BUNQ0012). Pinned by count,
    /// so any other or further warning fails.
    /// </summary>
    private static readonly Dictionary<string, int> OperationIdWarnings = new(StringComparer.Ordinal)
    {
        ["2018-11-06_ea1d7d5.json"] = 222,
        ["2019-05-15_4efd974.json"] = 284,
        ["2020-02-13_ea3d203.json"] = 285,
    };

    public static IEnumerable<object[]> SharedVersions()
    {
        if (SpecFiles.SharedSpecsFolder is null)
        {
            yield return new object[] { "(absent)" };
            yield break;
        }
        foreach (var file in Directory.GetFiles(SpecFiles.SharedSpecsFolder, "*.json").Where(f => !f.EndsWith("MANIFEST.json", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal))
        {
            yield return new object[] { Path.GetFileName(file) };
        }
    }

    [SharedSpecsFact]
    public void All_26_versions_are_generated_here()
    {
        Assert.Equal(26, SharedVersions().Count());
    }

    [SharedSpecsTheory]
    [MemberData(nameof(SharedVersions))]
    public void Every_bunq_spec_version_generates_a_client_that_compiles_without_warnings(string fileName)
    {
        AssertCompiles(SpecFiles.RequireSharedSpec(fileName));
    }

    [Fact]
    public void The_repo_spec_generates_a_client_that_compiles_without_warnings()
    {
        AssertCompiles(SpecFiles.RepoSpec);
    }

    private static void AssertCompiles(string specPath)
    {
        var model = ApiModelBuilder.Build(specPath, File.ReadAllText(specPath));
        var errors = model.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToCompilerString()).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        var warnings = model.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        var unexpected = warnings.Where(d => d.Id != DiagnosticCatalog.OperationIdMissingOrUnprefixed.Id).Select(d => d.ToCompilerString()).Take(10).ToList();
        Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected));
        Assert.Equal(OperationIdWarnings.GetValueOrDefault(Path.GetFileName(specPath)), warnings.Count);
        Assert.Equal(model.Diagnostics.Count, model.Diagnostics.Distinct().Count());
        Assert.NotEmpty(model.Resources);

        var files = ClientEmitter.Emit(model, new EmitOptions());
        var compilation = InMemoryCompiler.Compile("Generated_" + Path.GetFileNameWithoutExtension(specPath).Replace('-', '_').Replace('.', '_'), files);
        var problems = InMemoryCompiler.Problems(compilation);
        Assert.True(problems.Length == 0, $"{problems.Length} problems, first: {string.Join(Environment.NewLine, problems.Take(10))}");
    }
}
