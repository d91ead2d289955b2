using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Bunq.Runtime.Json;

/// <summary>
/// Lenient readers and writers for bunq's JSON, used by generated models. bunq's answers have
/// contradicted its spec (numbers as strings, an object where an array is declared, nulls
/// anywhere), so readers accept what they can and skip what they cannot, rather than throw.
/// </summary>
public static class BunqJson
{
    /// <summary>bunq's time format: UTC, <c>yyyy-MM-dd HH:mm:ss.ffffff</c>.</summary>
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.ffffff";

    private static readonly string[] TimestampFormats =
    {
        TimestampFormat,
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
    };

    /// <summary>Reads a string; null for JSON null or another token type.</summary>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return Utf8Text(ref reader);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>An integer; a fraction or a number beyond 64 bits reads as null, never as a different number.</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var l) ? l : ExactInt64(ref reader);
            case JsonTokenType.String:
                return long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>Reads an integer (also from a numeric string); a fraction or a number beyond 32 bits reads as null, never as a different number.</summary>
    public static int? ReadInt32(ref Utf8JsonReader reader)
    {
        var value = ReadInt64(ref reader);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value.Value : null;
    }

    /// <summary>Reads a number (also from a numeric string); null when it is not one.</summary>
    public static double? ReadDouble(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var d) ? Finite(d) : null;
            case JsonTokenType.String:
                return double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? Finite(s) : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>A decimal; a number a decimal cannot hold exactly reads as null.</summary>
    public static decimal? ReadDecimal(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDecimal(out var m) ? m : null;
            case JsonTokenType.String:
                return decimal.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) ? s : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>Reads a boolean (also from <c>"true"</c>/<c>"false"</c> strings and from 0 or another integer); null when it is none of these.</summary>
    public static bool? ReadBoolean(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.String:
                return bool.TryParse(reader.GetString(), out var b) ? b : null;
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var n) ? n != 0 : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>Reads a bunq timestamp as UTC; an unparsable value reads as null rather than failing the whole answer.</summary>
    public static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader)
    {
        var text = ReadString(ref reader);
        return ParseTimestamp(text);
    }

    /// <summary>Parses bunq's timestamp (<c>2024-05-01 12:34:56.123456</c>, UTC); null when it is not one.</summary>
    public static DateTimeOffset? ParseTimestamp(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        return DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;
    }

    /// <summary>Formats a timestamp the way bunq writes them: UTC, microseconds, a space between date and time.</summary>
    public static string FormatTimestamp(DateTimeOffset value)
        => value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>Keeps JSON the spec does not describe as a detached element.</summary>
    public static JsonElement? ReadElement(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.Clone();
    }

    /// <summary>Reads a generated model; null for JSON null.</summary>
    public static T? ReadModel<T>(ref Utf8JsonReader reader) where T : class, IBunqModel<T>
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                // The opposite contradiction: an array where one object is declared. Take the first.
                T? first = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (first is null && reader.TokenType == JsonTokenType.StartObject) first = T.ReadJson(ref reader);
                    else reader.Skip();
                }
                return first;
            }
            reader.Skip();
            return null;
        }
        return T.ReadJson(ref reader);
    }

    /// <summary>Reads an array of models; a single object where an array is declared reads as a one-item list.</summary>
    public static List<T>? ReadModelList<T>(ref Utf8JsonReader reader) where T : class, IBunqModel<T>
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject:
                return new List<T> { T.ReadJson(ref reader) };
            case JsonTokenType.StartArray:
                var list = new List<T>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject) list.Add(T.ReadJson(ref reader));
                    else reader.Skip();
                }
                return list;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>Reads one value at the reader's position; null when the token is not that value.</summary>
    public delegate T? ScalarReader<T>(ref Utf8JsonReader reader);

    /// <summary>Reads an array of scalars with the given element reader; a lone scalar reads as a one-item list.</summary>
    public static List<T>? ReadList<T>(ref Utf8JsonReader reader, ScalarReader<T> element)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        var list = new List<T>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            var single = element(ref reader);
            if (single is not null) list.Add(single);
            return list;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var item = element(ref reader);
            if (item is not null) list.Add(item);
        }
        return list;
    }

    /// <summary>Reads an array of strings; null for JSON null.</summary>
    public static List<string>? ReadStringList(ref Utf8JsonReader reader) => ReadList(ref reader, ReadString);

    /// <summary>Reads an array kept as raw JSON elements; null for JSON null.</summary>
    public static List<JsonElement>? ReadElementList(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        var list = new List<JsonElement>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            var single = ReadElement(ref reader);
            if (single.HasValue) list.Add(single.Value);
            return list;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var item = ReadElement(ref reader);
            if (item.HasValue) list.Add(item.Value);
        }
        return list;
    }

    /// <summary>Writes a timestamp the way bunq does (<see cref="FormatTimestamp"/>).</summary>
    public static void WriteTimestamp(Utf8JsonWriter writer, DateTimeOffset value) => writer.WriteStringValue(FormatTimestamp(value));

    /// <summary>Writes an array of generated models.</summary>
    public static void WriteModelList<T>(Utf8JsonWriter writer, IEnumerable<T> items) where T : IBunqModel<T>
    {
        writer.WriteStartArray();
        foreach (var item in items) item.WriteJson(writer);
        writer.WriteEndArray();
    }

    /// <summary>Serialises a model to the exact bytes that will be sent and signed.</summary>
    public static byte[] Serialize<T>(T model) where T : IBunqModel<T>
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            model.WriteJson(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses one model from bytes (for callbacks, tests and stored JSON).</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json) where T : IBunqModel<T>
    {
        // Read throws on blank input rather than returning false, so emptiness is checked before reading.
        if (utf8Json.Trim(" \t\r\n"u8).IsEmpty) throw new BunqResponseFormatException("The JSON is empty.", null);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            reader.Read();
            return T.ReadJson(ref reader);
        }
        catch (JsonException ex)
        {
            throw new BunqResponseFormatException("The JSON is not valid.", null, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new BunqResponseFormatException("The JSON has an unexpected shape.", null, ex);
        }
    }

    // TryGetDouble and double.TryParse give infinity for 1e400 and read "NaN"/"Infinity": not the number bunq meant, and a
    // property holding one could not be written back (Utf8JsonWriter refuses non-finite numbers).
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>A JSON number written with a fraction or exponent that is still a whole 64-bit integer (53.0, 1e3).</summary>
    private static long? ExactInt64(ref Utf8JsonReader reader)
        => reader.TryGetDecimal(out var m) && decimal.Truncate(m) == m && m >= long.MinValue && m <= long.MaxValue ? (long)m : null;

    // The readers below are the ones generated models call. Each reads the value at the reader without throwing and
    // never changes it: when the wire's JSON type is not the declared one, the value is kept exactly in the model's
    // unknown-field store, the typed property is filled only when the conversion is exact, and the drift is reported.

    /// <summary>A declared string field; a number or boolean reads as its JSON text (and is written back as it came).</summary>
    public static string? ReadString(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
            case JsonTokenType.True:
            case JsonTokenType.False:
                var text = reader.TokenType == JsonTokenType.Number ? Utf8Text(ref reader) : reader.TokenType == JsonTokenType.True ? "true" : "false";
                return Mismatch(ref reader, ref kept, model, field, "string", text);
            default:
                return Mismatch<string>(ref reader, ref kept, model, field, "string", null);
        }
    }

    /// <summary>A declared integer field: a fraction is kept, never truncated; an integer as a string is read and kept.</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var l)) return l;
                return MismatchValue(ref reader, ref kept, model, field, "integer", ExactInt64(ref reader));
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return MismatchValue<long>(ref reader, ref kept, model, field, "integer",
                    long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : null);
            default:
                return MismatchValue<long>(ref reader, ref kept, model, field, "integer", null);
        }
    }

    /// <summary>Reads an integer field; a value of another type is kept in <paramref name="kept"/> and reported as drift of <paramref name="model"/>.<paramref name="field"/> instead of failing the read.</summary>
    public static int? ReadInt32(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var i)) return i;
        if (reader.TokenType == JsonTokenType.Null) return null;
        int? typed = null;
        if (reader.TokenType == JsonTokenType.Number)
        {
            var wide = reader.TryGetInt64(out var l) ? l : ExactInt64(ref reader);
            if (wide is >= int.MinValue and <= int.MaxValue) typed = (int)wide.Value;
        }
        else if (reader.TokenType == JsonTokenType.String && int.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s))
        {
            typed = s;
        }
        return MismatchValue<int>(ref reader, ref kept, model, field, "32-bit integer", typed);
    }

    /// <summary>A declared decimal field (the conventions table's corrections of fields the spec calls integer).</summary>
    public static decimal? ReadDecimal(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetDecimal(out var m)) return m;
                return MismatchValue<decimal>(ref reader, ref kept, model, field, "decimal", null);
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return MismatchValue<decimal>(ref reader, ref kept, model, field, "decimal",
                    decimal.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) ? s : null);
            default:
                return MismatchValue<decimal>(ref reader, ref kept, model, field, "decimal", null);
        }
    }

    /// <summary>Reads a number field; a value of another type is kept in <paramref name="kept"/> and reported as drift of <paramref name="model"/>.<paramref name="field"/> instead of failing the read.</summary>
    public static double? ReadDouble(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetDouble(out var d) && double.IsFinite(d)) return d;
                return MismatchValue<double>(ref reader, ref kept, model, field, "number", null);
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return MismatchValue<double>(ref reader, ref kept, model, field, "number",
                    double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? Finite(s) : null);
            default:
                return MismatchValue<double>(ref reader, ref kept, model, field, "number", null);
        }
    }

    /// <summary>Reads a boolean field; a value of another type is kept in <paramref name="kept"/> and reported as drift of <paramref name="model"/>.<paramref name="field"/> instead of failing the read.</summary>
    public static bool? ReadBoolean(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                var text = reader.GetString();
                return MismatchValue<bool>(ref reader, ref kept, model, field, "boolean", text == "true" ? true : text == "false" ? false : null);
            case JsonTokenType.Number:
                return MismatchValue<bool>(ref reader, ref kept, model, field, "boolean", reader.TryGetInt64(out var n) && n is 0 or 1 ? n == 1 : null);
            default:
                return MismatchValue<bool>(ref reader, ref kept, model, field, "boolean", null);
        }
    }

    /// <summary>
    /// A declared timestamp. One in bunq's own format reads as it is; another parsable one is read and its text kept, so
    /// it is written back as bunq sent it; an unparsable one is kept with the property null.
    /// </summary>
    public static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) return MismatchValue<DateTimeOffset>(ref reader, ref kept, model, field, "timestamp string", null);
        var text = reader.GetString();
        if (text is { Length: 26 } && text[10] == ' ' && text[19] == '.'
            && DateTimeOffset.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact))
        {
            return exact;
        }
        var parsed = ParseTimestamp(text);
        BunqUnknownFields.Keep(ref kept, field, ref reader, declared: true, parsed);
        BunqDrift.Report(BunqDriftKind.ScalarMismatch, model + "." + field,
            parsed is null ? "a string that is not a timestamp; kept in UnknownFields, the property is null" : "a timestamp not in bunq's yyyy-MM-dd HH:mm:ss.ffffff format; read, and its text kept");
        return parsed;
    }

    /// <summary>A declared object field. An array where the object is declared is read when the model takes a bare list, or when it holds exactly one object; anything else is kept.</summary>
    public static T? ReadModel<T>(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field) where T : class, IBunqModel<T>
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return T.ReadJson(ref reader);
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartArray:
                var mark = reader;
                T? value = null;
                string detail;
                if (T.ReadsBareArray)
                {
                    value = T.ReadJson(ref reader);
                    detail = "a bare array where its {\"Key\":[…]} wrapper is declared; read as the wrapper's list";
                }
                else
                {
                    var count = 0;
                    var scan = reader;
                    while (scan.Read() && scan.TokenType != JsonTokenType.EndArray)
                    {
                        if (scan.TokenType != JsonTokenType.StartObject) count = int.MinValue;
                        count++;
                        scan.Skip();
                    }
                    if (count == 1)
                    {
                        reader.Read();
                        value = T.ReadJson(ref reader);
                        reader.Read();
                        detail = "an array of one object where an object is declared; read as that object";
                    }
                    else
                    {
                        reader.Skip();
                        detail = "an array where an object is declared; kept in UnknownFields, the property is null";
                    }
                }
                BunqUnknownFields.Keep(ref kept, field, ref mark, declared: true, value);
                BunqDrift.Report(BunqDriftKind.ShapeMismatch, model + "." + field, detail);
                return value;
            default:
                BunqUnknownFields.Keep(ref kept, field, ref reader, declared: true, null);
                BunqDrift.Report(BunqDriftKind.ShapeMismatch, model + "." + field, "a " + Kind(reader.TokenType) + " where an object is declared; kept in UnknownFields, the property is null");
                return null;
        }
    }

    /// <summary>A declared list of objects. One object where the list is declared reads as a one-item list; a list with anything but objects is kept whole.</summary>
    public static List<T>? ReadModelList<T>(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field) where T : class, IBunqModel<T>
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                var mark = reader;
                var list = new List<T>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        list.Add(T.ReadJson(ref reader));
                        continue;
                    }
                    // Dropping the element would shorten the list silently: keep the whole list as it came instead.
                    reader = mark;
                    BunqUnknownFields.Keep(ref kept, field, ref reader, declared: true, null);
                    BunqDrift.Report(BunqDriftKind.ShapeMismatch, model + "." + field, "a list with an element that is not an object; kept in UnknownFields, the property is null");
                    return null;
                }
                return list;
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject:
                var start = reader;
                var single = new List<T> { T.ReadJson(ref reader) };
                BunqUnknownFields.Keep(ref kept, field, ref start, declared: true, single);
                BunqDrift.Report(BunqDriftKind.ShapeMismatch, model + "." + field, "an object where a list is declared; read as a one-item list");
                return single;
            default:
                BunqUnknownFields.Keep(ref kept, field, ref reader, declared: true, null);
                BunqDrift.Report(BunqDriftKind.ShapeMismatch, model + "." + field, "a " + Kind(reader.TokenType) + " where a list is declared; kept in UnknownFields, the property is null");
                return null;
        }
    }

    /// <summary>A declared list of scalars (or of lists): when an element does not read exactly, the list is kept whole and the property is null.</summary>
    public static List<T>? ReadList<T>(ref Utf8JsonReader reader, ScalarReader<T> element, ref BunqUnknownFields? kept, string model, string field)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        var mark = reader;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            BunqUnknownFields.Keep(ref kept, field, ref reader, declared: true, null);
            BunqDrift.Report(BunqDriftKind.ShapeMismatch, model + "." + field, "a " + Kind(reader.TokenType) + " where a list is declared; kept in UnknownFields, the property is null");
            return null;
        }
        var list = new List<T>();
        var exact = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var kind = reader.TokenType;
            var item = element(ref reader);
            if (item is null || (kind == JsonTokenType.String) != IsTextual<T>()) exact = false;
            else list.Add(item);
        }
        if (exact) return list;
        reader = mark;
        BunqUnknownFields.Keep(ref kept, field, ref reader, declared: true, null);
        BunqDrift.Report(BunqDriftKind.ShapeMismatch, model + "." + field, "a list element of another JSON type than declared; kept in UnknownFields, the property is null");
        return null;
    }

    /// <summary>A field the model does not declare: the reader is on its name; the value is kept and reported.</summary>
    public static void KeepUnknown(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model)
    {
        var name = reader.GetString() ?? "";
        reader.Read();
        BunqUnknownFields.Keep(ref kept, name, ref reader, declared: false, null);
        BunqDrift.Report(BunqDriftKind.UnknownField, model + "." + name, "a field the spec does not declare; kept in UnknownFields and written back");
    }

    // Strings and timestamps come as JSON strings; numbers and booleans do not; nested lists come as arrays.
    private static bool IsTextual<T>() => typeof(T) == typeof(string) || typeof(T) == typeof(DateTimeOffset?);

    private static string? Mismatch<T>(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field, string declared, string? typed)
        where T : class
    {
        var seen = Kind(reader.TokenType);
        BunqUnknownFields.Keep(ref kept, field, ref reader, declared: true, typed);
        BunqDrift.Report(BunqDriftKind.ScalarMismatch, model + "." + field, Detail(seen, declared, typed is not null));
        return typed;
    }

    private static string? Mismatch(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field, string declared, string typed)
        => Mismatch<string>(ref reader, ref kept, model, field, declared, typed);

    private static T? MismatchValue<T>(ref Utf8JsonReader reader, ref BunqUnknownFields? kept, string model, string field, string declared, T? typed)
        where T : struct
    {
        var seen = Kind(reader.TokenType);
        BunqUnknownFields.Keep(ref kept, field, ref reader, declared: true, typed.HasValue ? (object)typed.Value : null);
        BunqDrift.Report(BunqDriftKind.ScalarMismatch, model + "." + field, Detail(seen, declared, typed.HasValue));
        return typed;
    }

    private static string Detail(string seen, string declared, bool filled)
        => "a " + seen + " where " + (declared.StartsWith('i') ? "an " : "a ") + declared + " is declared; " +
           (filled ? "read exactly, and the wire value kept" : "kept in UnknownFields, the property is null");

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>Writes a decimal as a JSON number, exactly (no binary floating point).</summary>
    public static void WriteDecimal(Utf8JsonWriter writer, decimal value) => writer.WriteNumberValue(value);

    private static string Utf8Text(ref Utf8JsonReader reader)
    {
        var span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        return System.Text.Encoding.UTF8.GetString(span);
    }
}
