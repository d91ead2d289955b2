using System.Collections.Generic;
using System.Text;

namespace Bunq.CodeGen.Emit;

/// <summary>
/// Builds XML doc comment lines (without indentation, each starting with <c>///</c>). Spec
/// descriptions are prose with stray &lt;, &gt; and &amp; and embedded newlines; they are escaped and
/// split here so the compiler never sees malformed XML (CS1570 would be an error under our settings).
/// </summary>
internal sealed class DocComment
{
    private readonly List<string> _lines = new List<string>();
    private readonly bool _enabled;

    public DocComment(bool enabled) => _enabled = enabled;

    public IReadOnlyList<string> Lines => _lines;

    public DocComment Summary(string? text, string fallback) => Element("summary", null, text, fallback);

    /// <summary>Adds <c>&lt;remarks&gt;</c> with one <c>&lt;para&gt;</c> per line; the lines must already be valid XML text.</summary>
    public DocComment Remarks(IEnumerable<string> xmlLines)
    {
        var body = new List<string>();
        foreach (var line in xmlLines)
        {
            if (!string.IsNullOrWhiteSpace(line)) body.Add(line);
        }
        if (body.Count == 0 || !_enabled) return this;
        _lines.Add("/// <remarks>");
        foreach (var line in body) _lines.Add("/// <para>" + line + "</para>");
        _lines.Add("/// </remarks>");
        return this;
    }

    /// <summary>A description as escaped, non-empty lines, for <see cref="Remarks"/>.</summary>
    public static List<string> Prose(string? text) => text is null ? new List<string>() : SplitLines(text);

    /// <summary><c>&lt;c&gt;text&lt;/c&gt;</c> with the text escaped.</summary>
    public static string Code(string text) => "<c>" + Escape(text) + "</c>";

    public DocComment Param(string name, string? text, string fallback) => Element("param", name, text, fallback);

    public DocComment Returns(string text) => Element("returns", null, text, text);

    private DocComment Element(string tag, string? name, string? text, string fallback)
    {
        if (!_enabled) return this;
        var open = name is null ? "<" + tag + ">" : "<" + tag + " name=\"" + Escape(name) + "\">";
        var close = "</" + tag + ">";
        var lines = SplitLines(string.IsNullOrWhiteSpace(text) ? fallback : text!);
        if (lines.Count == 0) lines = SplitLines(fallback);
        if (lines.Count == 1)
        {
            _lines.Add("/// " + open + lines[0] + close);
            return this;
        }
        _lines.Add("/// " + open);
        foreach (var line in lines) _lines.Add("/// " + line);
        _lines.Add("/// " + close);
        return this;
    }

    /// <summary>Escaped, trimmed, non-empty lines of a description.</summary>
    private static List<string> SplitLines(string text)
    {
        var result = new List<string>();
        // Most descriptions are one line (and every fallback is): no copies of it to split.
        if (text.IndexOf('\n') < 0 && text.IndexOf('\r') < 0)
        {
            var only = Escape(text.Trim());
            if (only.Length > 0) result.Add(only);
            return result;
        }
        foreach (var raw in text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'))
        {
            var line = Escape(raw.Trim());
            if (line.Length > 0) result.Add(line);
        }
        return result;
    }

    /// <summary>XML-escapes text and drops control characters, which XML 1.0 cannot carry at all.</summary>
    internal static string Escape(string text)
    {
        if (!NeedsEscape(text)) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\t': sb.Append(' '); break;
                default:
                    if (c >= ' ' && c != '\u007f') sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    // Nearly every text is plain: it is returned as it is instead of copied through a builder.
    private static bool NeedsEscape(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' || c == '&' || c == '<' || c == '>' || c == '\u007f') return true;
        }
        return false;
    }
}
