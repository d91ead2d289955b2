using Bunq.CodeGen.Diff;
using Bunq.CodeGen.Tests.TestSupport;

namespace Bunq.CodeGen.Tests.Diff;

/// <summary>
/// bunq's 2018-05 … 2018-11 specs name schemas <c>Payment_5be1d7cde4aa9</c>; the model knows them as <c>Payment</c> (the
/// table's <c>model.schemaNameSuffix</c>), and so does the diff's schema tier: a new build hash is no finding.
/// </summary>
public sealed class SchemaNameSuffixDiffTests
{
    private const string Hash = "_5be1d7cde4aa9";
    private const string OtherHash = "_5aec7a7717a55";

    private static string Schema(string name, params string[] fields) =>
        "\"" + name + "\":{\"type\":\"object\",\"properties\":{" + string.Join(",", fields.Select(f => "\"" + f + "\":{\"type\":\"string\"}")) + "}}";

    /// <summary>A spec whose only operation reads the first schema; the others no generated type reads.</summary>
    private static DiffSide Spec(string read, params string[] schemas)
    {
        var text = "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{\"/user/{userID}/note/{itemId}\":{\"get\":{\"operationId\":\"READ_Note_for_User\"," +
            "\"parameters\":[{\"name\":\"userID\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"integer\"}},{\"name\":\"itemId\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"integer\"}}]," +
            "\"responses\":{\"200\":{\"description\":\"ok\",\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/" + read + "\"}}}}}}}}," +
            "\"components\":{\"schemas\":{" + string.Join(",", schemas) + "}}}";
        var side = DiffSide.Load("inline.json", text);
        Assert.False(side.Model.HasErrors, string.Join("; ", side.Model.Diagnostics.Select(d => d.Message)));
        return side;
    }

    private static IReadOnlyList<DiffFinding> SchemaFindings(DiffSide before, DiffSide after) =>
        SpecDiff.Compare(before, after).Where(f => f.Rule.StartsWith("schema-", StringComparison.Ordinal)).ToList();

    private static string Describe(IEnumerable<DiffFinding> findings) => string.Join("\n", findings.Select(f => $"{f.Rule} {f.Subject}: {f.Message}"));

    [Fact]
    public void A_schema_renamed_only_by_its_build_hash_is_no_finding()
    {
        var before = Spec("Note" + Hash, Schema("Note" + Hash, "id", "text"), Schema("Tag" + Hash, "label"));
        var after = Spec("Note", Schema("Note", "id", "text"), Schema("Tag" + OtherHash, "label"));
        var findings = SpecDiff.Compare(before, after);
        Assert.True(findings.Count == 0, Describe(findings));
    }

    [Fact]
    public void A_schema_gone_under_every_name_is_still_reported_removed_with_its_name_in_the_file()
    {
        var before = Spec("Note" + Hash, Schema("Note" + Hash, "id", "text"), Schema("Tag" + Hash, "label"));
        var after = Spec("Note", Schema("Note", "id", "text"));
        var removed = Assert.Single(SchemaFindings(before, after));
        Assert.Equal(("schema-removed", DiffLevel.Info, "Tag"), (removed.Rule, removed.Level, removed.Subject));
        Assert.Contains("`Tag" + Hash + "`", removed.Message);
        Assert.Equal("/components/schemas/Tag" + Hash, removed.OldPointer);
    }

    [Fact]
    public void A_hashed_copy_with_other_fields_is_reported_as_the_fields_that_changed()
    {
        var before = Spec("Note" + Hash, Schema("Note" + Hash, "id", "text"), Schema("Tag" + Hash, "label", "colour"));
        var after = Spec("Note", Schema("Note", "id", "text"), Schema("Tag", "label", "created"));
        var findings = SchemaFindings(before, after);
        Assert.True(findings.Count == 2, Describe(findings));
        var gone = Assert.Single(findings, f => f.Rule == "schema-property-removed");
        Assert.Equal("Tag", gone.Subject);
        Assert.Contains("`colour`", gone.Message);
        Assert.Equal("/components/schemas/Tag" + Hash + "/properties/colour", gone.OldPointer);
        var added = Assert.Single(findings, f => f.Rule == "schema-property-added");
        Assert.Equal("/components/schemas/Tag/properties/created", added.NewPointer);
    }

    [Fact]
    public void A_field_that_moved_from_a_hashed_copy_to_a_sibling_schema_of_its_stem_is_no_finding()
    {
        // 2018: Tag is the request, Tag_<hash> the read shape; later specs call the read shape TagRead.
        var before = Spec("Note" + Hash, Schema("Note" + Hash, "id"), Schema("Tag", "label"), Schema("Tag" + Hash, "id", "label", "created"));
        var after = Spec("Note", Schema("Note", "id"), Schema("Tag", "label"), Schema("TagRead", "id", "label", "created"));
        var findings = SchemaFindings(before, after);
        var added = Assert.Single(findings);
        Assert.Equal(("schema-added", "TagRead"), (added.Rule, added.Subject));
    }

    [SharedSpecsFact]
    public void From_2018_11_to_2019_05_the_hashed_schemas_are_compared_by_the_models_names()
    {
        var versions = DiffSpecs.BunqDocVersions();
        var before = DiffSpecs.Side(versions.Single(v => Path.GetFileName(v).StartsWith("2018-11-06", StringComparison.Ordinal)));
        var after = DiffSpecs.Side(versions.Single(v => Path.GetFileName(v).StartsWith("2019-05-15", StringComparison.Ordinal)));
        var hashed = before.Outline!.Schemas.Keys.Count(k => SpecOutline.ModelName(k) != k);
        Assert.True(hashed > 250, $"the 2018-11 spec should name ~301 schemas with a build hash, found {hashed}");
        var removed = SpecDiff.Compare(before, after).Where(f => f.Rule == "schema-removed").ToList();
        Assert.DoesNotContain(removed, f => f.Subject == "MonetaryAccountBank" || f.Subject.Contains(Hash.Substring(0, 5), StringComparison.Ordinal));
        // What is left are names 2019 has under no spelling (it splits them into …Read, …Listing): real removals.
        Assert.NotEmpty(removed);
        Assert.True(removed.Count < hashed / 10, $"{removed.Count} schema-removed rows:\n" + Describe(removed.Take(20)));
    }

    [SharedSpecsFact]
    public void No_consecutive_pair_reports_a_schema_added_or_removed_that_both_files_have_under_the_models_name()
    {
        var versions = DiffSpecs.BunqDocVersions();
        var problems = new List<string>();
        for (var i = 0; i + 1 < versions.Count; i++)
        {
            var before = DiffSpecs.Side(versions[i]);
            var after = DiffSpecs.Side(versions[i + 1]);
            foreach (var f in SpecDiff.Compare(before, after))
            {
                var both = before.Outline!.SchemasNamed(f.Subject).Count > 0 && after.Outline!.SchemasNamed(f.Subject).Count > 0;
                if (f.Rule is "schema-added" or "schema-removed" && both) problems.Add($"{Path.GetFileName(versions[i])}: {f.Rule} {f.Subject}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }
}
