using System.Collections.Concurrent;
using System.Text.Json;
using Bunq.CodeGen.Diff;
using Bunq.CodeGen.Tests.Load;

namespace Bunq.CodeGen.Tests.Diff;

/// <summary>
/// The spec files the diff tests read: the repo's own spec, and the read-only folder <c>shared</c> beside the repository
/// root (npm pair and 26 bunq-doc versions), both found by <see cref="SpecFiles"/>. Tests that need the shared folder are
/// [SharedSpecsFact]s: skipped with a reason naming it when it is absent.
/// </summary>
internal static class DiffSpecs
{
    public const string NpmOld = "bunq.com-1.3.0.json";
    public const string NpmNew = "bunq.com-1.3.17.json";

    private static readonly ConcurrentDictionary<string, Lazy<DiffSide>> Sides = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Lazy<JsonDocument>> Documents = new(StringComparer.Ordinal);

    public static string RepoRoot => SpecFiles.RepoRoot;

    public static string RepoSpec => SpecFiles.RepoSpec;

    /// <summary><c>shared/specs/npm</c>: bunq's spec as published to npm, versions 1.3.0 and 1.3.17.</summary>
    public static string Npm(string fileName) => Path.Combine(SpecFiles.RequireShared("specs/npm"), fileName);

    /// <summary><c>shared/specs/bunq-doc</c>: 26 versions of swagger.json from github.com/bunq/doc, oldest first.</summary>
    public static IReadOnlyList<string> BunqDocVersions()
    {
        var folder = SpecFiles.RequireSharedSpecs();
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
}
