using System.Text;
using System.Text.Json;
using Bunq.CodeGen.Diff;

namespace Bunq.CodeGen.Tool.Commands;

/// <summary>The four renderings of a diff report. The JSON one is documented in docs/diff-json.md and versioned.</summary>
public static class DiffOutput
{
    public sealed record Context(string OldPath, string NewPath, DiffSide Old, DiffSide New, DiffReport Report, string FailOn);

    private static readonly DiffLevel[] LevelsWorstFirst = { DiffLevel.Breaking, DiffLevel.Warning, DiffLevel.Info };

    public static void WriteText(Context c, TextWriter w)
    {
        w.WriteLine($"bunq spec diff: {c.OldPath} ({Version(c.Old)}) -> {c.NewPath} ({Version(c.New)})");
        if (c.Report.Findings.Count == 0) w.WriteLine("No changes to the generated API.");
        foreach (var f in c.Report.Findings) w.WriteLine(TextLine(f));
        w.WriteLine($"{Summary(c.Report)} (fail on: {c.FailOn})");
        if (c.Report.Ignored.Count > 0)
        {
            w.WriteLine("Ignored (accepted in the ignore file):");
            foreach (var f in c.Report.Ignored) w.WriteLine("  " + TextLine(f));
        }
    }

    private static string TextLine(DiffFinding f) =>
        $"{DiffLevels.Name(f.Level).ToUpperInvariant(),-8} {f.Rule,-34} {f.Message}";

    private static string Summary(DiffReport r) =>
        $"{r.Count(DiffLevel.Breaking)} breaking, {r.Count(DiffLevel.Warning)} warning, {r.Count(DiffLevel.Info)} info; {r.Ignored.Count} ignored";

    private static string Version(DiffSide side) =>
        side.Model.ApiVersion.Length == 0 ? "no version" : "version " + side.Model.ApiVersion;

    /// <summary>For a PR comment or $GITHUB_STEP_SUMMARY: heading, counts, one table per level (info folded away, it is long).</summary>
    public static void WriteMarkdown(Context c, TextWriter w)
    {
        var r = c.Report;
        w.WriteLine($"## bunq API changes: `{c.OldPath}` → `{c.NewPath}`");
        w.WriteLine();
        w.WriteLine($"Spec {Md(Version(c.Old))} → {Md(Version(c.New))}. The build fails on: **{c.FailOn}**.");
        w.WriteLine();
        w.WriteLine("| Level | Findings |");
        w.WriteLine("|---|---:|");
        w.WriteLine($"| Breaking | {r.Count(DiffLevel.Breaking)} |");
        w.WriteLine($"| Warning | {r.Count(DiffLevel.Warning)} |");
        w.WriteLine($"| Info | {r.Count(DiffLevel.Info)} |");
        w.WriteLine($"| Ignored | {r.Ignored.Count} |");
        w.WriteLine();
        if (r.Findings.Count == 0 && r.Ignored.Count == 0)
        {
            w.WriteLine("No changes to the generated API.");
            return;
        }
        foreach (var level in LevelsWorstFirst)
        {
            var findings = r.Findings.Where(f => f.Level == level).ToList();
            if (findings.Count == 0) continue;
            var title = $"{Capitalise(DiffLevels.Name(level))} ({findings.Count})";
            var fold = level == DiffLevel.Info;
            if (fold)
            {
                w.WriteLine($"<details><summary><b>{title}</b></summary>");
                w.WriteLine();
            }
            else
            {
                w.WriteLine("### " + title);
                w.WriteLine();
            }
            Table(w, findings);
            if (fold) w.WriteLine("</details>");
            w.WriteLine();
        }
        if (r.Ignored.Count > 0)
        {
            w.WriteLine($"<details><summary><b>Ignored ({r.Ignored.Count})</b>: accepted in the ignore file</summary>");
            w.WriteLine();
            Table(w, r.Ignored, withLevel: true);
            w.WriteLine("</details>");
            w.WriteLine();
        }
    }

    private static void Table(TextWriter w, IEnumerable<DiffFinding> findings, bool withLevel = false)
    {
        w.WriteLine(withLevel ? "| Level | Rule | Subject | C# member | Change |" : "| Rule | Subject | C# member | Change |");
        w.WriteLine(withLevel ? "|---|---|---|---|---|" : "|---|---|---|---|");
        foreach (var f in findings)
        {
            var cells = $"`{f.Rule}` | `{Md(f.Subject)}` | {(f.Member == null ? "" : "`" + Md(f.Member) + "`")} | {Md(f.Message)} |";
            w.WriteLine(withLevel ? $"| {DiffLevels.Name(f.Level)} | {cells}" : "| " + cells);
        }
    }

    /// <summary>A table cell must stay on one line and must not end early at a pipe.</summary>
    private static string Md(string text) => text.Replace("\r", "").Replace("\n", " ").Replace("|", "\\|");

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);

    /// <summary>
    /// GitHub workflow commands: <c>::error file=…,line=…,title=…::message</c>. Breaking → error, warning → warning,
    /// info → notice. The file is the spec the finding lives in (NEW, or OLD for something removed), as the user named it.
    /// </summary>
    public static void WriteGitHub(Context c, TextWriter w)
    {
        foreach (var f in c.Report.Findings)
        {
            var command = f.Level switch
            {
                DiffLevel.Breaking => "error",
                DiffLevel.Warning => "warning",
                _ => "notice",
            };
            var (path, side, pointer) = f.NewPointer != null ? (c.NewPath, c.New, f.NewPointer) : (c.OldPath, c.Old, f.OldPointer);
            var properties = new List<string> { "file=" + Property(path) };
            var (line, column) = pointer == null || side.Outline == null ? (0, 0) : side.Outline.PositionOf(pointer);
            if (line > 0) properties.Add("line=" + line);
            if (line > 0 && column > 0) properties.Add("col=" + column);
            properties.Add("title=" + Property($"{f.Rule} ({f.Subject})"));
            w.WriteLine($"::{command} {string.Join(",", properties)}::{Data(f.Message)}");
        }
        var r = c.Report;
        w.WriteLine($"::notice title=bunq spec diff::{Data(Summary(r) + " (fail on: " + c.FailOn + ")")}");
    }

    private static string Data(string value) => value.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    private static string Property(string value) => Data(value).Replace(":", "%3A").Replace(",", "%2C");

    /// <summary>docs/diff-json.md, schemaVersion 1. Add fields only; a change of meaning needs a new schemaVersion.</summary>
    public static void WriteJson(Context c, TextWriter w)
    {
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            // Not embedded in HTML; keep backticks and arrows readable for people who open the file.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            j.WriteStartObject();
            j.WriteNumber("schemaVersion", 1);
            Side(j, "old", c.OldPath, c.Old);
            Side(j, "new", c.NewPath, c.New);
            j.WriteString("failOn", c.FailOn);
            j.WriteStartObject("summary");
            j.WriteNumber("breaking", c.Report.Count(DiffLevel.Breaking));
            j.WriteNumber("warning", c.Report.Count(DiffLevel.Warning));
            j.WriteNumber("info", c.Report.Count(DiffLevel.Info));
            j.WriteNumber("ignored", c.Report.Ignored.Count);
            j.WriteEndObject();
            Findings(j, "findings", c.Report.Findings);
            Findings(j, "ignored", c.Report.Ignored);
            j.WriteEndObject();
        }
        w.Write(Encoding.UTF8.GetString(stream.ToArray()));
        w.WriteLine();
    }

    private static void Side(Utf8JsonWriter j, string name, string path, DiffSide side)
    {
        j.WriteStartObject(name);
        j.WriteString("file", path);
        j.WriteString("title", side.Model.Title);
        j.WriteString("version", side.Model.ApiVersion);
        j.WriteEndObject();
    }

    private static void Findings(Utf8JsonWriter j, string name, IEnumerable<DiffFinding> findings)
    {
        j.WriteStartArray(name);
        foreach (var f in findings)
        {
            j.WriteStartObject();
            j.WriteString("rule", f.Rule);
            j.WriteString("level", DiffLevels.Name(f.Level));
            j.WriteString("subject", f.Subject);
            j.WriteString("member", f.Member);
            j.WriteString("message", f.Message);
            j.WriteString("oldPointer", f.OldPointer);
            j.WriteString("newPointer", f.NewPointer);
            j.WriteEndObject();
        }
        j.WriteEndArray();
    }
}
