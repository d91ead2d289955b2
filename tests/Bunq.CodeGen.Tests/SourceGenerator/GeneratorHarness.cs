using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Bunq.CodeGen.SourceGenerator;
using Bunq.CodeGen.Tests.Load;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Bunq.CodeGen.Tests.SourceGenerator;

/// <summary>
/// Runs <see cref="BunqClientGenerator"/> in a <see cref="CSharpGeneratorDriver"/> the way the compiler does inside a
/// build: the spec as an AdditionalText marked <c>BunqSpec=true</c>, the MSBuild properties as global analyzer-config
/// options, and a compilation that references Bunq.Runtime.
/// </summary>
internal static class GeneratorHarness
{
    public const string UserCode = """
        namespace Consumer
        {
            public static class Program
            {
                public static int Main() => 0;
            }
        }
        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> PlatformReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            // The test host's list holds this test's own dependencies too; the runtime is added (or not) explicitly.
            .Where(p => !string.Equals(Path.GetFileNameWithoutExtension(p), "Bunq.Runtime", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    private static readonly Lazy<MetadataReference> RuntimeReference = new(() =>
        MetadataReference.CreateFromFile(typeof(Bunq.Runtime.IBunqApiClient).Assembly.Location));

    public static CSharpCompilation Compilation(bool withRuntime = true, params string[] sources)
        => Compilation(withRuntime ? RuntimeReference.Value : null, sources);

    /// <summary>A compilation that references <paramref name="runtime"/> as its Bunq.Runtime (none when null).</summary>
    public static CSharpCompilation Compilation(MetadataReference? runtime, params string[] sources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = (sources.Length == 0 ? new[] { UserCode } : sources)
            .Select((s, i) => CSharpSyntaxTree.ParseText(s, parse, "User" + i + ".cs"));
        var references = runtime is null ? PlatformReferences.Value : PlatformReferences.Value.Add(runtime);
        return CSharpCompilation.Create(
            "Consumer",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>
    /// An assembly named Bunq.Runtime, in a file that is not called so, declaring <c>[assembly: BunqRuntimeContract(contract)]</c>
    /// (no attribute when <paramref name="contract"/> is null): the generator must read the contract from the assembly.
    /// <paramref name="asProject"/> hands it over as the IDE does a project: a compilation, not a file.
    /// </summary>
    public static MetadataReference FakeRuntime(int? contract, int? oldestSupported = null, string version = "0.0.9.0", bool asProject = false)
    {
        var attribute = contract is null
            ? ""
            : $"[assembly: Bunq.Runtime.BunqRuntimeContract({contract}{(oldestSupported is null ? "" : $", OldestSupported = {oldestSupported}")})]";
        var source = $$"""
            [assembly: System.Reflection.AssemblyVersion("{{version}}")]
            {{attribute}}
            namespace Bunq.Runtime
            {
                [System.AttributeUsage(System.AttributeTargets.Assembly)]
                public sealed class BunqRuntimeContractAttribute : System.Attribute
                {
                    public BunqRuntimeContractAttribute(int version) { Version = version; OldestSupported = version; }
                    public int Version { get; }
                    public int OldestSupported { get; set; }
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "Bunq.Runtime",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            PlatformReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        if (asProject) return compilation.ToMetadataReference();
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success) throw new InvalidOperationException(string.Join(Environment.NewLine, emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray(), filePath: "/fake/runtime-under-another-name.dll");
    }

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> specs, IReadOnlyDictionary<string, string>? properties = null)
    {
        var texts = specs.ToImmutableArray();
        return CSharpGeneratorDriver.Create(
            new[] { new BunqClientGenerator().AsSourceGenerator() },
            texts,
            new CSharpParseOptions(LanguageVersion.Latest),
            new OptionsProvider(properties ?? new Dictionary<string, string>(), texts.Select(t => t.Path)),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public static AnalyzerConfigOptionsProvider OptionsFor(IEnumerable<string> specPaths, IReadOnlyDictionary<string, string> properties)
        => new OptionsProvider(properties, specPaths);

    public static GeneratorDriver Driver(AdditionalText spec, IReadOnlyDictionary<string, string>? properties = null)
        => Driver(new[] { spec }, properties);

    public static InMemoryText RepoSpec() => new(SpecFiles.RepoSpec, File.ReadAllText(SpecFiles.RepoSpec));

    public static InMemoryText Spec(string path, string text) => new(path, text);

    /// <summary>The MSBuild property names the package's targets make compiler-visible.</summary>
    public static Dictionary<string, string> Properties(
        string? ns = null, string? clientName = null, string? include = null, string? exclude = null, bool? xmlDocs = null)
    {
        var result = new Dictionary<string, string>();
        if (ns is not null) result["build_property.BunqNamespace"] = ns;
        if (clientName is not null) result["build_property.BunqClientName"] = clientName;
        if (include is not null) result["build_property.BunqInclude"] = include;
        if (exclude is not null) result["build_property.BunqExclude"] = exclude;
        if (xmlDocs is not null) result["build_property.BunqXmlDocs"] = xmlDocs.Value ? "true" : "false";
        return result;
    }

    /// <summary>An AdditionalText whose text can be replaced, like a file edited in the IDE (a new instance per edit).</summary>
    internal sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);

        public InMemoryText WithText(string newText) => new(Path, newText);

        public string Text => text;
    }

    /// <summary>An AdditionalText that cannot be read: the compiler's own behaviour for a file that vanished.</summary>
    internal sealed class ThrowingText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => throw new IOException("disk on fire");
    }

    /// <summary>Global options as the SDK writes them; every AdditionalText given at creation is marked as a spec.</summary>
    private sealed class OptionsProvider(IReadOnlyDictionary<string, string> global, IEnumerable<string> specPaths) : AnalyzerConfigOptionsProvider
    {
        private readonly HashSet<string> _specs = new(specPaths, StringComparer.Ordinal);

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
            => _specs.Contains(textFile.Path)
                ? new Options(new Dictionary<string, string> { [BunqClientGenerator.SpecMetadataKey] = "true" })
                : Options.Empty;
    }

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
