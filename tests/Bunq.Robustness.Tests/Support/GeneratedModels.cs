using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bunq.Robustness.Tests.Support;

/// <summary>
/// The models the generator emits for a slice of bunq's spec (payments, monetary accounts, users, installation,
/// session-server), compiled in memory: the hostile-answer tests read answers with the generated readers, not with
/// hand-written stand-ins.
/// </summary>
internal sealed class GeneratedModels
{
    private static readonly Lazy<GeneratedModels> Shared = new(Build);

    private GeneratedModels(ApiModel model, Assembly assembly)
    {
        Model = model;
        Assembly = assembly;
    }

    public static GeneratedModels Instance => Shared.Value;

    public ApiModel Model { get; }

    public Assembly Assembly { get; }

    public ApiOperation Operation(string method, string path)
        => Model.Resources.SelectMany(r => r.Operations).Single(o => o.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && o.Path == path);

    public Type TypeOf(string name) => Assembly.GetType("Bunq.Client." + name, throwOnError: true)!;

    private static GeneratedModels Build()
    {
        var slice = SpecMutator.Serialize(SpecMutator.Slice(SpecMutator.Parse(File.ReadAllText(Robust.RepoSpec))));
        var model = ApiModelBuilder.Build("slice.json", slice);
        if (model.HasErrors) throw new InvalidOperationException("the slice has errors: " + string.Join(", ", model.Diagnostics));
        var files = ClientEmitter.Emit(model, new EmitOptions(XmlDocs: false));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(p => !string.Equals(Path.GetFileNameWithoutExtension(p), "Bunq.Runtime", StringComparison.OrdinalIgnoreCase))
            .Append(typeof(Bunq.Runtime.IBunqApiClient).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
        var compilation = CSharpCompilation.Create(
            "Robustness.GeneratedSlice",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, f.HintName)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("the generated slice does not compile: " + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        }
        stream.Position = 0;
        // Bunq.Runtime resolves from the default context, so the generated models and the test share its types.
        return new GeneratedModels(model, new AssemblyLoadContext("Robustness.GeneratedSlice").LoadFromStream(stream));
    }
}
