using System.Collections.Concurrent;
using System.Text.Json;
using Bunq.CodeGen.Diff;

namespace Bunq.CodeGen.Tests.Diff;

/// <summary>
/// The spec files the diff tests read: the repo's own spec, and the read-only folder <c>shared</c> beside the repository
/// root (npm pair and 26 bunq-doc versions), found by walking up from the test's base directory. Tests that need the
/// shared folder fail with a message naming it when it is absent; they never skip silently.
/// </summary>
internal static class DiffSpecs
{
    public const string NpmOld = "bunq.com-1.3.0.json";
    public const string NpmNew = "bunq.com-1.3.17.json";

    private static readonly ConcurrentDictionary<string, Lazy<DiffSide>> Sides = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Lazy<JsonDocument>> Documents = new(StringComparer.Ordinal);

    public static string RepoRoot { get; } = FindUp(dir => File.Exists(Path.Combine(dir, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir, "specs")))
        ?? throw new InvalidOperationException($"No repository root (Directory.Build.props + specs/) above '{AppContext.BaseDirectory}'.");

    public static string RepoSpec => Path.Combine(RepoRoot, "specs", "bunq.com.json");

    /// <summary><c>shared/specs/npm</c>: bunq's spec as published to npm, versions 1.3.0 and 1.3.17.</summary>
    public static string Npm(string fileName) => Path.Combine(RequireShared("specs/npm"), fileName);

    /// <summary><c>shared/specs/bunq-doc</c>: 26 versions of swagger.json from github.com/bunq/doc, oldest first.</summary>
    public static IReadOnlyList<string> BunqDocVersions()
    {
        var folder = RequireShared("specs/bunq-doc");
        var files = Directory.GetFiles(folder, "*.json").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 26, $"Expected the 26 real bunq specs in '{folder}', found {files.Count}.");
        return files;
    }

    /// <summary>Loads and models a spec once per test run; many tests compare the same real files.</summary>
    public static DiffSide Side(string path) => Sides.GetOrAdd(path, p => new Lazy<DiffSide>(() =>
    {
        var side = DiffSide.Load(p, File.ReadAllText(p));
        Assert.False(side.Model.HasErrors, $"{p} has errors: " + string.Join("; ", side.Model.Diagnostics.Select(d => d.Message)));
        return side;
    })).Value;

    public static JsonDocument Document(string path) => Documents.GetOrAdd(path, p => new Lazy<JsonDocument>(() =>
        JsonDocument.Parse(File.ReadAllBytes(p), new JsonDocumentOptions { MaxDepth = 256 }))).Value;

    /// <summary>RFC 6901 walk, independent of the library's own source map.</summary>
    public static bool PointerExists(JsonDocument document, string pointer)
    {
        var current = document.RootElement;
        if (pointer.Length == 0) return true;
        if (pointer[0] != '/') return false;
        foreach (var raw in pointer.Substring(1).Split('/'))
        {
            var segment = raw.Replace("~1", "/").Replace("~0", "~");
            if (current.ValueKind == JsonValueKind.Object)
            {
                if (!current.TryGetProperty(segment, out current)) return false;
            }
            else if (current.ValueKind == JsonValueKind.Array)
            {
                if (!int.TryParse(segment, out var index) || index < 0 || index >= current.GetArrayLength()) return false;
                current = current[index];
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    private static string RequireShared(string relative)
    {
        var found = FindUp(dir => Directory.Exists(Path.Combine(dir, "shared", relative)));
        if (found is null)
        {
            Assert.Fail($"Missing folder 'shared/{relative}': these tests need the read-only real bunq specs in a folder 'shared' " +
                        $"beside the repository root (looked upwards from '{AppContext.BaseDirectory}').");
        }
        return Path.Combine(found!, "shared", relative);
    }

    private static string? FindUp(Func<string, bool> match)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (match(dir.FullName)) return dir.FullName;
        }
        return null;
    }
}
