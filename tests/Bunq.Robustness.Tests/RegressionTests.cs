using System.Text;
using Bunq.Robustness.Tests.Support;
using Xunit.Abstractions;

namespace Bunq.Robustness.Tests;

/// <summary>Every input that ever broke the pipeline (corpus findings reduced by hand, failed mutants) is replayed here.</summary>
public sealed class RegressionTests(ITestOutputHelper output)
{
    /// <summary>Stands for a lone high surrogate in a regression file.</summary>
    public const string LoneSurrogateMarker = "@@LONE_SURROGATE@@";

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Robust.RegressionsFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(file!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Replays_without_crashing(string file)
    {
        // Bytes, not text: some regressions are invalid UTF-8 on purpose; decoded as a host decodes them.
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(Robust.RegressionsFolder, file)));
        // A lone surrogate cannot be stored as UTF-8, only in a string (an editor's buffer reaches the generator as one).
        text = text.Replace(LoneSurrogateMarker, "\uD800", StringComparison.Ordinal);
        var outcome = Pipeline.Run(file, text);
        output.WriteLine($"{file}: generated={outcome.Generated}, errors={string.Join(",", outcome.ErrorIds)}, warnings={string.Join(",", outcome.WarningIds)}, {Robust.Format(outcome.Elapsed)}");
        Assert.Null(Check(outcome));
    }

    /// <summary>What every outcome must satisfy beyond "did not throw"; null when it does.</summary>
    internal static string? Check(PipelineOutcome outcome)
    {
        // BUNQ0017 is the catch-all around our own code: an exception was caught, so it still counts as a crash.
        if (outcome.ErrorIds.Contains("BUNQ0017")) return "internal error (BUNQ0017)";
        if (!outcome.Generated && outcome.ErrorIds.Count == 0) return "neither code nor an error diagnostic";
        if (outcome.Generated != (outcome.DriverSources > 0)) return $"direct stages generated={outcome.Generated}, the generator added {outcome.DriverSources} files";
        if (!outcome.Generated && !outcome.ErrorIds.All(outcome.DriverErrorIds.Contains)) return "the generator did not report " + string.Join(",", outcome.ErrorIds);
        return null;
    }

    /// <summary>Writes a failing input into the source tree's Regressions folder (when the tree is there) so it is never lost.</summary>
    internal static void Keep(string name, string text)
    {
        if (!Directory.Exists(Robust.RegressionsSourceFolder)) return;
        var bytes = Encoding.UTF8.GetBytes(text.Replace("\uD800", LoneSurrogateMarker, StringComparison.Ordinal));
        // A regression file must stay small; a big one is reported by its seed instead (the mutator reproduces it).
        if (bytes.Length > 512 * 1024) return;
        File.WriteAllBytes(Path.Combine(Robust.RegressionsSourceFolder, name), bytes);
    }
}
