using System.Text.RegularExpressions;
using Bunq.CodeGen.Diff;

namespace Bunq.CodeGen.Tests.Diff;

/// <summary>docs/diff-json.md and docs/ci.md say what the code does: every rule documented with its level, examples that parse.</summary>
public sealed class DiffDocsTests
{
    private static string Doc(string name) => File.ReadAllText(Path.Combine(DiffSpecs.RepoRoot, "docs", name));

    [Fact]
    public void Every_rule_is_documented_with_its_level_and_nothing_else_is()
    {
        // The rule table: from its header to the first blank line.
        var table = Doc("diff-json.md").Split("| Rule | Level | Meaning |", 2)[1].Split("\n\n", 2)[0];
        var rows = Regex.Matches(table, @"^\| `([a-z-]+)` \| ([^|]+) \|", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
        foreach (var rule in DiffRules.All)
        {
            Assert.True(rows.TryGetValue(rule.Id, out var level), $"{rule.Id} is not in docs/diff-json.md");
            Assert.Equal(rule.Levels, level);
        }
        Assert.Equal(DiffRules.All.Select(r => r.Id).OrderBy(x => x, StringComparer.Ordinal), rows.Keys.OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(DiffRules.All.Count, DiffRules.All.Select(r => r.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("diff-json.md")]
    [InlineData("ci.md")]
    public void The_ignore_file_examples_parse(string doc)
    {
        var section = Doc(doc).Split("## Ignore file", 2).Length == 2 ? Doc(doc).Split("## Ignore file", 2)[1] : Doc(doc).Split("## The ignore file", 2)[1];
        var block = Regex.Match(section, "```\\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var list = DiffIgnoreList.Parse(block, out var errors);
        Assert.Empty(errors);
        Assert.True(list.Entries.Count >= 3, block);
    }

    [Fact]
    public void The_ci_recipe_uses_the_documented_commands_and_options()
    {
        var ci = Doc("ci.md");
        Assert.Contains("dotnet tool install --global bunq-codegen", ci);
        Assert.Contains("https://raw.githubusercontent.com/bunq/doc/master/swagger.json", ci);
        Assert.Contains("--format markdown --fail-on none", ci);
        Assert.Contains(">> \"$GITHUB_STEP_SUMMARY\"", ci);
        Assert.Contains("--format github --fail-on breaking", ci);
        Assert.Contains("bunq-codegen check", ci);
        // Every value the recipes pass to --format/--fail-on is one the command accepts.
        foreach (Match m in Regex.Matches(ci, @"--format ([a-z]+)")) Assert.Contains(m.Groups[1].Value, Bunq.CodeGen.Tool.Commands.DiffCommand.Formats);
        foreach (Match m in Regex.Matches(ci, @"--fail-on ([a-z]+)")) Assert.Contains(m.Groups[1].Value, Bunq.CodeGen.Tool.Commands.DiffCommand.FailOnLevels);
    }
}
