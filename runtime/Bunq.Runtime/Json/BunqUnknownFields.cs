using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Bunq.Runtime.Json;

/// <summary>
/// The JSON of a model that its typed properties do not hold: fields the spec does not declare, and declared fields whose
/// wire value could not be read into the property without changing it (a fraction where the spec says integer). Each is
/// kept exactly as bunq sent it and written back, so reading and writing an answer loses nothing.
/// </summary>
public sealed class BunqUnknownFields : IEnumerable<KeyValuePair<string, JsonElement>>
{
    private readonly List<Entry> _entries = new(2);

    private struct Entry
    {
        public string Name;
        public JsonElement Raw;

        /// <summary>A declared field: the typed property holds <see cref="Typed"/> (null when it could not be filled).</summary>
        public bool Declared;
        public object? Typed;
    }

    /// <summary>How many fields are kept.</summary>
    public int Count => _entries.Count;

    /// <summary>The names of the kept fields, in wire order.</summary>
    public IEnumerable<string> Names => _entries.Select(e => e.Name);

    /// <summary>The kept JSON of a field.</summary>
    public bool TryGetValue(string name, out JsonElement raw)
    {
        var i = IndexOf(name);
        raw = i < 0 ? default : _entries[i].Raw;
        return i >= 0;
    }

    /// <summary>A kept field as a decimal, when it is a JSON number (or a numeric string) that a decimal holds exactly.</summary>
    public bool TryGetDecimal(string name, out decimal value)
    {
        value = 0;
        if (!TryGetValue(name, out var raw)) return false;
        return raw.ValueKind switch
        {
            JsonValueKind.Number => raw.TryGetDecimal(out value),
            JsonValueKind.String => decimal.TryParse(raw.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    /// <summary>A kept field as text: a string's value, or a number's, boolean's, object's or array's JSON text.</summary>
    public bool TryGetString(string name, out string? value)
    {
        value = null;
        if (!TryGetValue(name, out var raw)) return false;
        value = raw.ValueKind == JsonValueKind.String ? raw.GetString() : raw.GetRawText();
        return true;
    }

    /// <summary>Keeps (or replaces) a field that is written with the model.</summary>
    public void Set(string name, JsonElement raw)
    {
        ArgumentNullException.ThrowIfNull(name);
        var i = IndexOf(name);
        var entry = new Entry { Name = name, Raw = raw.Clone() };
        if (i < 0) _entries.Add(entry);
        else _entries[i] = entry;
    }

    /// <summary>Removes the kept field <paramref name="name"/>; false when there was none.</summary>
    public bool Remove(string name)
    {
        var i = IndexOf(name);
        if (i < 0) return false;
        _entries.RemoveAt(i);
        return true;
    }

    /// <summary>The kept fields in the order bunq sent them.</summary>
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator()
        => _entries.Select(e => new KeyValuePair<string, JsonElement>(e.Name, e.Raw)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Generated readers: keeps the value at the reader (the reader is left on its last token).</summary>
    /// <param name="fields">The model's store, created on first use.</param>
    /// <param name="name">The JSON name.</param>
    /// <param name="reader">The reader on the value's first token.</param>
    /// <param name="declared">Whether a typed property of this name exists.</param>
    /// <param name="typed">What the typed property was given (null when it could not be filled).</param>
    public static void Keep(ref BunqUnknownFields? fields, string name, ref Utf8JsonReader reader, bool declared, object? typed)
        => Keep(ref fields, name, JsonElement.ParseValue(ref reader), declared, typed);

    /// <inheritdoc cref="Keep(ref BunqUnknownFields?, string, ref Utf8JsonReader, bool, object?)"/>
    public static void Keep(ref BunqUnknownFields? fields, string name, JsonElement raw, bool declared, object? typed)
    {
        fields ??= new BunqUnknownFields();
        var entry = new Entry { Name = name, Raw = raw, Declared = declared, Typed = typed };
        var i = fields.IndexOf(name);
        if (i < 0) fields._entries.Add(entry);
        else fields._entries[i] = entry;
    }

    /// <summary>
    /// Generated writers, after a declared field's name: when the wire value of that field was kept and the property still
    /// holds what was read from it, writes the wire value (so <c>"42"</c> stays a string) and returns true.
    /// </summary>
    public bool TryWriteKept<T>(Utf8JsonWriter writer, string name, T value)
    {
        var i = IndexOf(name);
        if (i < 0 || !_entries[i].Declared || _entries[i].Typed is not T typed || !EqualityComparer<T>.Default.Equals(typed, value)) return false;
        _entries[i].Raw.WriteTo(writer);
        return true;
    }

    /// <summary>Generated writers, for a declared field whose property is null: writes the kept wire value the property could not hold.</summary>
    public void WriteKept(Utf8JsonWriter writer, string name)
    {
        var i = IndexOf(name);
        if (i < 0 || !_entries[i].Declared || _entries[i].Typed is not null) return;
        writer.WritePropertyName(name);
        _entries[i].Raw.WriteTo(writer);
    }

    /// <summary>Generated writers, last: every field the model does not declare, in wire order.</summary>
    public void WriteUndeclared(Utf8JsonWriter writer)
    {
        foreach (var entry in _entries)
        {
            if (entry.Declared) continue;
            writer.WritePropertyName(entry.Name);
            if (entry.Raw.ValueKind == JsonValueKind.Undefined) writer.WriteNullValue();
            else entry.Raw.WriteTo(writer);
        }
    }

    /// <summary>How many kept fields the model does not declare.</summary>
    public int UndeclaredCount
    {
        get
        {
            var n = 0;
            foreach (var e in _entries) if (!e.Declared) n++;
            return n;
        }
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}
