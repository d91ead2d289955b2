using Bunq.CodeGen.Diff;
using Bunq.CodeGen.Tests.TestSupport;

namespace Bunq.CodeGen.Tests.Diff;

/// <summary>Every consecutive pair of the 26 real bunq specs (2018–2025, Swagger 2.0 → OpenAPI 3.0 included).</summary>
public sealed class RealVersionsDiffTests
{
    [SharedSpecsFact]
    public void Enum_values_an_older_spec_listed_in_prose_are_reported_removed()
    {
        // 2022-01 lists PENDING, ACCEPTED, … for a share invite's status; the 2025 prose only ACTIVE, REVOKED, REJECTED.
        var versions = DiffSpecs.BunqDocVersions();
        var oldPath = versions.Single(v => Path.GetFileName(v) == "2022-01-11_5074358.json");
        var newPath = versions.Single(v => Path.GetFileName(v) == "2025-04-17_1d5e1e0.json");
        var findings = SpecDiff.Compare(DiffSpecs.Side(oldPath), DiffSpecs.Side(newPath));
        var pending = Assert.Single(findings, f => f.Rule == "enum-value-removed" && f.Member == "ShareInviteMonetaryAccountStatus.Pending");
        Assert.Equal(DiffLevel.Breaking, pending.Level);
        Assert.Contains("PENDING", pending.Message);
    }

    [SharedSpecsFact]
    public void Every_consecutive_pair_diffs_and_every_pointer_exists_in_the_spec_it_names()
    {
        var versions = DiffSpecs.BunqDocVersions();
        var problems = new List<string>();
        var total = 0;
        // Each spec is loaded and parsed once (DiffSpecs caches), then used as "new" and as "old".
        for (var i = 0; i + 1 < versions.Count; i++)
        {
            var oldPath = versions[i];
            var newPath = versions[i + 1];
            var findings = SpecDiff.Compare(DiffSpecs.Side(oldPath), DiffSpecs.Side(newPath));
            total += findings.Count;
            var pair = $"{Path.GetFileName(oldPath)} → {Path.GetFileName(newPath)}";
            Assert.True(findings.Count > 0, $"{pair}: two different real specs gave no findings");
            foreach (var f in findings)
            {
                if (f.OldPointer is not null && !DiffSpecs.PointerExists(DiffSpecs.Document(oldPath), f.OldPointer)) problems.Add($"{pair}: {f.Rule} {f.Subject}: old pointer {f.OldPointer}");
                if (f.NewPointer is not null && !DiffSpecs.PointerExists(DiffSpecs.Document(newPath), f.NewPointer)) problems.Add($"{pair}: {f.Rule} {f.Subject}: new pointer {f.NewPointer}");
                if (f.Rule is "operation-added" && f.NewPointer is null) problems.Add($"{pair}: {f.Subject} added without a new pointer");
                if (f.Rule is "operation-removed" && f.OldPointer is null) problems.Add($"{pair}: {f.Subject} removed without an old pointer");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30)));
        Assert.True(total > 1000, $"only {total} findings over 25 real pairs");
    }

    [SharedSpecsFact]
    public void Swagger_2_pointers_use_definitions_where_the_file_has_them()
    {
        var versions = DiffSpecs.BunqDocVersions();
        var swagger = versions.First(v => Path.GetFileName(v).StartsWith("2018-04-16", StringComparison.Ordinal));
        var next = versions[versions.ToList().IndexOf(swagger) + 1];
        var findings = SpecDiff.Compare(DiffSpecs.Side(swagger), DiffSpecs.Side(next));
        // The model writes /components/schemas/…; the 2.0 file says /definitions/…: the diff must translate, not drop.
        Assert.Contains(findings, f => f.OldPointer is not null && f.OldPointer.StartsWith("/definitions/", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.OldPointer is not null && f.OldPointer.StartsWith("/components/", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.NewPointer is not null && f.NewPointer.StartsWith("/components/schemas/", StringComparison.Ordinal));
    }

    [SharedSpecsFact]
    public void A_new_union_case_is_a_warning_and_not_also_a_key_change()
    {
        // 2021-10-07 added MonetaryAccountExternal to the monetary-account anchor union.
        var versions = DiffSpecs.BunqDocVersions();
        var before = versions.Single(v => Path.GetFileName(v).StartsWith("2021-08-11", StringComparison.Ordinal));
        var after = versions.Single(v => Path.GetFileName(v).StartsWith("2021-10-07", StringComparison.Ordinal));
        var findings = SpecDiff.Compare(DiffSpecs.Side(before), DiffSpecs.Side(after));
        var added = Assert.Single(findings, f => f.Rule == "union-case-added");
        Assert.Equal(DiffLevel.Warning, added.Level);
        Assert.Equal("MonetaryAccount.External", added.Member);
        Assert.DoesNotContain(findings, f => f.Rule == "object-type-key-changed");
        Assert.DoesNotContain(findings, f => f.Level == DiffLevel.Breaking);
    }
}
