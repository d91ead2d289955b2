using System.Text.Json;

namespace Bunq.Runtime.Json;

/// <summary>
/// Reads bunq's <c>{"Response":[{"&lt;ObjectType&gt;":{…}}, …], "Pagination":{…}}</c> envelope.
/// Elements whose object type the caller did not ask for are skipped, never fatal: bunq adds new
/// object types without notice.
/// </summary>
public static class BunqEnvelope
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private delegate void ElementVisitor<TState>(ref TState state, string objectType, ref Utf8JsonReader reader);

    /// <summary><c>{"Response":[{"Id":{"id":42}}]}</c> → 42.</summary>
    public static long ReadId(BunqResponse response)
    {
        var text = ReadWrappedField(response, "Id", "id");
        return long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw Missing(response, "Id");
    }

    /// <summary><c>{"Response":[{"Uuid":{"uuid":"…"}}]}</c> → the uuid.</summary>
    public static string ReadUuid(BunqResponse response) => ReadWrappedField(response, "Uuid", "uuid") ?? throw Missing(response, "Uuid");

    /// <summary>The one field of the first <c>{"Key":{"field":…}}</c> element, as text (numbers included).</summary>
    private static string? ReadWrappedField(BunqResponse response, string objectType, string field)
    {
        var state = new WrappedFieldState(objectType, field);
        Visit(response, ref state, static (ref WrappedFieldState s, string key, ref Utf8JsonReader reader) =>
        {
            if (s.Value is not null || key != s.ObjectType || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isField = reader.ValueTextEquals(s.Field);
                reader.Read();
                if (isField) s.Value = BunqJson.ReadString(ref reader);
                else reader.Skip();
            }
        }, out _);
        return state.Value;
    }

    /// <summary>The first element under <paramref name="objectType"/>.</summary>
    public static T ReadObject<T>(BunqResponse response, string objectType) where T : class, IBunqModel<T>
    {
        var state = new ObjectState<T>(objectType);
        Visit(response, ref state, static (ref ObjectState<T> s, string key, ref Utf8JsonReader reader) =>
        {
            if (s.Value is null && key == s.ObjectType) s.Value = BunqJson.ReadModel<T>(ref reader);
            else reader.Skip();
        }, out _);
        return state.Value ?? throw Missing(response, objectType);
    }

    /// <summary>The first element, whatever its object type: the union reads the key itself.</summary>
    public static T ReadUnion<T>(BunqResponse response) where T : class, IBunqModel<T>
    {
        var page = ReadUnionList<T>(response);
        return page.Items.Count > 0 ? page.Items[0] : throw Missing(response, typeof(T).Name);
    }

    /// <summary>Every element under <paramref name="objectType"/>, plus the pagination.</summary>
    public static BunqPage<T> ReadList<T>(BunqResponse response, string objectType) where T : class, IBunqModel<T>
    {
        var state = new ListState<T>(objectType);
        Visit(response, ref state, static (ref ListState<T> s, string key, ref Utf8JsonReader reader) =>
        {
            if (key == s.ObjectType)
            {
                var item = BunqJson.ReadModel<T>(ref reader);
                if (item is not null) s.Items.Add(item);
            }
            else
            {
                reader.Skip();
            }
        }, out var pagination);
        return new BunqPage<T>(state.Items, pagination, response.ResponseId);
    }

    /// <summary>Every element as a union: the union type reads <c>{"Key":{…}}</c> itself and keeps unknown keys.</summary>
    public static BunqPage<T> ReadUnionList<T>(BunqResponse response) where T : class, IBunqModel<T>
    {
        var items = new List<T>();
        var pagination = Pagination.None;
        var reader = new Utf8JsonReader(response.Body.Span, ReaderOptions);
        try
        {
            ExpectStartObject(ref reader, response);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("Response"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray) throw Format(response, "\"Response\" is not an array.");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.StartObject) items.Add(T.ReadJson(ref reader));
                        else reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("Pagination"u8))
                {
                    reader.Read();
                    pagination = Pagination.ReadJson(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw Format(response, "The answer is not valid JSON.", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw Format(response, "The answer has an unexpected JSON shape.", ex);
        }
        return new BunqPage<T>(items, pagination, response.ResponseId);
    }

    /// <summary>Installation and session-server answers: several elements of different object types form one result.</summary>
    public static T ReadMulti<T>(BunqResponse response) where T : IBunqMultiResult<T>
    {
        var result = T.CreateEmpty();
        Visit(response, ref result, static (ref T r, string key, ref Utf8JsonReader reader) =>
        {
            var start = reader.TokenType;
            var depth = reader.CurrentDepth;
            if (!r.ReadPart(key, ref reader) && reader.TokenType == start && reader.CurrentDepth == depth)
            {
                reader.Skip();
            }
        }, out _);
        return result;
    }

    private static void Visit<TState>(BunqResponse response, ref TState state, ElementVisitor<TState> visitor, out Pagination pagination)
    {
        pagination = Pagination.None;
        var reader = new Utf8JsonReader(response.Body.Span, ReaderOptions);
        try
        {
            ExpectStartObject(ref reader, response);
            var sawResponse = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("Response"u8))
                {
                    sawResponse = true;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray) throw Format(response, "\"Response\" is not an array.");
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            reader.Skip();
                            continue;
                        }
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var key = reader.GetString()!;
                            reader.Read();
                            visitor(ref state, key, ref reader);
                        }
                    }
                }
                else if (reader.ValueTextEquals("Pagination"u8))
                {
                    reader.Read();
                    pagination = Pagination.ReadJson(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (!sawResponse) throw Format(response, "The answer has no \"Response\" array.");
        }
        catch (JsonException ex)
        {
            throw Format(response, "The answer is not valid JSON.", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw Format(response, "The answer has an unexpected JSON shape.", ex);
        }
    }

    private static void ExpectStartObject(ref Utf8JsonReader reader, BunqResponse response)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Format(response, "The answer is not a JSON object.");
        }
    }

    private static BunqResponseFormatException Missing(BunqResponse response, string objectType)
        => Format(response, $"The answer has no \"{objectType}\" element.");

    private static BunqResponseFormatException Format(BunqResponse response, string message, Exception? inner = null)
        => new(message + (response.ResponseId is null ? "" : $" (bunq response id {response.ResponseId})"), response.ResponseId, inner);

    private struct WrappedFieldState
    {
        public WrappedFieldState(string objectType, string field)
        {
            ObjectType = objectType;
            Field = field;
            Value = null;
        }

        public string ObjectType;
        public string Field;
        public string? Value;
    }

    private struct ObjectState<T> where T : class
    {
        public ObjectState(string objectType)
        {
            ObjectType = objectType;
            Value = null;
        }

        public string ObjectType;
        public T? Value;
    }

    private readonly struct ListState<T> where T : class
    {
        public ListState(string objectType)
        {
            ObjectType = objectType;
            Items = new List<T>();
        }

        public string ObjectType { get; }

        public List<T> Items { get; }
    }
}
