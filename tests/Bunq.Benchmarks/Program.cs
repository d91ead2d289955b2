using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BenchmarkDotNet.Validators;
using Bunq.Benchmarks.Generator;
using Bunq.Benchmarks.Report;
using Bunq.Benchmarks.Runtime;
using Perfolizer.Horology;

namespace Bunq.Benchmarks;

/// <summary>
/// Entry point used by build/bench.sh:
/// <list type="bullet">
/// <item><c>bdn --out FILE [--quick] [--only Name,Name]</c>: every BenchmarkDotNet class in-process; figures appended to FILE.</item>
/// <item><c>heap --out FILE</c>: allocated bytes per item and the GC heap while paging 10,000 and 100,000 payments.</item>
/// <item><c>report FILE [--markdown OUT]</c>: the one table, with every target met or missed.</item>
/// </list>
/// Without a command, BenchmarkDotNet's own switcher runs (e.g. <c>--filter *Paging*</c>).
/// </summary>
public static class Program
{
    private static readonly Type[] GeneratorClasses = { typeof(GeneratorBenchmarks), typeof(IncrementalBenchmarks) };

    private static readonly Type[] RuntimeClasses =
    {
        typeof(PaymentPageBenchmarks), typeof(AccountPageBenchmarks), typeof(WriteBenchmarks), typeof(RequestBenchmarks),
        typeof(SigningBenchmarks), typeof(PagingBenchmarks),
    };

    public static int Main(string[] args)
    {
        var command = args.Length > 0 ? args[0] : "";
        switch (command)
        {
            case "bdn":
                return RunBenchmarkDotNet(Option(args, "--out") ?? throw Usage(), args.Contains("--quick"), Option(args, "--only"));
            case "heap":
                return RunHeap(Option(args, "--out") ?? throw Usage());
            case "noop-steps":
                IncrementalBenchmarks.PrintSteps(Console.Out, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20);
                return 0;
            case "probe":
                PaymentPageBenchmarks.Probe(Console.Out, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300);
                return 0;
            case "report":
                if (args.Length < 2) throw Usage();
                var results = Results.Read(args[1]);
                var table = ReportTable.Build(results);
                Console.WriteLine(table.ToMarkdown());
                if (Option(args, "--markdown") is { } markdown) File.WriteAllText(markdown, table.ToMarkdown());
                return 0;
            default:
                BenchmarkSwitcher.FromTypes(GeneratorClasses.Concat(RuntimeClasses).ToArray()).Run(args, Config(quick: false));
                return 0;
        }
    }

    private static int RunBenchmarkDotNet(string output, bool quick, string? only)
    {
        var results = new Results();
        var classes = GeneratorClasses.Concat(RuntimeClasses)
            .Where(t => only is null || only.Split(',').Contains(t.Name, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (BenchPaths.SharedSpec is null)
        {
            foreach (var type in GeneratorClasses.Where(classes.Contains))
            {
                results.Add($"bdn.skipped.{type.Name}", $"bunq's 2025 spec is absent (../{BenchPaths.SharedSpecRelative})");
                classes.Remove(type);
            }
        }
        var failed = 0;
        foreach (var type in classes)
        {
            var summary = BenchmarkRunner.Run(type, Config(quick));
            foreach (var report in summary.Reports)
            {
                var key = "bdn." + Key(report.BenchmarkCase);
                if (report.ResultStatistics is not { } stats)
                {
                    results.Add(key + ".failed", "no result (see the BenchmarkDotNet log)");
                    failed++;
                    continue;
                }
                results.Add(key + ".mean_ns", stats.Mean);
                results.Add(key + ".median_ns", stats.Median);
                results.Add(key + ".stderr_ns", stats.StandardError);
                results.Add(key + ".n", stats.N);
                if (report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) is { } bytes) results.Add(key + ".alloc_b", bytes);
            }
            if (summary.HasCriticalValidationErrors || summary.Reports.Length == 0)
            {
                results.Add($"bdn.failed.{type.Name}", "validation failed or no benchmark ran (see the BenchmarkDotNet log)");
                failed++;
            }
        }
        results.AppendTo(output);
        return failed == 0 ? 0 : 1;
    }

    private static int RunHeap(string output)
    {
        var results = new Results();
        foreach (var items in new[] { 10_000, 100_000 })
        {
            var (perItem, peak, atEnd) = PagingBenchmarks.MeasureHeap(items);
            results.Add($"heap.{items}.alloc_per_item_b", perItem);
            results.Add($"heap.{items}.peak_live_b", peak);
            results.Add($"heap.{items}.heap_size_end_b", atEnd);
            Console.WriteLine($"paging {items,7:N0} payments: {perItem:N0} B allocated per item, peak live heap {peak / 1024.0:N0} KiB, GC heap size at the end {atEnd / 1024.0:N0} KiB");
        }
        results.AppendTo(output);
        return 0;
    }

    private static IConfig Config(bool quick)
    {
        var job = quick
            ? Job.Dry
            : Job.Default.WithWarmupCount(3).WithIterationCount(10).WithIterationTime(TimeInterval.FromMilliseconds(250));
        return ManualConfig.CreateEmpty()
            .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddValidator(JitOptimizationsValidator.DontFailOnError)
            .WithArtifactsPath(Path.Combine(BenchPaths.RepoRoot, "artifacts", "bench", "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.DisableLogFile);
    }

    private static string Key(BenchmarkDotNet.Running.BenchmarkCase benchmark)
    {
        var key = benchmark.Descriptor.Type.Name + "." + benchmark.Descriptor.WorkloadMethod.Name;
        if (benchmark.HasParameters)
        {
            key += "(" + string.Join(",", benchmark.Parameters.Items.Select(p => p.Name + "=" + Convert.ToString(p.Value, CultureInfo.InvariantCulture))) + ")";
        }
        return key;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static ArgumentException Usage() => new("usage: bdn --out FILE [--quick] [--only A,B] | heap --out FILE | report FILE [--markdown OUT]");
}
