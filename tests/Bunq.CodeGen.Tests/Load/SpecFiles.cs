using System.Runtime.CompilerServices;

namespace Bunq.CodeGen.Tests.Load;

/// <summary>Finds the repo's spec and the read-only folder of real bunq specs that sits beside the repo as <c>shared</c>.</summary>
internal static class SpecFiles
{
    public const string SharedSpecsRelative = "shared/specs/bunq-doc";

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string RepoSpec => Path.Combine(RepoRoot, "specs", "bunq.com.json");

    /// <summary>The 2025 spec: the one with an escaped emoji and a 73 KB description.</summary>
    public const string Spec2025 = "2025-04-17_1d5e1e0.json";

    /// <summary>
    /// <c>shared/specs/bunq-doc</c> beside the repo root (walking up from the test's base directory), or null when absent.
    /// </summary>
    public static string? SharedSpecsFolder { get; } = FindShared();

    /// <summary>Fails (never skips) with a message naming the folder that is missing.</summary>
    public static string RequireSharedSpecs()
    {
        if (SharedSpecsFolder is null)
        {
            Assert.Fail($"The real bunq specs are missing: expected a folder '{SharedSpecsRelative}' beside the repository root " +
                        $"(looked upwards from '{AppContext.BaseDirectory}'). These tests need that read-only folder.");
        }

        return SharedSpecsFolder!;
    }

    public static string RequireSharedSpec(string fileName) => Path.Combine(RequireSharedSpecs(), fileName);

    /// <summary>A folder under <c>shared</c> (<c>specs/npm</c>, …); fails with a message naming it when it is absent.</summary>
    public static string RequireShared(string relative)
    {
        // RequireSharedSpecs() is shared/specs/bunq-doc: two levels up is shared itself.
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(RequireSharedSpecs())!)!;
        var folder = Path.Combine(shared, relative);
        if (!Directory.Exists(folder))
        {
            Assert.Fail($"Missing folder 'shared/{relative}': these tests need the read-only real bunq specs in a folder 'shared' beside the repository root.");
        }

        return folder;
    }

    private static string FindRepoRoot([CallerFilePath] string thisFile = "")
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir.FullName, "specs")))
            {
                return dir.FullName;
            }
        }

        // Artifacts may live outside the repo; the source path is the fallback.
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
    }

    private static string? FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "specs", "bunq-doc");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        var besideRepo = Path.Combine(Path.GetDirectoryName(RepoRoot.TrimEnd(Path.DirectorySeparatorChar))!, SharedSpecsRelative);
        return Directory.Exists(besideRepo) ? besideRepo : null;
    }
}
