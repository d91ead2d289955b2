using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bunq.CodeGen.Model.Conventions;

/// <summary>A list of allowed values that one field's description states in prose ("Can be ACTIVE or DEACTIVATED.").</summary>
internal sealed class ProseList
{
    public ProseList(string schema, string property, string sentence, IReadOnlyList<string> values)
    {
        Schema = schema;
        Property = property;
        Sentence = sentence;
        Values = values;
    }

    public string Schema { get; }
    public string Property { get; }
    public string Sentence { get; }
    public IReadOnlyList<string> Values { get; }
}

/// <summary>
/// The reviewable step behind the table's <c>enums</c>: finds the prose value lists in a spec, proposes enum types for
/// them by the naming rule of docs/generated-code.md, and tells how a table and a spec disagree. The generator itself
/// reads only the table, so a reworded description never changes generated code silently: the table test fails first.
/// </summary>
internal static class EnumProse
{
    // "can be", "Can only be", "Can be only be" (sic), "Possible values are", "one of", "either": what follows in the
    // same sentence is the list.
    private static readonly Regex Trigger = new Regex(@"\b(?:can\s+(?:only\s+)?be|possible\s+values(?:\s+are)?|one\s+of|either)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    // A value is an upper-case wire word (PHONE_NUMBER, B2B, EBA_SCT) of two characters or more; one right after
    // "status" names another field's value ("while with status PENDING_REOPEN it can only be NONE").
    private static readonly Regex Value = new Regex(@"(?<![A-Za-z0-9_])(?<!\bstatus )[A-Z][A-Z0-9_]*[A-Z0-9](?![A-Za-z0-9_])", RegexOptions.CultureInvariant);

    // HTTP methods appear in the same sentences ("in PUT requests") and are never values.
    private static readonly HashSet<string> NotValues = new HashSet<string>(StringComparer.Ordinal) { "GET", "POST", "PUT", "DELETE", "PATCH" };

    // Sentences end at ". " and bunq's "DEPRECATED: … | …" separator; "EMAIL|PHONE_NUMBER" (no spaces) is one list.
    private static readonly Regex SentenceBreak = new Regex(@"(?<=[.!?])\s+|\s\|\s|\n", RegexOptions.CultureInvariant);

    /// <summary>Every string property of every schema whose description lists values, in schema then property order.</summary>
    public static List<ProseList> Find(string specJson)
    {
        using var doc = JsonDocument.Parse(specJson, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var found = new List<ProseList>();
        if (!doc.RootElement.TryGetProperty("components", out var components) || !components.TryGetProperty("schemas", out var schemas)) return found;
        foreach (var schema in schemas.EnumerateObject().OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            if (schema.Value.ValueKind != JsonValueKind.Object || !schema.Value.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object) continue;
            foreach (var property in properties.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                var p = property.Value;
                if (p.ValueKind != JsonValueKind.Object || p.TryGetProperty("$ref", out _)) continue;
                if (!p.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "string") continue;
                if (!p.TryGetProperty("description", out var description) || description.ValueKind != JsonValueKind.String) continue;
                var list = FromDescription(schema.Name, property.Name, description.GetString() ?? "");
                if (list != null) found.Add(list);
            }
        }
        return found;
    }

    /// <summary>The first sentence of a description that lists values, or null.</summary>
    public static ProseList? FromDescription(string schema, string property, string description)
    {
        foreach (var raw in SentenceBreak.Split(description))
        {
            var sentence = raw.Trim();
            var trigger = Trigger.Match(sentence);
            if (!trigger.Success) continue;
            var values = new List<string>();
            foreach (Match m in Value.Matches(sentence.Substring(trigger.Index + trigger.Length)))
            {
                if (!NotValues.Contains(m.Value) && !values.Contains(m.Value)) values.Add(m.Value);
            }
            if (values.Count > 0) return new ProseList(schema, property, sentence, values);
        }
        return null;
    }

    /// <summary>
    /// The table the rule proposes: one enum per model property (a schema's Read, Listing, Create and Update share a
    /// stem and so a property), its values the union in first-seen order; properties of the same name and the same
    /// values whose models share leading words share one enum named after those words (MonetaryAccountBank and
    /// MonetaryAccountSavings status → MonetaryAccountStatus); otherwise the enum is the model's name plus the property's.
    /// </summary>
    public static List<EnumConvention> Propose(IReadOnlyList<ProseList> lists)
    {
        var groups = lists
            .GroupBy(l => (Stem: ApiModelBuilder.Stem(l.Schema), l.Property))
            .Select(g => (g.Key.Stem, g.Key.Property, Fields: g.ToList(), Values: g.SelectMany(l => l.Values).Distinct().ToList()))
            .ToList();
        var clusters = groups
            .GroupBy(g => g.Property + "=" + string.Join(",", g.Values.OrderBy(v => v, StringComparer.Ordinal)) + "@" + CommonWords(new[] { g.Stem }, 1))
            .OrderByDescending(c => c.Count())
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        // A shared name must not be another model's own name (CardCredit and CardDebit order_status must not take
        // CardOrderStatus from Card's different list).
        var own = new HashSet<string>(groups.Select(g => g.Stem + CSharpNames.Pascal(g.Property)), StringComparer.Ordinal);
        var result = new List<EnumConvention>();
        foreach (var cluster in clusters)
        {
            var members = cluster.OrderBy(g => g.Stem, StringComparer.Ordinal).ToList();
            var property = CSharpNames.Pascal(members[0].Property);
            var prefix = CommonWords(members.Select(m => m.Stem).ToList());
            var shared = prefix + property;
            if (members.Count > 1 && prefix.Length > 0 && !taken.Contains(shared)
                && (!own.Contains(shared) || members.Any(m => m.Stem + property == shared)))
            {
                taken.Add(shared);
                result.Add(Convention(shared, members.SelectMany(m => m.Fields).ToList()));
                continue;
            }
            foreach (var m in members)
            {
                var name = m.Stem + property;
                taken.Add(name);
                result.Add(Convention(name, m.Fields));
            }
        }
        return result.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    private static EnumConvention Convention(string name, List<ProseList> fields) => new EnumConvention
    {
        Name = name,
        Values = fields.SelectMany(f => f.Values).Distinct().ToList(),
        Fields = fields.OrderBy(f => f.Schema, StringComparer.Ordinal).Select(f => new EnumField { Schema = f.Schema, Property = f.Property, Sentence = f.Sentence }).ToList(),
    };

    /// <summary>The PascalCase words all names start with: MonetaryAccountBank, MonetaryAccountJoint → MonetaryAccount.</summary>
    private static string CommonWords(IReadOnlyList<string> names, int maxWords = int.MaxValue)
    {
        var split = names.Select(n => Regex.Matches(n, "[A-Z][a-z0-9]*|[a-z0-9]+").Cast<Match>().Select(m => m.Value).ToList()).ToList();
        var sb = new StringBuilder();
        for (var i = 0; i < maxWords && split.All(s => s.Count > i) && split.All(s => s[i] == split[0][i]); i++) sb.Append(split[0][i]);
        return sb.ToString();
    }

    /// <summary>
    /// Where the table and the spec disagree, one readable line each: a prose list the table lacks, a sentence that
    /// changed or is gone, a value no sentence lists any more, or a name the rule would not give.
    /// </summary>
    public static List<string> Disagreements(IReadOnlyList<EnumConvention> table, IReadOnlyList<ProseList> spec)
    {
        var problems = new List<string>();
        var byField = new Dictionary<(string, string), (EnumConvention Enum, EnumField Field)>();
        foreach (var e in table)
        {
            foreach (var f in e.Fields) byField[(f.Schema, f.Property)] = (e, f);
        }
        var found = spec.ToDictionary(l => (l.Schema, l.Property));
        foreach (var list in spec)
        {
            if (!byField.TryGetValue((list.Schema, list.Property), out var entry))
            {
                problems.Add("New prose list in the spec: " + list.Schema + "." + list.Property + " \"" + list.Sentence + "\" lists "
                    + string.Join(", ", list.Values) + ", but no enum in bunq-conventions.json 'enums' has this field; add it as "
                    + ToJson(w => WriteField(w, list.Schema, list.Property, list.Sentence), JavaScriptEncoder.Default) + ".");
                continue;
            }
            if (entry.Field.Sentence != list.Sentence)
            {
                problems.Add("The sentence of " + list.Schema + "." + list.Property + " changed: the table has \"" + entry.Field.Sentence + "\", the spec now says \"" + list.Sentence + "\".");
            }
            var missing = list.Values.Where(v => !entry.Enum.Values.Contains(v)).ToList();
            if (missing.Count > 0)
            {
                problems.Add("Enum " + entry.Enum.Name + " lacks " + string.Join(", ", missing) + ", which " + list.Schema + "." + list.Property + " lists: \"" + list.Sentence + "\".");
            }
        }
        foreach (var e in table)
        {
            foreach (var f in e.Fields)
            {
                if (!found.ContainsKey((f.Schema, f.Property)))
                {
                    problems.Add("Enum " + e.Name + " lists " + f.Schema + "." + f.Property + " with the sentence \"" + f.Sentence + "\", which no longer appears in the spec.");
                }
            }
            foreach (var v in e.Values)
            {
                if (!e.Fields.Any(f => found.TryGetValue((f.Schema, f.Property), out var l) && l.Values.Contains(v)))
                {
                    problems.Add("Enum " + e.Name + " has the value " + v + ", which none of its fields' sentences lists.");
                }
            }
        }
        var proposed = Propose(spec);
        foreach (var p in proposed)
        {
            var f = p.Fields[0];
            if (byField.TryGetValue((f.Schema, f.Property), out var entry) && entry.Enum.Name != p.Name)
            {
                problems.Add("Enum " + entry.Enum.Name + " (" + f.Schema + "." + f.Property + "): the naming rule of docs/generated-code.md gives " + p.Name + ".");
            }
        }
        return problems;
    }

    /// <summary>The table's <c>enums</c> section as the rule proposes it, one enum per line (what a reviewer pastes).</summary>
    public static string Render(IReadOnlyList<EnumConvention> enums)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < enums.Count; i++)
        {
            var e = enums[i];
            sb.Append("    ").Append(ToJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("name", e.Name);
                w.WriteStartArray("values");
                foreach (var v in e.Values) w.WriteStringValue(v);
                w.WriteEndArray();
                w.WriteStartArray("fields");
                foreach (var f in e.Fields) WriteField(w, f.Schema, f.Property, f.Sentence);
                w.WriteEndArray();
                w.WriteEndObject();
            }, JavaScriptEncoder.UnsafeRelaxedJsonEscaping));
            sb.Append(i + 1 < enums.Count ? ",\n" : "\n");
        }
        return sb.ToString();
    }

    // Written member by member rather than by serializing anonymous objects: JsonSerializer over an unknown type needs
    // reflection metadata that a trimmed, Native AOT bunq-codegen does not keep (docs/performance.md).
    private static string ToJson(Action<Utf8JsonWriter> write, JavaScriptEncoder encoder)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteField(Utf8JsonWriter w, string schema, string property, string sentence)
    {
        w.WriteStartObject();
        w.WriteString("schema", schema);
        w.WriteString("property", property);
        w.WriteString("sentence", sentence);
        w.WriteEndObject();
    }
}
