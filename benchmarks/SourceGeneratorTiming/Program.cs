// Times the bunq source generator in a CSharpGeneratorDriver, the way the compiler runs it:
//   cold       - a new driver over the spec (the first build, or a spec edit that changes everything);
//   first      - the very first run in this process, JIT included (what a fresh compiler server pays once);
//   no-op      - the same driver after an unrelated C# edit (what every keystroke in the IDE costs).
// Usage: dotnet run -c Release -- <spec.json> [iterations]
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Bunq.CodeGen.SourceGenerator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

var specPath = Path.GetFullPath(args.Length > 0 ? args[0] : "specs/bunq.com.json");
var iterations = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
var spec = new SpecText(specPath, File.ReadAllText(specPath));

var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
    .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
    .ToList();
var parse = new CSharpParseOptions(LanguageVersion.Latest);
var compilation = CSharpCompilation.Create("Consumer",
    new[] { CSharpSyntaxTree.ParseText("namespace Consumer { public static class Program { public static void Main() { } } }", parse, "Program.cs") },
    references, new CSharpCompilationOptions(OutputKind.ConsoleApplication));

GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
    new[] { new BunqClientGenerator().AsSourceGenerator() },
    new AdditionalText[] { spec },
    parse,
    new Options(specPath),
    new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

var sw = Stopwatch.StartNew();
var driver = NewDriver().RunGenerators(compilation);
var first = sw.Elapsed.TotalMilliseconds;
var result = driver.GetRunResult().Results.Single();
Console.WriteLine($"spec: {specPath} ({new FileInfo(specPath).Length / 1024} KB)");
Console.WriteLine($"output: {result.GeneratedSources.Length} files, {result.GeneratedSources.Sum(s => s.SourceText.Length) / 1024} K chars, {result.Diagnostics.Count(d => d.Severity >= DiagnosticSeverity.Warning)} warnings/errors");
Console.WriteLine($"first run in process (JIT included): {first:F0} ms");

var cold = new List<double>();
for (var i = 0; i < iterations; i++)
{
    sw.Restart();
    NewDriver().RunGenerators(compilation);
    cold.Add(sw.Elapsed.TotalMilliseconds);
}
Console.WriteLine($"cold run, new driver (median of {iterations}): {Median(cold):F0} ms  [{string.Join(", ", cold.Select(c => c.ToString("F0")))}]");

var noop = new List<double>();
var tree = compilation.SyntaxTrees.Single();
for (var i = 0; i < iterations * 3; i++)
{
    var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().WithChanges(new TextChange(new TextSpan(0, 0), "// edit " + i + "\n"))));
    sw.Restart();
    driver = driver.RunGenerators(edited);
    noop.Add(sw.Elapsed.TotalMilliseconds);
}
Console.WriteLine($"no-op run after an unrelated edit (median of {noop.Count}): {Median(noop):F2} ms");

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

internal sealed class SpecText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

internal sealed class Options(string specPath) : AnalyzerConfigOptionsProvider
{
    private static readonly Values None = new(ImmutableDictionary<string, string>.Empty);
    private readonly Values _spec = new(ImmutableDictionary<string, string>.Empty.Add("build_metadata.AdditionalFiles.BunqSpec", "true"));

    public override AnalyzerConfigOptions GlobalOptions => None;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path == specPath ? _spec : None;

    private sealed class Values(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
