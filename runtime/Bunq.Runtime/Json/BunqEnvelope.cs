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
        using var scope = Drift(response);
        var text = ReadWrappedField(response, "Id", "id");
        if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var id)) return id;
        if (text is null) throw Missing(response, "Id");
        // Never a made-up number: an id that is not an integer (a uuid) cannot be this operation's long.
        BunqDrift.Report(BunqDriftKind.ScalarMismatch, "Id.id", "an id that is not an integer where this operation returns a numeric id");
        throw Format(response, "The answer's Id is not an integer (bunq sent text, e.g. a uuid, where this operation's id is numeric).");
    }

    /// <summary>
    /// <c>{"Response":[{"Uuid":{"uuid":"…"}}]}</c> → the uuid. <c>{"Id":{"id":"…"}}</c> is read too (and reported): bunq has
    /// answered creates of uuid-identified objects that way.
    /// </summary>
    public static string ReadUuid(BunqResponse response)
    {
        using var scope = Drift(response);
        if (ReadWrappedField(response, "Uuid", "uuid") is { } uuid) return uuid;
        if (ReadWrappedField(response, "Id", "id") is { } id)
        {
            BunqDrift.Report(BunqDriftKind.AliasKey, "Id", "{\"Id\":{\"id\":…}} where {\"Uuid\":{\"uuid\":…}} is expected; read as the uuid");
            return id;
        }
        throw Missing(response, "Uuid");
    }

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
                var name = isField ? null : reader.GetString();
                reader.Read();
                if (isField)
                {
                    s.Value = BunqJson.ReadString(ref reader);
                    continue;
                }
                // The method returns the id alone: say what else the element carried rather than drop it silently.
                BunqDrift.Report(BunqDriftKind.UnknownField, s.ObjectType + "." + name, "a field beside the " + s.Field + " the call returns; not returned");
                reader.Skip();
            }
        }, out _);
        return state.Value;
    }

    /// <summary>
    /// The first element under <paramref name="objectType"/> or one of its <paramref name="aliases"/> (keys the conventions
    /// table lists for the same object type). With neither, the first object element under any other key is read as
    /// <typeparamref name="T"/> and reported, rather than lost.
    /// </summary>
    public static T ReadObject<T>(BunqResponse response, string objectType, params string[] aliases) where T : class, IBunqModel<T>
    {
        using var scope = Drift(response);
        var state = new ObjectState<T>(objectType, aliases);
        Visit(response, ref state, static (ref ObjectState<T> s, string key, ref Utf8JsonReader reader) =>
        {
            if (s.Value is not null || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
            }
            else if (key == s.ObjectType)
            {
                s.Value = T.ReadJson(ref reader);
                s.Key = null;
            }
            else if (Array.IndexOf(s.Aliases, key) >= 0)
            {
                s.Value = T.ReadJson(ref reader);
                s.Key = key;
                s.Kind = BunqDriftKind.AliasKey;
            }
            else if (s.Fallback is null)
            {
                s.FallbackDetail = Unexpected<T>(ref reader, key, s.ObjectType, out var fallback);
                s.Fallback = fallback;
                s.FallbackKey = key;
            }
            else
            {
                reader.Skip();
            }
        }, out _);
        if (state.Value is not null)
        {
            if (state.Key is not null) BunqDrift.Report(BunqDriftKind.AliasKey, state.Key, "an element under \"" + state.Key + "\", which the conventions table lists for \"" + objectType + "\"");
            return state.Value;
        }
        if (state.Fallback is not null)
        {
            BunqDrift.Report(BunqDriftKind.UnexpectedKey, state.FallbackKey!, state.FallbackDetail!);
            return state.Fallback;
        }
        BunqDrift.Report(BunqDriftKind.MissingElement, objectType, "the answer has no element under \"" + objectType + "\"");
        throw Missing(response, objectType);
    }

    /// <summary>The first element, whatever its object type: the union reads the key itself.</summary>
    public static T ReadUnion<T>(BunqResponse response) where T : class, IBunqModel<T>
    {
        var page = ReadUnionList<T>(response);
        return page.Items.Count > 0 ? page.Items[0] : throw Missing(response, typeof(T).Name);
    }

    /// <summary>
    /// Every element, plus the pagination. Elements under <paramref name="objectType"/> or an alias are read; an object
    /// element under any other key is read as <typeparamref name="T"/> too and reported, so the page holds as many items as
    /// the wire has elements.
    /// </summary>
    public static BunqPage<T> ReadList<T>(BunqResponse response, string objectType, params string[] aliases) where T : class, IBunqModel<T>
    {
        using var scope = Drift(response);
        var state = new ListState<T>(objectType, aliases);
        Visit(response, ref state, static (ref ListState<T> s, string key, ref Utf8JsonReader reader) =>
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                BunqDrift.Report(BunqDriftKind.ShapeMismatch, key, "an element that is not an object (" + reader.TokenType + "); nothing to read");
                reader.Skip();
            }
            else if (key == s.ObjectType)
            {
                s.Items.Add(T.ReadJson(ref reader));
            }
            else if (Array.IndexOf(s.Aliases, key) >= 0)
            {
                s.Items.Add(T.ReadJson(ref reader));
                BunqDrift.Report(BunqDriftKind.AliasKey, key, "an element under \"" + key + "\", which the conventions table lists for \"" + s.ObjectType + "\"");
            }
            else
            {
                var detail = Unexpected<T>(ref reader, key, s.ObjectType, out var item);
                s.Items.Add(item);
                BunqDrift.Report(BunqDriftKind.UnexpectedKey, key, detail);
            }
        }, out var pagination);
        return new BunqPage<T>(state.Items, pagination, response.ResponseId);
    }

    /// <summary>Reads an element under an unlisted key as the expected type, and says how well its fields fit.</summary>
    private static string Unexpected<T>(ref Utf8JsonReader reader, string key, string objectType, out T item) where T : class, IBunqModel<T>
    {
        var fields = 0;
        var scan = reader;
        while (scan.Read() && scan.TokenType == JsonTokenType.PropertyName)
        {
            fields++;
            scan.Read();
            scan.Skip();
        }
        item = T.ReadJson(ref reader);
        var unknown = item.UnknownFields?.UndeclaredCount ?? 0;
        return "an element under \"" + key + "\" where \"" + objectType + "\" is expected; read as " + typeof(T).Name + " (" + (fields - unknown) + " of " + fields
            + " fields known" + (fields > 0 && unknown * 2 > fields ? ": it does not fit, check it is the same object type" : "") + ")";
    }

    private static BunqDrift.Scope Drift(BunqResponse response) => BunqDrift.Begin(response.OperationId, response.Drift);

    /// <summary>Every element as a union: the union type reads <c>{"Key":{…}}</c> itself and keeps unknown keys.</summary>
    public static BunqPage<T> ReadUnionList<T>(BunqResponse response) where T : class, IBunqModel<T>
    {
        using var scope = Drift(response);
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
        using var scope = Drift(response);
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

    private static BunqException Missing(BunqResponse response, string objectType)
        => Format(response, $"The answer has no \"{objectType}\" element.");

    private static BunqException Format(BunqResponse response, string message, Exception? inner = null)
        => response.Unexpected(new BunqResponseFormatException(message + (response.ResponseId is null ? "" : $" (bunq response id {response.ResponseId})"), response.ResponseId, inner));

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
        public ObjectState(string objectType, string[] aliases)
        {
            ObjectType = objectType;
            Aliases = aliases;
        }

        public string ObjectType;
        public string[] Aliases;
        public T? Value;
        public string? Key;
        public BunqDriftKind Kind;
        public T? Fallback;
        public string? FallbackKey;
        public string? FallbackDetail;
    }

    private readonly struct ListState<T> where T : class
    {
        public ListState(string objectType, string[] aliases)
        {
            ObjectType = objectType;
            Aliases = aliases;
            Items = new List<T>();
        }

        public string ObjectType { get; }

        public string[] Aliases { get; }

        public List<T> Items { get; }
    }
}
