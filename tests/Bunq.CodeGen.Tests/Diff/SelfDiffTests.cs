using System.Text.Json.Nodes;
using Bunq.CodeGen.Diff;
using Bunq.CodeGen.Tests.TestSupport;

namespace Bunq.CodeGen.Tests.Diff;

public sealed class SelfDiffTests
{
    [Fact]
    public void Identical_specs_have_no_findings()
    {
        var side = DiffSpecs.Side(DiffSpecs.RepoSpec);
        Assert.Empty(SpecDiff.Compare(side, side));
        // And two separate loads of the same file agree too (nothing depends on object identity).
        Assert.Empty(SpecDiff.Compare(side, DiffSide.Load(DiffSpecs.RepoSpec, File.ReadAllText(DiffSpecs.RepoSpec))));
    }

    [Fact]
    public void Reordered_paths_methods_schemas_and_properties_are_no_change()
    {
        var root = JsonNode.Parse(File.ReadAllText(DiffSpecs.RepoSpec))!.AsObject();
        Reverse(root["paths"]!.AsObject(), reverseChildren: true);
        var schemas = root["components"]!["schemas"]!.AsObject();
        Reverse(schemas, reverseChildren: false);
        foreach (var (_, schema) in schemas)
        {
            if (schema is JsonObject o && o["properties"] is JsonObject properties) Reverse(properties, reverseChildren: false);
        }
        var temp = Path.Combine(Path.GetTempPath(), $"bunq-reordered-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(temp, root.ToJsonString());
            var reordered = DiffSide.Load(temp, File.ReadAllText(temp));
            Assert.False(reordered.Model.HasErrors);
            // Make sure the rewrite really reordered something, or this test would prove nothing.
            Assert.NotEqual(
                DiffSpecs.Side(DiffSpecs.RepoSpec).Model.Types.First(t => t.Name == "Payment").Properties.Select(p => p.JsonName),
                reordered.Model.Types.First(t => t.Name == "Payment").Properties.Select(p => p.JsonName));
            var findings = SpecDiff.Compare(DiffSpecs.Side(DiffSpecs.RepoSpec), reordered);
            Assert.True(findings.Count == 0, string.Join("\n", findings.Take(10).Select(f => $"{f.Rule} {f.Subject}: {f.Message}")));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static void Reverse(JsonObject obj, bool reverseChildren)
    {
        var pairs = obj.ToList();
        obj.Clear();
        for (var i = pairs.Count - 1; i >= 0; i--)
        {
            var value = pairs[i].Value;
            if (reverseChildren && value is JsonObject child) Reverse(child, reverseChildren: false);
            obj.Add(pairs[i].Key, value);
        }
    }

    [SharedSpecsFact]
    public void Findings_come_out_in_the_same_order_every_time()
    {
        var oldSide = DiffSpecs.Side(DiffSpecs.Npm(DiffSpecs.NpmOld));
        var newSide = DiffSpecs.Side(DiffSpecs.Npm(DiffSpecs.NpmNew));
        Assert.Equal(SpecDiff.Compare(oldSide, newSide), SpecDiff.Compare(oldSide, newSide));
        var levels = SpecDiff.Compare(oldSide, newSide).Select(f => (int)f.Level).ToList();
        Assert.Equal(levels.OrderByDescending(l => l), levels);
    }
}
