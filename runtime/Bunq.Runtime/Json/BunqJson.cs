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

    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var l)) return l;
                if (reader.TryGetDouble(out var d) && d >= long.MinValue && d <= long.MaxValue) return (long)d;
                return null;
            case JsonTokenType.String:
                return long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public static int? ReadInt32(ref Utf8JsonReader reader)
    {
        var value = ReadInt64(ref reader);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value.Value : null;
    }

    public static double? ReadDouble(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var d) ? d : null;
            case JsonTokenType.String:
                return double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null;
            default:
                reader.Skip();
                return null;
        }
    }

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

    public static DateTimeOffset? ParseTimestamp(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        return DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;
    }

    public static string FormatTimestamp(DateTimeOffset value)
        => value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>Keeps JSON the spec does not describe as a detached element.</summary>
    public static JsonElement? ReadElement(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.Clone();
    }

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

    public static List<string>? ReadStringList(ref Utf8JsonReader reader) => ReadList(ref reader, ReadString);

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

    public static void WriteTimestamp(Utf8JsonWriter writer, DateTimeOffset value) => writer.WriteStringValue(FormatTimestamp(value));

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
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read()) throw new BunqResponseFormatException("The JSON is empty.", null);
        return T.ReadJson(ref reader);
    }

    private static string Utf8Text(ref Utf8JsonReader reader)
    {
        var span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        return System.Text.Encoding.UTF8.GetString(span);
    }
}
