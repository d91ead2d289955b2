namespace Bunq.CodeGen.Tests.Emit;

/// <summary>
/// Approved-file snapshots: <c>Snapshots/{name}.approved.cs</c> is the reviewed output. On a mismatch
/// (or when no approved file exists yet) the actual text goes to <c>{name}.received.cs</c> next to it
/// and the test fails; review the difference and rename received → approved to accept it.
/// </summary>
internal static class Snapshot
{
    // Found from the repository root, not [CallerFilePath]: CI builds map source paths to /_/ (deterministic builds).
    private static readonly string SnapshotFolder = Path.Combine(Load.SpecFiles.RepoRoot, "tests", "Bunq.CodeGen.Tests", "Snapshots");

    public static void Verify(string name, string actual)
    {
        var directory = SnapshotFolder;
        Directory.CreateDirectory(directory);
        var approvedPath = Path.Combine(directory, name + ".approved.cs");
        var receivedPath = Path.Combine(directory, name + ".received.cs");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n") : null;
        if (approved == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        if (approved is null)
        {
            Assert.Fail($"No approved snapshot {approvedPath}. Wrote {receivedPath}; review it and rename it to .approved.cs.");
        }
        Assert.Fail($"Snapshot {name} differs from the approved file. Compare with: diff {approvedPath} {receivedPath}\n{FirstDifference(approved, actual)}");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end of file>";
            var right = i < a.Length ? a[i] : "<end of file>";
            if (left != right) return $"First difference at line {i + 1}:\n- {left}\n+ {right}";
        }
        return "";
    }
}
