using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Bunq.CodeGen.SourceGenerator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Bunq.Benchmarks.Generator;

/// <summary>
/// The source generator's no-op run: the driver has generated the client for the 2025 spec once; the user then edits an
/// unrelated C# file and the compiler runs the generators again. Nothing should be recomputed (the setup checks that
/// every step is Cached or Unchanged); what is timed is the driver's bookkeeping. Two edited compilations alternate,
/// so every run sees a compilation that differs from the previous one.
/// </summary>
[MemoryDiagnoser]
public class IncrementalBenchmarks
{
    private const string UserCode = """
        namespace Consumer
        {
            public static class Program
            {
                public static int Main() => 0;
            }
        }
        """;

    private GeneratorDriver _driver = null!;
    private SpecText _spec = null!;
    private CSharpParseOptions _parse = null!;
    private Compilation _first = null!;
    private Compilation _second = null!;
    private bool _flip;

    [GlobalSetup]
    public void Setup()
    {
        var path = BenchPaths.RequireSharedSpec();
        var spec = _spec = new SpecText(path, File.ReadAllText(path));
        var parse = _parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText(UserCode, parse, "Program.cs") },
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _first = Edit(compilation, "// edit 1\n");
        _second = Edit(compilation, "// edit 2\n");

        // Checked once with step tracking: the unrelated edit leaves every step Cached or Unchanged.
        var tracked = Driver(spec, parse, track: true).RunGenerators(compilation);
        var generated = tracked.GetRunResult().Results.Single();
        if (generated.GeneratedSources.Length < 10 || generated.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException($"The generator produced {generated.GeneratedSources.Length} files for the 2025 spec; diagnostics: {string.Join("; ", generated.Diagnostics)}");
        }
        var second = tracked.RunGenerators(_first).GetRunResult().Results.Single();
        // Our steps and the outputs only: Roslyn's own input node "Compilation" (the runtime check selects from it) is
        // new with every edit by definition; what must hold is that nothing after it re-runs.
        foreach (var (name, runs) in second.TrackedSteps.Where(s => s.Key.StartsWith("Bunq.", StringComparison.Ordinal)).Concat(second.TrackedOutputSteps))
        {
            foreach (var run in runs)
            {
                foreach (var (_, reason) in run.Outputs)
                {
                    if (reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                    {
                        throw new InvalidOperationException($"Step {name} was {reason} after an unrelated edit.");
                    }
                }
            }
        }

        // Timed as the compiler runs it: no step tracking.
        _driver = Driver(spec, parse, track: false).RunGenerators(compilation);
    }

    [Benchmark(Description = "source generator: no-op run after an unrelated edit (2025 spec)")]
    public GeneratorDriver NoOpRun()
    {
        _flip = !_flip;
        _driver = _driver.RunGenerators(_flip ? _first : _second);
        return _driver;
    }

    /// <summary>A build's first run (or the first after the spec changed): a new driver loads, models and emits every file.</summary>
    [Benchmark(Description = "source generator: cold run, new driver (2025 spec)")]
    public GeneratorDriver ColdRun() => Driver(_spec, _parse, track: false).RunGenerators(_first);

    /// <summary>Where a no-op run spends its time: the driver's own per-step timings (step tracking on), for diagnosis.</summary>
    internal static void PrintSteps(TextWriter output, int runs)
    {
        var bench = new IncrementalBenchmarks();
        bench.Setup();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            bench.NoOpRun();
            times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        output.WriteLine($"{bench._driver.GetRunResult().Results.Single().GeneratedSources.Length} generated files");
        output.WriteLine($"untracked no-op runs: {runs}, min {times[0]:0.000} ms, median {times[runs / 2]:0.000} ms, max {times[^1]:0.000} ms");
        var spec = new SpecText(BenchPaths.RequireSharedSpec(), File.ReadAllText(BenchPaths.RequireSharedSpec()));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var driver = Driver(spec, parse, track: true).RunGenerators(bench._second);
        for (var i = 0; i < runs; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            driver = driver.RunGenerators(i % 2 == 0 ? bench._first : bench._second);
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            var result = driver.GetRunResult().Results.Single();
            output.WriteLine($"run {i}: {elapsed.TotalMilliseconds:0.000} ms wall, driver {driver.GetTimingInfo().ElapsedTime.TotalMilliseconds:0.000} ms");
            if (i != runs - 1) continue;
            foreach (var (name, steps) in result.TrackedSteps.Concat(result.TrackedOutputSteps).OrderByDescending(s => s.Value.Sum(r => r.ElapsedTime.Ticks)))
            {
                output.WriteLine($"  {name,-28} {steps.Length,6} runs {steps.Sum(r => r.ElapsedTime.TotalMilliseconds),9:0.000} ms  reasons: {string.Join(",", steps.SelectMany(r => r.Outputs).GroupBy(o => o.Reason).Select(g => g.Key + "=" + g.Count()))}");
            }
        }
    }

    private static Compilation Edit(Compilation compilation, string comment)
    {
        var tree = compilation.SyntaxTrees.Single();
        var text = tree.GetText();
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(0, 0), comment))));
    }

    private static GeneratorDriver Driver(SpecText spec, CSharpParseOptions parse, bool track)
        => CSharpGeneratorDriver.Create(
            new[] { new BunqClientGenerator().AsSourceGenerator() },
            ImmutableArray.Create<AdditionalText>(spec),
            parse,
            new SpecOptionsProvider(spec.Path),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>The shared framework's assemblies (what a plain net10.0 project references) and Bunq.Runtime.</summary>
    private static IEnumerable<MetadataReference> References()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && string.Equals(Path.GetDirectoryName(p), framework, StringComparison.Ordinal))
            .Append(typeof(Bunq.Runtime.IBunqApiClient).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    }

    private sealed class SpecText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>Global options empty (defaults), the one additional text marked <c>BunqSpec=true</c> as the package's targets do.</summary>
    private sealed class SpecOptionsProvider(string specPath) : AnalyzerConfigOptionsProvider
    {
        private static readonly Options Empty = new(ImmutableDictionary<string, string>.Empty);
        private static readonly Options Spec = new(ImmutableDictionary<string, string>.Empty.Add("build_metadata.AdditionalFiles.BunqSpec", "true"));

        // BUNQ_BENCH_INCLUDE (diagnosis only): generate a subset, to see how the no-op run scales with the file count.
        private static readonly Options Global = Environment.GetEnvironmentVariable("BUNQ_BENCH_INCLUDE") is { Length: > 0 } include
            ? new(ImmutableDictionary<string, string>.Empty.Add("build_property.BunqInclude", include))
            : Empty;

        public override AnalyzerConfigOptions GlobalOptions => Global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
            => string.Equals(textFile.Path, specPath, StringComparison.Ordinal) ? Spec : Empty;
    }

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
