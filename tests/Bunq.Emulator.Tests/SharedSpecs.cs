namespace Bunq.Emulator.Tests;

/// <summary>The repository's spec, and the real bunq specs in <c>../shared/specs/bunq-doc</c> beside the repository when that folder is there.</summary>
internal static class SharedSpecs
{
    public const string Relative = "shared/specs/bunq-doc";

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string RepoSpec => Path.Combine(RepoRoot, "specs", "bunq.com.json");

    /// <summary>The folder, or null when it is absent (a clone without <c>../shared</c>).</summary>
    public static string? Folder { get; } = FindShared();

    public static string MissingReason => $"Needs the real bunq specs in '{Relative}' beside the repository root; that folder is absent here.";

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && File.Exists(Path.Combine(dir.FullName, "specs", "bunq.com.json"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No repository root (Directory.Build.props beside specs/bunq.com.json) above {AppContext.BaseDirectory}.");
    }

    private static string? FindShared()
    {
        var besideRepo = Path.Combine(Path.GetDirectoryName(RepoRoot.TrimEnd(Path.DirectorySeparatorChar))!, Relative);
        return Directory.Exists(besideRepo) ? besideRepo : null;
    }
}

/// <summary>A test over <c>../shared/specs/bunq-doc</c>: skipped, naming the folder, when it is absent.</summary>
public sealed class SharedSpecsFactAttribute : FactAttribute
{
    public SharedSpecsFactAttribute()
    {
        if (SharedSpecs.Folder is null) Skip = SharedSpecs.MissingReason;
    }
}

/// <inheritdoc cref="SharedSpecsFactAttribute"/>
public sealed class SharedSpecsTheoryAttribute : TheoryAttribute
{
    public SharedSpecsTheoryAttribute()
    {
        if (SharedSpecs.Folder is null) Skip = SharedSpecs.MissingReason;
    }
}
