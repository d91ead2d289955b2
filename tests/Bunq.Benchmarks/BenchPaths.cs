namespace Bunq.Benchmarks;

/// <summary>Where the benchmarks find their inputs: the repo's spec and bunq's 2025 spec in <c>../shared</c>.</summary>
internal static class BenchPaths
{
    /// <summary>The 2025 spec, relative to the folder that holds the repo.</summary>
    public const string SharedSpecRelative = "shared/specs/bunq-doc/2025-04-17_1d5e1e0.json";

    /// <summary>The repo root: the first folder upwards (from the working directory, then the binary) with Bunq.CodeGen.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string RepoSpec => Path.Combine(RepoRoot, "specs", "bunq.com.json");

    /// <summary>The 2025 spec (BUNQ_BENCH_SPEC overrides), or null when it is absent.</summary>
    public static string? SharedSpec
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("BUNQ_BENCH_SPEC");
            if (!string.IsNullOrEmpty(overridden)) return File.Exists(overridden) ? Path.GetFullPath(overridden) : null;
            var parent = Directory.GetParent(RepoRoot)?.FullName;
            if (parent is null) return null;
            var candidate = Path.Combine(parent, SharedSpecRelative);
            return File.Exists(candidate) ? candidate : null;
        }
    }

    /// <summary>The 2025 spec, or an exception that says where it was looked for.</summary>
    public static string RequireSharedSpec()
        => SharedSpec ?? throw new FileNotFoundException(
            $"bunq's 2025 spec is absent: expected ../{SharedSpecRelative} beside the repo ({RepoRoot}) or BUNQ_BENCH_SPEC.");

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Bunq.CodeGen.sln"))) return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Bunq.CodeGen.sln not found above the working directory or the benchmark binary.");
    }
}
