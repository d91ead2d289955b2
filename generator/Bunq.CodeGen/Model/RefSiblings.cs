using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Bunq.CodeGen.Model;

/// <summary>
/// bunq writes <c>readOnly</c>, <c>writeOnly</c> and <c>description</c> beside <c>$ref</c> on properties
/// (<c>"alias": {"$ref": "#/…/LabelMonetaryAccount", "readOnly": true}</c>). OpenAPI 3.0 says such siblings
/// are ignored, and Microsoft.OpenApi drops them, yet they are exactly what splits a schema into its
/// request and response halves. This index keeps them, keyed by schema and property name.
/// </summary>
internal sealed class RefSiblings
{
    public static readonly RefSiblings None = new RefSiblings(new Dictionary<string, Entry>(StringComparer.Ordinal));

    private readonly Dictionary<string, Entry> _entries;

    private RefSiblings(Dictionary<string, Entry> entries) => _entries = entries;

    public readonly struct Entry
    {
        public Entry(bool readOnly, bool writeOnly, string? description)
        {
            ReadOnly = readOnly;
            WriteOnly = writeOnly;
            Description = description;
        }

        public bool ReadOnly { get; }

        public bool WriteOnly { get; }

        public string? Description { get; }
    }

    public bool TryGet(string schemaName, string propertyName, out Entry entry)
        => _entries.TryGetValue(schemaName + "\n" + propertyName, out entry);

    /// <summary>Reads the siblings from the spec text; YAML or unreadable text gives an empty index (flags then come from the reader alone).</summary>
    public static RefSiblings FromText(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length == 0 || trimmed[0] != '{') return None;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 512, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return None;
            if (root.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Object &&
                components.TryGetProperty("schemas", out var schemas))
            {
                Collect(schemas, entries);
            }
            if (root.TryGetProperty("definitions", out var definitions))
            {
                Collect(definitions, entries);
            }
            return new RefSiblings(entries);
        }
        catch (Exception ex) when (ex is JsonException || ex is ArgumentException || ex is InvalidOperationException)
        {
            // ArgumentException: a string holding a lone surrogate (an editor buffer, or a "\ud800" escape) cannot
            // be transcoded; InvalidOperationException: such an escape read back as a string. The loader reports the text.
            return None;
        }
    }

    private static void Collect(JsonElement schemas, Dictionary<string, Entry> entries)
    {
        if (schemas.ValueKind != JsonValueKind.Object) return;
        foreach (var schema in schemas.EnumerateObject())
        {
            if (schema.Value.ValueKind != JsonValueKind.Object || !schema.Value.TryGetProperty("properties", out var properties) ||
                properties.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            foreach (var property in properties.EnumerateObject())
            {
                var p = property.Value;
                if (p.ValueKind != JsonValueKind.Object) continue;
                var readOnly = p.TryGetProperty("readOnly", out var ro) && ro.ValueKind == JsonValueKind.True;
                var writeOnly = p.TryGetProperty("writeOnly", out var wo) && wo.ValueKind == JsonValueKind.True;
                var description = p.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                // Arrays of $ref carry their flags on the array itself, which the reader keeps; only direct $refs need us.
                if (!p.TryGetProperty("$ref", out _)) continue;
                entries[schema.Name + "\n" + property.Name] = new Entry(readOnly, writeOnly, description);
            }
        }
    }
}
