using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Emit;
using Bunq.CodeGen.Tests.Load;
using Bunq.CodeGen.Tests.TestSupport;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>Every bunq spec from 2018 (Swagger 2.0) to 2025 generates a client that compiles with zero warnings.</summary>
public sealed class AllVersionsCompileTests
{
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
        Assert.NotEmpty(model.Resources);

        var files = ClientEmitter.Emit(model, new EmitOptions());
        var compilation = InMemoryCompiler.Compile("Generated_" + Path.GetFileNameWithoutExtension(specPath).Replace('-', '_').Replace('.', '_'), files);
        var problems = InMemoryCompiler.Problems(compilation);
        Assert.True(problems.Length == 0, $"{problems.Length} problems, first: {string.Join(Environment.NewLine, problems.Take(10))}");
    }
}
