using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bunq.CodeGen.Tests.TestSupport;
using Bunq.CodeGen.Tool.Commands;

namespace Bunq.CodeGen.Tests.Diff;

/// <summary>The <c>diff</c> command in-process: formats parsed back, --fail-on, exit codes, the ignore file.</summary>
public sealed class DiffCommandTests
{
    private static string Old => DiffSpecs.Npm(DiffSpecs.NpmOld);
    private static string New => DiffSpecs.Npm(DiffSpecs.NpmNew);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        // Through the real parser, so usage errors and option spelling are covered too.
        var root = new RootCommand { DiffCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = root.Parse(new[] { "diff" }.Concat(args).ToArray()).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [SharedSpecsFact]
    public void Json_parses_and_matches_the_documented_schema()
    {
        var (exit, output, _) = Run(Old, New, "--format", "json");
        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(new[] { "schemaVersion", "old", "new", "failOn", "summary", "findings", "ignored" }, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(Old, root.GetProperty("old").GetProperty("file").GetString());
        Assert.Equal(New, root.GetProperty("new").GetProperty("file").GetString());
        Assert.Equal("breaking", root.GetProperty("failOn").GetString());
        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        foreach (var f in findings)
        {
            Assert.Equal(new[] { "rule", "level", "subject", "member", "message", "oldPointer", "newPointer" }, f.EnumerateObject().Select(p => p.Name));
            Assert.Matches("^[a-z]+(-[a-z]+)*$", f.GetProperty("rule").GetString());
            Assert.Contains(f.GetProperty("level").GetString(), new[] { "breaking", "warning", "info" });
            Assert.Equal(JsonValueKind.String, f.GetProperty("subject").ValueKind);
            Assert.Equal(JsonValueKind.String, f.GetProperty("message").ValueKind);
            foreach (var name in new[] { "member", "oldPointer", "newPointer" })
            {
                Assert.Contains(f.GetProperty(name).ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
            }
        }
        var summary = root.GetProperty("summary");
        foreach (var level in new[] { "breaking", "warning", "info" })
        {
            Assert.Equal(findings.Count(f => f.GetProperty("level").GetString() == level), summary.GetProperty(level).GetInt32());
        }
        Assert.Equal(1, summary.GetProperty("breaking").GetInt32());
        Assert.Equal(0, summary.GetProperty("ignored").GetInt32());
        Assert.Empty(root.GetProperty("ignored").EnumerateArray());
        var methodFill = findings.Single(f => f.GetProperty("rule").GetString() == "response-property-removed");
        Assert.Equal("MonetaryAccountProfileFill.MethodFill", methodFill.GetProperty("member").GetString());
        Assert.Equal(JsonValueKind.Null, methodFill.GetProperty("newPointer").ValueKind);
    }

    private static readonly Regex Annotation = new(
        @"^::(error|warning|notice)( file=[^,:]+(,line=[0-9]+(,col=[0-9]+)?)?,title=[^:,]+| title=[^:,]+)::[^\r\n]+$");

    [SharedSpecsFact]
    public void Github_lines_are_workflow_annotations()
    {
        var (exit, output, _) = Run(Old, New, "--format", "github");
        Assert.Equal(1, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Matches(Annotation, line));
        var error = Assert.Single(lines, l => l.StartsWith("::error", StringComparison.Ordinal));
        // Removed field: the annotation points into the OLD file (where the field still is), at its line.
        Assert.StartsWith($"::error file={Old},line=", error);
        Assert.Contains("title=response-property-removed (MonetaryAccountProfileFill)::", error);
        // bunq's spec is one line of JSON: only line and column together find the field.
        var position = Regex.Match(error, ",line=([0-9]+),col=([0-9]+),");
        Assert.True(position.Success, error);
        var line = File.ReadLines(Old).ElementAt(int.Parse(position.Groups[1].Value) - 1);
        Assert.StartsWith("\"method_fill\"", line.Substring(int.Parse(position.Groups[2].Value) - 1));
        Assert.Equal(47, lines.Count(l => l.StartsWith("::notice file=", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("::warning", StringComparison.Ordinal));
    }

    [SharedSpecsFact]
    public void Markdown_has_a_heading_counts_and_a_table_per_level()
    {
        var (exit, output, _) = Run(Old, New, "--format", "markdown");
        Assert.Equal(1, exit);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.StartsWith("## bunq API changes", lines[0]);
        Assert.Contains("| Breaking | 1 |", lines);
        Assert.Contains("| Warning | 0 |", lines);
        Assert.Contains("| Info | 47 |", lines);
        var breaking = lines.IndexOf("### Breaking (1)");
        Assert.True(breaking > 0, output);
        Assert.Equal("| Rule | Subject | C# member | Change |", lines[breaking + 2]);
        Assert.Equal("|---|---|---|---|", lines[breaking + 3]);
        Assert.StartsWith("| `response-property-removed` | `MonetaryAccountProfileFill` | `MonetaryAccountProfileFill.MethodFill` |", lines[breaking + 4]);
        Assert.Contains("<details><summary><b>Info (47)</b></summary>", lines);
        // Every table row has the same number of cells as its header (no unescaped pipe in a message).
        Assert.All(lines.Where(l => l.StartsWith("| `", StringComparison.Ordinal)), l => Assert.Equal(5, Regex.Matches(l, @"(?<!\\)\|").Count));
    }

    [SharedSpecsFact]
    public void Text_lists_each_finding_and_the_summary()
    {
        var (exit, output, _) = Run(Old, New);
        Assert.Equal(1, exit);
        Assert.Contains("BREAKING response-property-removed", output);
        Assert.Contains("1 breaking, 0 warning, 47 info; 0 ignored (fail on: breaking)", output);
    }

    [SharedSpecsTheory]
    [InlineData("breaking", 1)]
    [InlineData("warning", 1)]
    [InlineData("any", 1)]
    [InlineData("none", 0)]
    public void Fail_on_levels_with_a_breaking_change(string failOn, int expected) =>
        Assert.Equal(expected, Run(Old, New, "--fail-on", failOn).Exit);

    [SharedSpecsTheory]
    [InlineData("breaking", 0)]
    [InlineData("warning", 1)]
    [InlineData("any", 1)]
    [InlineData("none", 0)]
    public void Fail_on_levels_with_only_a_warning(string failOn, int expected)
    {
        // 2021-08-11 → 2021-10-07: one union-case-added warning, info otherwise (see RealVersionsDiffTests).
        var versions = DiffSpecs.BunqDocVersions();
        var before = versions.Single(v => Path.GetFileName(v).StartsWith("2021-08-11", StringComparison.Ordinal));
        var after = versions.Single(v => Path.GetFileName(v).StartsWith("2021-10-07", StringComparison.Ordinal));
        Assert.Equal(expected, Run(before, after, "--fail-on", failOn).Exit);
    }

    [Fact]
    public void Identical_specs_exit_0_even_with_fail_on_any()
    {
        var (exit, output, _) = Run(DiffSpecs.RepoSpec, DiffSpecs.RepoSpec, "--fail-on", "any");
        Assert.Equal(0, exit);
        Assert.Contains("No changes to the generated API.", output);
    }

    [Theory]
    [InlineData("onlyone.json")]
    [InlineData("a.json", "b.json", "--bogus")]
    [InlineData("a.json", "b.json", "--format")]
    [InlineData("a.json", "b.json", "--format", "xml")]
    [InlineData("a.json", "b.json", "--fail-on", "error")]
    [InlineData("a.json", "b.json", "c.json")]
    public void Bad_usage_exits_2(params string[] args)
    {
        var (exit, _, err) = Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("bunq-codegen", err);
    }

    [SharedSpecsFact]
    public void A_spec_that_cannot_be_read_exits_3_with_its_diagnostics()
    {
        var garbage = Path.Combine(Path.GetTempPath(), $"bunq-garbage-{Guid.NewGuid():N}.json");
        File.WriteAllText(garbage, "{ \"openapi\": \"3.0.0\", \"paths\": [ not json");
        try
        {
            var (exit, _, err) = Run(Old, garbage);
            Assert.Equal(3, exit);
            Assert.Contains(garbage, err);
            Assert.Contains("error BUNQ", err);

            var missing = Run(Path.Combine(Path.GetTempPath(), "no-such-spec.json"), New);
            Assert.Equal(3, missing.Exit);
            Assert.Contains("no-such-spec.json", missing.Err);
        }
        finally
        {
            File.Delete(garbage);
        }
    }

    [SharedSpecsFact]
    public void Ignore_file_accepts_known_findings_and_lists_them_apart()
    {
        var ignore = Path.Combine(Path.GetTempPath(), $"bunq-ignore-{Guid.NewGuid():N}.txt");
        File.WriteAllText(ignore,
            "# accepted after talking to bunq support\n" +
            "response-property-removed MonetaryAccountProfile*   # iDEAL is the only fill method anyway\n" +
            "\n" +
            "schema-* MonetaryAccountExternal\n" +
            "union-case-added NoSuchType   # stale on purpose\n");
        try
        {
            var (exit, output, err) = Run(Old, New, "--format", "json", "--ignore", ignore);
            Assert.Equal(0, exit); // the only breaking finding is accepted
            using var json = JsonDocument.Parse(output);
            var summary = json.RootElement.GetProperty("summary");
            Assert.Equal(0, summary.GetProperty("breaking").GetInt32());
            Assert.Equal(47 - 12, summary.GetProperty("info").GetInt32()); // 11 removed + 1 added schema field on MonetaryAccountExternal
            Assert.Equal(13, summary.GetProperty("ignored").GetInt32());
            var ignored = json.RootElement.GetProperty("ignored").EnumerateArray().ToList();
            Assert.Contains(ignored, f => f.GetProperty("member").GetString() == "MonetaryAccountProfileFill.MethodFill");
            Assert.DoesNotContain(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("subject").GetString() == "MonetaryAccountExternal" && f.GetProperty("rule").GetString()!.StartsWith("schema-", StringComparison.Ordinal));
            // A stale entry is reported (it would hide a future regression) but does not fail the run.
            Assert.Contains("(5): ignore entry 'union-case-added NoSuchType' matched no finding", err);

            var text = Run(Old, New, "--ignore", ignore).Out;
            Assert.Contains("Ignored (accepted in the ignore file):", text);
            Assert.Contains("0 breaking, 0 warning, 35 info; 13 ignored", text);
        }
        finally
        {
            File.Delete(ignore);
        }
    }

    [SharedSpecsFact]
    public void Include_limits_the_report_to_what_the_generated_subset_uses()
    {
        var (exit, output, _) = Run(Old, New, "--format", "json", "--include", "monetary-account-external");
        using var json = JsonDocument.Parse(output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (Rule: f.GetProperty("rule").GetString()!, Subject: f.GetProperty("subject").GetString()!, Member: f.GetProperty("member").GetString())).ToList();
        // MonetaryAccountExternal.monetary_account_profile reaches MonetaryAccountProfileFill: still breaking for this subset.
        Assert.Equal(1, exit);
        Assert.Contains(findings, f => f.Rule == "response-property-removed" && f.Member == "MonetaryAccountProfileFill.MethodFill");
        Assert.Equal(new[] { "MonetaryAccountExternals.CreateAsync", "MonetaryAccountExternals.UpdateAsync" },
            findings.Where(f => f.Rule == "operation-added").Select(f => f.Member).OrderBy(m => m, StringComparer.Ordinal));
        Assert.DoesNotContain(findings, f => f.Subject.StartsWith("Insight", StringComparison.Ordinal) || f.Subject.StartsWith("PaymentServiceProviderIssuerTransaction", StringComparison.Ordinal));
        // Schema findings stay only where a generated type of the subset reads the schema.
        Assert.Contains(findings, f => f.Rule == "schema-property-removed" && f.Member == "MonetaryAccountExternal.Balance");
        Assert.DoesNotContain(findings, f => f.Rule == "schema-added");
        Assert.DoesNotContain(findings, f => f.Subject == "RegistryMembership");
    }

    [SharedSpecsFact]
    public void A_malformed_ignore_file_is_a_usage_error_naming_the_line()
    {
        var ignore = Path.Combine(Path.GetTempPath(), $"bunq-ignore-{Guid.NewGuid():N}.txt");
        File.WriteAllText(ignore, "operation-removed List_all_Payment_for_User\nthis line has three words\n");
        try
        {
            var (exit, _, err) = Run(Old, New, "--ignore", ignore);
            Assert.Equal(2, exit);
            Assert.Contains("line 2", err);
        }
        finally
        {
            File.Delete(ignore);
        }
    }
}
