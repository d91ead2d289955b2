using Bunq.CodeGen.SourceGenerator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bunq.CodeGen.Tests.SourceGenerator;

/// <summary>What the driver re-runs: nothing for an unrelated edit, only what changed for a spec edit.</summary>
public class IncrementalTests
{
    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(GeneratorHarness.RepoSpec()).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.NotEmpty(first.GeneratedSources);

        // The user types in one of their files: a new syntax tree, a new compilation.
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().WithChanges(
            new Microsoft.CodeAnalysis.Text.TextChange(new Microsoft.CodeAnalysis.Text.TextSpan(0, 0), "// a comment\n"))));
        driver = driver.RunGenerators(edited);
        var second = driver.GetRunResult().Results.Single();

        Assert.Equal(first.GeneratedSources.Length, second.GeneratedSources.Length);
        foreach (var name in BunqClientGenerator.Steps.All)
        {
            Assert.True(second.TrackedSteps.TryGetValue(name, out var runs), "step " + name + " was not tracked");
            foreach (var run in runs)
            {
                foreach (var (_, reason) in run.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"step {name} output was {reason} after an unrelated edit");
                }
            }
        }
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void A_description_edit_in_the_spec_reruns_the_model_and_modifies_only_the_files_whose_text_changed()
    {
        const string Before = "The altitude for a geolocation restriction.";
        const string After = "The altitude, in metres, for a geolocation restriction.";
        var spec = GeneratorHarness.RepoSpec();
        Assert.Equal(1, Count(spec.Text, Before));

        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(spec).RunGenerators(compilation);
        var before = Texts(driver);

        var editedSpec = spec.WithText(spec.Text.Replace(Before, After));
        driver = driver.ReplaceAdditionalText(spec, editedSpec).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        var after = Texts(driver);

        Assert.Equal(before.Keys.OrderBy(k => k), after.Keys.OrderBy(k => k));
        var changed = before.Keys.Where(k => before[k] != after[k]).OrderBy(k => k, StringComparer.Ordinal).ToList();
        Assert.Contains("Geolocation.g.cs", changed);
        Assert.True(changed.Count <= 3, "one description should touch few files: " + string.Join(", ", changed));

        Assert.Equal(IncrementalStepRunReason.Modified, Reasons(result, BunqClientGenerator.Steps.Model).Single());

        // Every emitting step: Modified exactly for the files whose text differs, Unchanged/Cached for the rest.
        var modified = new List<string>();
        foreach (var step in new[] { BunqClientGenerator.Steps.ClientFile, BunqClientGenerator.Steps.ResourceFiles, BunqClientGenerator.Steps.TypeFiles })
        {
            foreach (var run in result.TrackedSteps[step])
            {
                foreach (var (value, reason) in run.Outputs)
                {
                    var hint = ((EmitResult)value).File!.HintName;
                    if (reason == IncrementalStepRunReason.Modified) modified.Add(hint);
                    else Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, hint + " was " + reason);
                }
            }
        }
        Assert.Equal(changed, modified.OrderBy(k => k, StringComparer.Ordinal).ToList());

        // The per-type inputs upstream of emission: only the edited type's input is new; the others were not re-emitted.
        var typeInputs = result.TrackedSteps[BunqClientGenerator.Steps.Types].SelectMany(r => r.Outputs).ToList();
        Assert.True(typeInputs.Count(o => o.Reason == IncrementalStepRunReason.Modified) <= changed.Count);
        Assert.Contains(typeInputs, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Changing_an_msbuild_option_reemits_but_does_not_rebuild_the_model()
    {
        var compilation = GeneratorHarness.Compilation();
        var spec = GeneratorHarness.RepoSpec();
        var driver = GeneratorHarness.Driver(spec, GeneratorHarness.Properties(ns: "One")).RunGenerators(compilation);

        driver = driver.WithUpdatedAnalyzerConfigOptions(GeneratorHarness.OptionsFor(new[] { spec.Path }, GeneratorHarness.Properties(ns: "Two")))
            .RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.All(Reasons(result, BunqClientGenerator.Steps.Model), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(result.GeneratedSources, s => Assert.Contains("namespace Two", s.SourceText.ToString(), StringComparison.Ordinal));
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step)
        => result.TrackedSteps[step].SelectMany(r => r.Outputs).Select(o => o.Reason);

    private static Dictionary<string, string> Texts(GeneratorDriver driver)
        => driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
