using System.Globalization;
using System.Text;

namespace Bunq.Benchmarks.Report;

/// <summary>One row of the table: what was measured, the figure, what it is compared with, the target and the verdict.</summary>
public sealed record ReportRow(string Area, string Measurement, string Result, string Allocated, string ComparedWith, string Ratio, string Target, string Verdict);

/// <summary>Turns a run's figures into the one table that bench.sh prints and docs/performance.md shows.</summary>
public sealed class ReportTable
{
    private const string Met = "met";
    private const string NotMeasured = "not measured";

    /// <summary>issue 17: whole-process generate at most this share of NSwag's time in the same alternating run.</summary>
    public const double TargetVsNSwag = 0.15;

    private readonly Results _r;
    private readonly List<ReportRow> _rows = new();
    private readonly List<string> _notes = new();

    private ReportTable(Results results) => _r = results;

    public IReadOnlyList<ReportRow> Rows => _rows;

    public static ReportTable Build(Results results)
    {
        var table = new ReportTable(results);
        table.Generator();
        table.ConsumerBuilds();
        table.Runtime();
        return table;
    }

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        foreach (var (key, label) in new[]
                 {
                     ("machine.date", "date"), ("machine.cpu", "CPU"), ("machine.nproc", "cores"), ("machine.memory", "memory"),
                     ("machine.load_before", "load before"), ("machine.load_after", "load after"), ("machine.dotnet", ".NET SDK"), ("mode", "mode"),
                 })
        {
            if (_r.Text(key) is { } value) sb.Append("- ").Append(label).Append(": ").Append(value).AppendLine();
        }
        if (sb.Length > 0) sb.AppendLine();
        var header = new ReportRow("Area", "Measurement", "Result", "Allocated", "Compared with", "Ratio", "Target", "Verdict");
        var all = new[] { header }.Concat(_rows).ToList();
        var widths = Enumerable.Range(0, 8).Select(i => all.Max(row => Cells(row)[i].Length)).ToArray();
        for (var n = 0; n < all.Count; n++)
        {
            var cells = Cells(all[n]);
            sb.Append('|');
            for (var i = 0; i < cells.Length; i++) sb.Append(' ').Append(cells[i].PadRight(widths[i])).Append(" |");
            sb.AppendLine();
            if (n == 0)
            {
                sb.Append('|');
                foreach (var w in widths) sb.Append(new string('-', w + 2)).Append('|');
                sb.AppendLine();
            }
        }
        foreach (var note in _notes) sb.AppendLine().Append("- ").Append(note);
        if (_notes.Count > 0) sb.AppendLine();
        return sb.ToString();
    }

    private static string[] Cells(ReportRow row)
        => new[] { row.Area, row.Measurement, row.Result, row.Allocated, row.ComparedWith, row.Ratio, row.Target, row.Verdict };

    private void Add(string area, string measurement, string result, string allocated = "", string comparedWith = "", string ratio = "", string target = "", string verdict = "")
        => _rows.Add(new ReportRow(area, measurement, result, allocated, comparedWith, ratio, target, verdict));

    // ---------------------------------------------------------------- generator

    private void Generator()
    {
        const string Area = "generator";
        // Every whole-process figure is set against NSwag's in the same alternating run (build/bench.sh), so a busy or
        // quiet machine moves both sides alike; CPU time (user + system) is given beside wall time.
        var nswag = _r.Number("process.nswag.median_ms");
        var nswagCpu = _r.Number("process.nswag.cpu_median_ms");
        var package = _r.Text("process.ours.package") is { } id ? id : "?";
        var build = _r.Text("process.ours.build") ?? "?";
        foreach (var (key, label, target) in new[]
                 {
                     ("ours", $"bunq-codegen generate, whole process, 2025 spec: installed package ({package}, {build})", (double?)TargetVsNSwag),
                     ("portable", "bunq-codegen generate, whole process: the portable package (bunq-codegen.any, JIT)", null),
                     ("r2r", "bunq-codegen generate, whole process: the ReadyToRun bunq-codegen.linux-x64 that Native AOT replaced", null),
                     ("kiota", "Kiota generate, whole process", null),
                     ("nswag", "NSwag openapi2csclient, whole process", null),
                 })
        {
            var wall = _r.Number($"process.{key}.median_ms");
            var cpu = _r.Number($"process.{key}.cpu_median_ms");
            var result = wall is { } w ? $"{Ms(w)} (median of {_r.Text($"process.{key}.runs") ?? "?"}; CPU {(cpu is { } c ? Ms(c) : "?")})" : Skipped($"process.{key}");
            if (key == "nswag")
            {
                Add(Area, label, result);
                continue;
            }
            var ratio = wall is { } mine && nswag is { } theirs ? mine / theirs : (double?)null;
            var ratioText = ratio is { } r ? $"{r:0.00}x NSwag's time" + (cpu is { } c2 && nswagCpu is { } nc ? $" (CPU {c2 / nc:0.00}x)" : "") : "";
            var verdict = target is not { } t ? "" : ratio is { } r2 ? Verdict(r2 <= t, $"by {r2 / t:0.0}x") : NotMeasured;
            Add(Area, label, result, "", ratio is null ? "" : "NSwag, same run", ratioText, target is { } t2 ? $"<= {t2:0.00}x NSwag's time" : "", verdict);
        }
        var sizes = new[] { ("linux-x64", $"linux-x64 ({(_r.Number("package.bunq-codegen.linux-x64.readytorun.bytes") is null ? "ReadyToRun" : "Native AOT")})"), ("linux-x64.readytorun", "linux-x64 ReadyToRun (replaced)"), ("linux-arm64", "linux-arm64 (ReadyToRun)"), ("osx-arm64", "osx-arm64 (ReadyToRun)"), ("any", "any (portable)"), ("pointer", "bunq-codegen (pointer)") }
            .Where(k => _r.Number($"package.bunq-codegen.{k.Item1}.bytes") is not null)
            .Select(k => $"{k.Item2} {Bytes(_r.Number($"package.bunq-codegen.{k.Item1}.bytes")!.Value)}")
            .ToList();
        Add(Area, "bunq-codegen tool packages (.nupkg)", sizes.Count > 0 ? string.Join(", ", sizes) : "not packed");
        if (_r.Text("process.aot.warnings") is { } aotWarnings)
        {
            Add(Area, "Native AOT build: trim/AOT warnings", $"{aotWarnings} distinct (bench.log lists them; build/pack.sh fails on any but the one explained in the tool's csproj)");
        }
        var identical = _r.Text("process.ours.identical");
        Add(Area, "bunq-codegen output byte-identical across runs", identical is null ? Skipped("process.ours") : identical + (_r.Text("process.ours.digest") is { } d ? $" (sha256 {d[..Math.Min(12, d.Length)]}…, {_r.Text("process.ours.files")} files)" : ""),
            "", "", "", "identical on every run", identical is null ? NotMeasured : Verdict(identical.StartsWith("yes", StringComparison.Ordinal), "outputs differ"));
        if (_r.Text("process.ours.digest") is { } installed && _r.Text("process.portable.digest") is { } portable)
        {
            Add(Area, "installed and portable package write the same files", installed == portable ? "yes" : "no", "", "", "", "the same bytes", Verdict(installed == portable, "outputs differ"));
        }
        if (_r.Text("process.ours.digest") is { } ours && _r.Text("process.r2r.digest") is { } r2r)
        {
            Add(Area, "installed package and the ReadyToRun package write the same files", ours == r2r ? "yes" : "no", "", "", "", "the same bytes", Verdict(ours == r2r, "outputs differ"));
        }

        var generatorInBuild = _r.Number("build.sourcegen_cold.median_s");
        Add(Area, "source generator in a real dotnet build: fresh compiler process, JIT included (ReportAnalyzer), 2025 spec",
            generatorInBuild is { } g ? $"{g:0.00} s (median of {_r.Text("build.sourcegen_cold.runs") ?? "?"})" : Skipped("build.sourcegen_cold"),
            "", generatorInBuild is not null && nswag is not null ? "NSwag, same run" : "",
            generatorInBuild is { } g2 && nswag is { } n2 ? $"{g2 * 1000 / n2:0.00}x NSwag's time" : "",
            "<= 1 s", generatorInBuild is { } g3 ? Verdict(g3 <= 1.0, $"by {g3:0.00}x") : NotMeasured);

        if (_r.Text("bdn.skipped.GeneratorBenchmarks") is { } skipped)
        {
            Add(Area, "in-process generation (load, model, emit)", "skipped: " + skipped, "", "", "", "", NotMeasured);
        }
        else
        {
            foreach (var (method, label) in new[] { ("Load", "in-process, warm: load"), ("Model", "in-process, warm: model"), ("Emit", "in-process, warm: emit"), ("All", "in-process, warm: load + model + emit") })
            {
                var key = "bdn.GeneratorBenchmarks." + method;
                Add(Area, label, Time(key), Alloc(key));
            }
        }
        if (_r.Text("bdn.skipped.IncrementalBenchmarks") is { } skippedNoOp)
        {
            Add(Area, "source generator no-op run after an unrelated edit", "skipped: " + skippedNoOp, "", "", "", "< 1 ms", NotMeasured);
        }
        else
        {
            var cold = "bdn.IncrementalBenchmarks.ColdRun";
            Add(Area, "source generator cold run, new driver: load + model + emit (2025 spec)", Time(cold), Alloc(cold));
            var key = "bdn.IncrementalBenchmarks.NoOpRun";
            var mean = _r.Number(key + ".mean_ns");
            Add(Area, "source generator no-op run after an unrelated edit (2025 spec)", Time(key), Alloc(key), "", "", "< 1 ms",
                mean is { } m ? Verdict(m < 1_000_000, $"by {m / 1_000_000:0.0}x") : NotMeasured);
        }
    }

    // ---------------------------------------------------------------- consumer builds

    private void ConsumerBuilds()
    {
        const string Area = "consumer build";
        var nswag = _r.Number("build.nswag.median_s");
        foreach (var (key, label) in new[]
                 {
                     ("ours", "clean build, our generated files + Bunq.Runtime"),
                     ("sourcegen", "clean build, our source generator + Bunq.Runtime"),
                     ("nswag", "clean build, NSwag client + Newtonsoft.Json"),
                     ("kiota", "clean build, Kiota client + Microsoft.Kiota.* packages"),
                 })
        {
            var value = _r.Number($"build.{key}.median_s");
            var size = _r.Text($"build.{key}.size") is { } s ? "; " + s : "";
            var result = value is { } v ? $"{v:0.0} s (median of {_r.Text($"build.{key}.runs") ?? "?"}{size})" : Skipped($"build.{key}");
            if (key is "ours" or "sourcegen")
            {
                if (value is { } mine && nswag is { } theirs)
                {
                    var ratio = mine / theirs;
                    Add(Area, label, result, "", "NSwag consumer", $"{ratio:0.00}x NSwag's time", "no slower than NSwag", Verdict(ratio <= 1.0, $"by {ratio:0.00}x"));
                }
                else
                {
                    Add(Area, label, result, "", "NSwag consumer", "", "no slower than NSwag", NotMeasured);
                }
            }
            else
            {
                Add(Area, label, result);
            }
        }
    }

    // ---------------------------------------------------------------- runtime

    private void Runtime()
    {
        const string Area = "runtime";
        var ours = "bdn.PaymentPageBenchmarks.Ours";
        var stj = "bdn.PaymentPageBenchmarks.SystemTextJsonSourceGenerated";
        var newtonsoft = "bdn.PaymentPageBenchmarks.NewtonsoftJson";
        var tOurs = _r.Number(ours + ".mean_ns");
        var tStj = _r.Number(stj + ".mean_ns");
        var aOurs = _r.Number(ours + ".alloc_b");
        var aStj = _r.Number(stj + ".alloc_b");
        if (tOurs is { } to && tStj is { } ts && aOurs is { } ao && aStj is { } @as)
        {
            var timeRatio = to / ts;
            var allocRatio = ao / @as;
            var missed = new List<string>();
            if (timeRatio > 1.2) missed.Add($"time {timeRatio:0.00}x");
            if (allocRatio > 1.2) missed.Add($"allocations {allocRatio:0.00}x");
            Add(Area, "200 payments: bunq envelope -> generated models", Time(ours), Alloc(ours), "STJ source-generated, bare array",
                $"{timeRatio:0.00}x time, {allocRatio:0.00}x alloc", "<= 1.2x time and allocations", missed.Count == 0 ? Met : "missed: " + string.Join(", ", missed));
        }
        else
        {
            Add(Area, "200 payments: bunq envelope -> generated models", Time(ours), Alloc(ours), "STJ source-generated, bare array", "", "<= 1.2x time and allocations", NotMeasured);
        }
        Add(Area, "200 payments: bare array -> STJ source-generated POCOs (limit)", Time(stj), Alloc(stj));
        Add(Area, "200 payments: bare array -> Newtonsoft.Json POCOs", Time(newtonsoft), Alloc(newtonsoft), "ours", Ratio(newtonsoft, ours, "ours {0:0.0}x faster"));

        var accounts = "bdn.AccountPageBenchmarks.Ours";
        Add(Area, "25 monetary accounts, mixed union page", Time(accounts), Alloc(accounts));
        var write = "bdn.WriteBenchmarks.Ours";
        var writeStj = "bdn.WriteBenchmarks.SystemTextJsonSourceGenerated";
        Add(Area, "payment request: BunqJson.Serialize", Time(write), Alloc(write), "STJ source-generated POCO", Ratio(write, writeStj, "{0:0.00}x time"));

        var bare = "bdn.RequestBenchmarks.BareHttpClient";
        Add(Area, "request: bare HttpClient GET on the no-op handler", Time(bare), Alloc(bare));
        foreach (var (method, label, targeted) in new[]
                 {
                     ("HeadersAndEnvelope", "request overhead: headers + request id + envelope (no signature check, no limiter)", true),
                     ("VerifyOnly", "request overhead: + server-signature check (no limiter)", false),
                     ("Defaults", "request overhead: defaults (server-signature check + rate limiter)", false),
                     ("SignedPost", "request overhead: POST with body signature (defaults)", false),
                 })
        {
            var key = "bdn.RequestBenchmarks." + method;
            var t = _r.Number(key + ".mean_ns");
            var a = _r.Number(key + ".alloc_b");
            var tb = _r.Number(bare + ".mean_ns");
            var ab = _r.Number(bare + ".alloc_b");
            if (t is { } tv && a is { } av && tb is { } tbv && ab is { } abv)
            {
                var dt = tv - tbv;
                var da = av - abv;
                var result = $"{Signed(dt, Ns)} ({Ns(tv)} in all)";
                var alloc = $"{Signed(da, Bytes)} ({Bytes(av)})";
                if (targeted)
                {
                    var missed = new List<string>();
                    if (dt >= 20_000) missed.Add($"time {dt / 20_000:0.0}x");
                    if (da >= 4096) missed.Add($"allocations {da / 4096:0.0}x");
                    Add(Area, label, result, alloc, "bare HttpClient", "", "< 20 us and < 4 KB per request", missed.Count == 0 ? Met : "missed: " + string.Join(", ", missed));
                }
                else
                {
                    Add(Area, label, result, alloc, "bare HttpClient", "", "(RSA accounted separately)");
                }
            }
            else
            {
                Add(Area, label, Time(key), Alloc(key), "bare HttpClient", "", targeted ? "< 20 us and < 4 KB per request" : "", targeted ? NotMeasured : "");
            }
        }

        var opensslSign = _r.Number("openssl.sign_s");
        var opensslVerify = _r.Number("openssl.verify_s");
        foreach (var (method, label, isSign) in new[]
                 {
                     ("BclSign", "RSA-2048 sign: BunqSigner (BCL)", true), ("BouncySign", "RSA-2048 sign: BouncyCastle", true),
                     ("BclVerify", "RSA-2048 verify: BunqSigner (BCL)", false), ("BouncyVerify", "RSA-2048 verify: BouncyCastle", false),
                 })
        {
            var key = "bdn.SigningBenchmarks." + method;
            var reference = isSign ? opensslSign : opensslVerify;
            var ratio = _r.Number(key + ".mean_ns") is { } t && reference is { } o ? $"{t / (o * 1e9):0.00}x openssl" : "";
            Add(Area, label, Time(key), Alloc(key), "openssl speed rsa2048", ratio);
        }
        Add(Area, "RSA-2048 sign / verify: openssl speed -seconds 3 rsa2048",
            opensslSign is { } s && opensslVerify is { } v ? $"{Ns(s * 1e9)} / {Ns(v * 1e9)}" : Skipped("openssl"));

        foreach (var items in new[] { 10_000, 100_000 })
        {
            var key = $"bdn.PagingBenchmarks.FollowAll(Items={items})";
            var t = _r.Number(key + ".mean_ns");
            var a = _r.Number(key + ".alloc_b");
            Add(Area, $"paging: follow {items:N0} payments (ListAllAsync)", t is { } tv ? $"{Ns(tv)} ({Ns(tv / items)} per item)" : Time(key),
                a is { } av ? $"{Bytes(av / items)} per item" : Alloc(key));
        }
        var peak10 = _r.Number("heap.10000.peak_live_b");
        var peak100 = _r.Number("heap.100000.peak_live_b");
        var per10 = _r.Number("heap.10000.alloc_per_item_b");
        var per100 = _r.Number("heap.100000.alloc_per_item_b");
        if (peak10 is { } p10 && peak100 is { } p100 && per10 is { } a10 && per100 is { } a100)
        {
            var grows = p100 > p10 * 1.25 + 262_144;
            Add(Area, "paging memory: peak live GC heap, 10k vs 100k payments",
                $"{Bytes(p10)} vs {Bytes(p100)} (heap size at end {Bytes(_r.Number("heap.10000.heap_size_end_b") ?? 0)} vs {Bytes(_r.Number("heap.100000.heap_size_end_b") ?? 0)})",
                $"{Bytes(a10)} vs {Bytes(a100)} per item", "10k payments", $"{p100 / p10:0.00}x heap", "does not grow with the count", Verdict(!grows, $"heap grows {p100 / p10:0.0}x"));
        }
        else
        {
            Add(Area, "paging memory: peak live GC heap, 10k vs 100k payments", Skipped("heap"), "", "", "", "does not grow with the count", NotMeasured);
        }

        if (_r.Text("mode") is { } mode && mode.StartsWith("quick", StringComparison.Ordinal))
        {
            _notes.Add("--quick: one iteration per benchmark and one run per process; the figures only show that everything runs.");
        }
        foreach (var failed in _r.Keys.Where(k => k.StartsWith("bdn.failed.", StringComparison.Ordinal) || k.EndsWith(".failed", StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal))
        {
            _notes.Add($"{failed}: {_r.Text(failed)}");
        }
    }

    // ---------------------------------------------------------------- formatting

    private string Skipped(string prefix) => _r.Text(prefix + ".skipped") is { } reason ? "skipped: " + reason : "not run";

    private static string Verdict(bool met, string byHowMuch) => met ? Met : "missed " + byHowMuch;

    private string Time(string key)
        => _r.Number(key + ".mean_ns") is { } mean
            ? Ns(mean) + (_r.Number(key + ".stderr_ns") is { } se && _r.Number(key + ".n") is > 1 ? $" ± {Ns(se)}" : "")
            : _r.Text(key + ".failed") is { } failed ? "failed: " + failed : "not run";

    private string Alloc(string key) => _r.Number(key + ".alloc_b") is { } bytes ? Bytes(bytes) : "";

    private string Ratio(string key, string baseline, string format)
        => _r.Number(key + ".mean_ns") is { } a && _r.Number(baseline + ".mean_ns") is { } b && b > 0
            ? string.Format(CultureInfo.InvariantCulture, format, a / b)
            : "";

    internal static string Ns(double ns)
    {
        var abs = Math.Abs(ns);
        return abs switch
        {
            >= 1e9 => (ns / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " s",
            >= 1e6 => (ns / 1e6).ToString(abs >= 1e8 ? "0" : "0.0", CultureInfo.InvariantCulture) + " ms",
            >= 1e3 => (ns / 1e3).ToString(abs >= 1e5 ? "0" : "0.0", CultureInfo.InvariantCulture) + " us",
            _ => ns.ToString("0", CultureInfo.InvariantCulture) + " ns",
        };
    }

    private static string Signed(double value, Func<double, string> format) => (value >= 0 ? "+" : "") + format(value);

    private static string Ms(double ms) => Ns(ms * 1e6);

    internal static string Bytes(double bytes)
    {
        var abs = Math.Abs(bytes);
        return abs switch
        {
            >= 1 << 30 => (bytes / (1 << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GB",
            >= 1 << 20 => (bytes / (1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
            >= 1 << 10 => (bytes / (1 << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
            _ => bytes.ToString("0", CultureInfo.InvariantCulture) + " B",
        };
    }
}
