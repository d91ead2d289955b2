using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Bunq.CodeGen.Diff;

/// <summary>
/// Known findings a team has accepted, one per line: <c>rule-id subject [# comment]</c>, where subject is the
/// operationId or the type/schema name a finding reports, and either part may use <c>*</c> for any run of characters.
/// Blank lines and lines starting with <c>#</c> are comments. Accepted findings are moved aside, never dropped, so a
/// report can still show them (docs/diff-json.md, docs/ci.md).
/// </summary>
public sealed class DiffIgnoreList
{
    private DiffIgnoreList(IReadOnlyList<DiffIgnoreEntry> entries) => Entries = entries;

    public static DiffIgnoreList Empty { get; } = new DiffIgnoreList(Array.Empty<DiffIgnoreEntry>());

    public IReadOnlyList<DiffIgnoreEntry> Entries { get; }

    /// <summary>Parse an ignore file; errors name the 1-based line, and any error makes the whole file unusable.</summary>
    public static DiffIgnoreList Parse(string text, out IReadOnlyList<string> errors)
    {
        var entries = new List<DiffIgnoreEntry>();
        var problems = new List<string>();
        var lines = (text ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var hash = line.IndexOf('#');
            var content = (hash >= 0 ? line.Substring(0, hash) : line).Trim();
            if (content.Length == 0) continue;
            var parts = content.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                problems.Add($"line {i + 1}: expected 'rule-id subject [# comment]', found '{content}'");
                continue;
            }
            if (!RulePattern.IsMatch(parts[0]))
            {
                problems.Add($"line {i + 1}: '{parts[0]}' is not a rule id (kebab-case letters, digits and '*')");
                continue;
            }
            entries.Add(new DiffIgnoreEntry(i + 1, parts[0], parts[1], hash >= 0 ? line.Substring(hash + 1).Trim() : null));
        }
        errors = problems;
        return new DiffIgnoreList(entries);
    }

    private static readonly Regex RulePattern = new Regex("^[a-z0-9*][a-z0-9*-]*$", RegexOptions.CultureInvariant);

    /// <summary>Split findings into kept and accepted; <paramref name="unused"/> lists entries that matched nothing (likely stale).</summary>
    public DiffReport Apply(IReadOnlyList<DiffFinding> findings, out IReadOnlyList<DiffIgnoreEntry> unused)
    {
        var kept = new List<DiffFinding>();
        var ignored = new List<DiffFinding>();
        var used = new HashSet<DiffIgnoreEntry>();
        foreach (var finding in findings)
        {
            var entry = Entries.FirstOrDefault(e => e.Matches(finding));
            if (entry == null)
            {
                kept.Add(finding);
            }
            else
            {
                ignored.Add(finding);
                used.Add(entry);
            }
        }
        unused = Entries.Where(e => !used.Contains(e)).ToList();
        return new DiffReport(kept, ignored);
    }
}

public sealed class DiffIgnoreEntry
{
    private readonly Regex _rule;
    private readonly Regex _subject;

    internal DiffIgnoreEntry(int line, string rule, string subject, string? comment)
    {
        Line = line;
        Rule = rule;
        Subject = subject;
        Comment = comment;
        _rule = Glob(rule);
        _subject = Glob(subject);
    }

    public int Line { get; }

    public string Rule { get; }

    public string Subject { get; }

    public string? Comment { get; }

    public bool Matches(DiffFinding finding) => _rule.IsMatch(finding.Rule) && _subject.IsMatch(finding.Subject);

    /// <summary><c>*</c> is the only wildcard; everything else is literal and case-sensitive, like the ids themselves.</summary>
    private static Regex Glob(string pattern) =>
        new Regex("^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);

    public override string ToString() => $"line {Line}: {Rule} {Subject}";
}
