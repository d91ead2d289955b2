using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Bunq.CodeGen.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bunq.CodeGen.Tests.Emit;

/// <summary>
/// Compiles generated files the way a consuming project would: nullable on, every warning wave,
/// XML docs diagnosed (so CS1591 counts), against the platform and Bunq.Runtime.dll.
/// </summary>
internal static class InMemoryCompiler
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var runtime = typeof(Bunq.Runtime.IBunqApiClient).Assembly.Location;
        if (!paths.Contains(runtime)) paths.Add(runtime);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static CSharpCompilation Compile(string assemblyName, IEnumerable<GeneratedFile> files, params string[] extraSources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, f.HintName))
            .Concat(extraSources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parse, "Extra" + i + ".cs")));
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            warningLevel: 9999,
            deterministic: true);
        return CSharpCompilation.Create(assemblyName, trees, References.Value, options);
    }

    /// <summary>Every diagnostic of Warning severity or worse, formatted with its location.</summary>
    public static string[] Problems(Compilation compilation)
        => compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToArray();

    public static Assembly Load(CSharpCompilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        // Bunq.Runtime resolves from the default context, so generated and test code share its types.
        var context = new AssemblyLoadContext(compilation.AssemblyName, isCollectible: true);
        return context.LoadFromStream(stream);
    }
}
