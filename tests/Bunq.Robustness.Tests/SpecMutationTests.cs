using System.Diagnostics;
using Bunq.Robustness.Tests.Support;
using Xunit.Abstractions;

namespace Bunq.Robustness.Tests;

/// <summary>
/// Seeded damage to bunq's own spec: whatever the damage, Load → Model → Emit and the source generator give code or
/// diagnostics — never an exception, a hang or runaway memory. A mutant that fails is written to Regressions/ (and
/// replayed by <see cref="RegressionTests"/> from then on).
/// </summary>
public sealed class SpecMutationTests(ITestOutputHelper output)
{
    /// <summary>Bytes one mutant may allocate through all stages; the unmutated slice needs a small fraction of it.</summary>
    private const long MaxAllocatedPerMutant = 4L * 1024 * 1024 * 1024;

    [Fact]
    public void Mutants_of_a_slice_of_bunqs_spec_never_crash()
    {
        var slice = SpecMutator.Slice(SpecMutator.Parse(File.ReadAllText(Robust.RepoSpec)));
        var baseline = Pipeline.Run("slice.json", SpecMutator.Serialize(slice));
        Assert.True(baseline.Generated, "the unmutated slice must generate: " + string.Join(",", baseline.ErrorIds));
        output.WriteLine($"slice: {SpecMutator.Serialize(slice).Length / 1024} KB, {baseline.Files} files, {Robust.Format(baseline.Elapsed)}");

        var perKind = Robust.Full ? 60 : 8;
        var mutants = SpecMutator.Kinds.SelectMany(kind => Enumerable.Range(1, perKind).Select(seed => SpecMutator.Mutate(slice, kind, seed)))
            .Append(SpecMutator.YamlAliasBomb())
            .Append(SpecMutator.YamlAliasCycle());
        RunAll(mutants, "slice");
    }

    [Fact]
    public void Structural_mutants_of_the_whole_spec_never_crash()
    {
        // The whole spec is slow to build, so only the kinds whose effect grows with the document run on it.
        var spec = SpecMutator.Parse(File.ReadAllText(Robust.RepoSpec));
        var seeds = Robust.Full ? 6 : 1;
        var mutants = new[] { "cyclic-ref", "deep-nesting", "huge-string", "truncate", "duplicate-key" }
            .SelectMany(kind => Enumerable.Range(100, seeds).Select(seed => SpecMutator.Mutate(spec, kind, seed)));
        RunAll(mutants, "whole", keepFailures: false);
    }

    /// <summary>
    /// Reproduces one mutant by the name a failure printed: <c>BUNQ_MUTANT=whole/duplicate-key/101</c> (or
    /// <c>slice/…</c>); runs it with a longer watchdog and prints where its time went. Without the variable it replays
    /// a fixed mutant, so the replay path itself stays tested.
    /// </summary>
    [Fact]
    public void Replays_one_named_mutant()
    {
        var name = Environment.GetEnvironmentVariable("BUNQ_MUTANT") is { Length: > 0 } named ? named : "slice/duplicate-key/1";
        var parts = name.Split('/');
        var spec = SpecMutator.Parse(File.ReadAllText(Robust.RepoSpec));
        if (parts[0] == "slice") spec = SpecMutator.Slice(spec);
        var mutant = SpecMutator.Mutate(spec, parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        var outcome = Pipeline.Run(parts[0] + "-" + mutant.Name + mutant.Extension, mutant.Text, TimeSpan.FromMinutes(5));
        output.WriteLine($"{mutant.Name}: {mutant.Text.Length} chars, generated={outcome.Generated}, errors={string.Join(",", outcome.ErrorIds)}, {Robust.Format(outcome.Elapsed)}, {Robust.Megabytes(outcome.Allocated)}");
        Assert.Null(RegressionTests.Check(outcome));
    }

    private void RunAll(IEnumerable<Mutant> mutants, string label, bool keepFailures = true)
    {
        var failures = new List<string>();
        var count = 0;
        var generated = 0;
        var slowest = new List<(TimeSpan Elapsed, string Name)>();
        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = Stopwatch.StartNew();
        long maxAllocated = 0;
        foreach (var mutant in mutants)
        {
            count++;
            try
            {
                // The whole spec takes 3-8 s per mutant alone; on a shared 2-core machine under load one took over 30 s
                // (duplicate-key-101: 3 s when replayed alone), so its watchdog is wider. Still a hang catcher.
                var outcome = Pipeline.Run(label + "-" + mutant.Name + mutant.Extension, mutant.Text, label == "whole" ? TimeSpan.FromSeconds(120) : null);
                maxAllocated = Math.Max(maxAllocated, outcome.Allocated);
                slowest.Add((outcome.Elapsed, mutant.Name));
                if (outcome.Generated) generated++;
                foreach (var id in outcome.ErrorIds.Take(1)) errors[id] = errors.GetValueOrDefault(id) + 1;
                var problem = RegressionTests.Check(outcome);
                if (problem is null && outcome.Allocated > MaxAllocatedPerMutant) problem = $"allocated {Robust.Megabytes(outcome.Allocated)}";
                if (problem is not null) Fail(mutant, problem);
            }
            catch (Exception ex)
            {
                Fail(mutant, ex.GetType().Name + ": " + ex.Message);
            }
        }
        total.Stop();

        void Fail(Mutant mutant, string problem)
        {
            failures.Add($"{mutant.Name}: {problem}");
            if (keepFailures) RegressionTests.Keep(label + "-" + mutant.Name + mutant.Extension, mutant.Text);
        }

        output.WriteLine($"{label}: {count} mutants in {total.Elapsed.TotalSeconds:0.0} s; generated {generated}, diagnosed {count - generated - failures.Count}, failed {failures.Count}; most allocated {Robust.Megabytes(maxAllocated)}");
        output.WriteLine("first error: " + string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value}")));
        output.WriteLine("slowest: " + string.Join(", ", slowest.OrderByDescending(s => s.Elapsed).Take(5).Select(s => $"{s.Name} {Robust.Format(s.Elapsed)}")));
        foreach (var failure in failures) output.WriteLine("FAILED " + failure);
        Assert.Empty(failures);
    }
}
