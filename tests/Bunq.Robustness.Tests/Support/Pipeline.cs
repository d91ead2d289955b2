using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Load;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.SourceGenerator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Bunq.Robustness.Tests.Support;

/// <summary>What one spec did in the pipeline.</summary>
internal sealed record PipelineOutcome(
    string Name,
    bool Generated,
    int Files,
    IReadOnlyList<string> ErrorIds,
    IReadOnlyList<string> WarningIds,
    int DriverSources,
    IReadOnlyList<string> DriverErrorIds,
    TimeSpan Elapsed,
    long Allocated);

/// <summary>
/// Puts one spec text through every stage a user's build can reach: Load, Model and Emit directly (as the
/// <c>bunq-codegen</c> tool does), then <see cref="BunqClientGenerator"/> inside a <see cref="CSharpGeneratorDriver"/>
/// (as the compiler does). Anything thrown escapes to the caller: the tests treat every exception as a crash.
/// </summary>
internal static class Pipeline
{
    public const string SpecMetadataKey = "build_metadata.AdditionalFiles.BunqSpec";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(p => !string.Equals(Path.GetFileNameWithoutExtension(p), "Bunq.Runtime", StringComparison.OrdinalIgnoreCase))
            .Append(typeof(Bunq.Runtime.IBunqApiClient).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    private static readonly Lazy<CSharpCompilation> Consumer = new(() => CSharpCompilation.Create(
        "Consumer",
        new[] { CSharpSyntaxTree.ParseText("namespace Consumer { public static class Program { public static int Main() => 0; } }", new CSharpParseOptions(LanguageVersion.Latest)) },
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)));

    /// <summary>Runs the stages under the watchdog and checks what every input must satisfy; returns what happened.</summary>
    public static PipelineOutcome Run(string name, string text, TimeSpan? limit = null)
    {
        var (elapsed, allocated, outcome) = Robust.Guard(name, () => RunCore(name, text), limit);
        return outcome with { Elapsed = elapsed, Allocated = allocated };
    }

    private static PipelineOutcome RunCore(string name, string text)
    {
        var path = "/specs/" + name;
        var load = SpecLoader.Load(path, text);
        var model = ApiModelBuilder.Build(load, text);
        var errors = model.Diagnostics.Where(d => d.Severity == Bunq.CodeGen.Diagnostics.DiagnosticSeverity.Error).Select(d => d.Id).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
        var warnings = model.Diagnostics.Where(d => d.Severity == Bunq.CodeGen.Diagnostics.DiagnosticSeverity.Warning).Select(d => d.Id).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
        var files = model.HasErrors ? 0 : ClientEmitter.Emit(model, new EmitOptions()).Count;

        // The source generator as the compiler hosts it: any exception here would become CS8785 in a user's build.
        var spec = new SpecText(path, text);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new BunqClientGenerator().AsSourceGenerator() },
            new AdditionalText[] { spec },
            new CSharpParseOptions(LanguageVersion.Latest),
            new SpecOptions(path));
        driver = driver.RunGenerators(Consumer.Value);
        var run = driver.GetRunResult();
        var generator = run.Results.Single();
        if (generator.Exception is not null)
        {
            throw new InvalidOperationException($"The generator threw for {name}: {generator.Exception}");
        }
        var driverErrors = run.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.Id).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
        if (driverErrors.Contains("CS8785") || driverErrors.Contains("BUNQ0017"))
        {
            throw new InvalidOperationException($"The generator failed internally for {name}: " +
                string.Join(" | ", run.Diagnostics.Where(d => d.Id is "CS8785" or "BUNQ0017").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))));
        }
        return new PipelineOutcome(name, !model.HasErrors && files > 0, files, errors, warnings, generator.GeneratedSources.Length, driverErrors, TimeSpan.Zero, 0);
    }

    private sealed class SpecText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    /// <summary>Marks the one additional file as the bunq spec, as the package's targets do.</summary>
    private sealed class SpecOptions(string specPath) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
            => textFile.Path == specPath ? new Options(new Dictionary<string, string> { [SpecMetadataKey] = "true" }) : Options.Empty;
    }

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
