using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Emit;
using Bunq.CodeGen.Tests.Load;
using Bunq.Runtime;
using Bunq.Runtime.Json;

namespace Bunq.CodeGen.Tests.Wire;

/// <summary>One entry of tests/Recorded/manifest.json.</summary>
public sealed record RecordedEntry(string File, string Class, string? OperationId, string? Method, string? Path, bool Bare, int? Elements, JsonElement Expect, JsonElement Raw)
{
    public static readonly string Folder = System.IO.Path.Combine(SpecFiles.RepoRoot, "tests", "Recorded");

    public static IReadOnlyList<RecordedEntry> All { get; } = Load();

    public byte[] Bytes => System.IO.File.ReadAllBytes(System.IO.Path.Combine(Folder, File));

    public override string ToString() => File;

    private static List<RecordedEntry> Load()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllBytes(System.IO.Path.Combine(Folder, "manifest.json")));
        var list = new List<RecordedEntry>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            string? Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            list.Add(new RecordedEntry(
                Str("file")!, Str("class")!, Str("operationIdRepoSpec"), Str("method"), Str("path"), Str("envelope") == "bare",
                e.TryGetProperty("elements", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt32() : null,
                e.GetProperty("expect").Clone(), e.Clone()));
        }
        return list;
    }
}

/// <summary>
/// Reads a recorded answer through the generated client's types the way the generated endpoint method does (the same
/// envelope call with the operation's object-type keys), and walks the typed result by the manifest's JSON pointers.
/// </summary>
internal sealed class RecordedReader
{
    private readonly WireClientFixture _fixture;

    public RecordedReader(WireClientFixture fixture) => _fixture = fixture;

    public ApiOperation? Operation(RecordedEntry entry)
        => entry.OperationId is null ? null : _fixture.Model.Resources.SelectMany(r => r.Operations).FirstOrDefault(o => o.OperationId == entry.OperationId);

    /// <summary>Why the answer cannot be read through the repository spec's client; null when it can.</summary>
    public string? Unreadable(RecordedEntry entry)
    {
        if (entry.Class == "callback") return null;
        if (Operation(entry) is null) return "its operation (" + entry.Method + " " + entry.Path + ") is in neither specs/bunq.com.json nor the 2025 spec";
        return null;
    }

    public sealed class Result
    {
        public object? Value;
        public IList? Items;
        public Pagination? Pagination;
        public BunqApiException? Error;
        public BunqBinary? Binary;
        public List<BunqDriftEvent> Drift = new();
    }

    /// <summary>
    /// The one documented exception of reading: an id answer whose id is not an integer (a uuid) where the operation
    /// returns a numeric id cannot be returned without inventing a number.
    /// </summary>
    public bool IsNonNumericId(RecordedEntry entry, byte[] body)
    {
        if (Operation(entry)?.Shape != ResultShape.Id || entry.Class != "id") return false;
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("Response").EnumerateArray().Any(e => e.TryGetProperty("Id", out var id) && id.TryGetProperty("id", out var v) && v.ValueKind != JsonValueKind.Number);
    }

    public Result Read(RecordedEntry entry, byte[] body)
    {
        var result = new Result();
        using var scope = BunqDrift.Begin(entry.OperationId ?? "callback", null, result.Drift.Add);
        var op = Operation(entry);
        var response = new BunqResponse(entry.Class == "error" ? 404 : 200, body, entry.Class == "binary" ? "image/png" : "application/json", "recorded");
        Type Model(string? name) => _fixture.Type(name ?? throw new InvalidOperationException(entry.File + ": the operation has no response type"));
        switch (entry.Class)
        {
            case "callback":
                // The body is {"NotificationUrl":{…}}: its value is the NotificationUrl model, whose object is the EventObject union.
                using (var doc = JsonDocument.Parse(body))
                {
                    var inner = Encoding.UTF8.GetBytes(doc.RootElement.GetProperty("NotificationUrl").GetRawText());
                    result.Value = Invoke(typeof(RecordedReader).GetMethod(nameof(DeserializeBytes), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(_fixture.Type("NotificationUrl")), null, inner);
                }
                return result;
            case "error":
                result.Error = BunqErrors.Create(response.StatusCode, body, response.ResponseId);
                return result;
            case "binary":
                result.Binary = BunqBinary.From(response);
                return result;
        }
        if (entry.Bare)
        {
            // BunqJson.Deserialize takes a span, which reflection cannot pass: go through a generic wrapper.
            result.Value = Invoke(typeof(RecordedReader).GetMethod(nameof(DeserializeBytes), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(Model(op!.ResponseType)), null, body);
            return result;
        }
        var keys = op!.Keys.ToArray();
        switch (op.Shape)
        {
            case ResultShape.Id:
                result.Value = BunqEnvelope.ReadId(response);
                break;
            case ResultShape.Uuid:
                result.Value = BunqEnvelope.ReadUuid(response);
                break;
            case ResultShape.Empty:
                // Deletes: the generated method does not read the body; the envelope must still be one.
                result.Items = BunqEnvelope.ReadUnionList<Empty>(response).Items.ToList();
                break;
            case ResultShape.Multi:
                result.Value = Invoke(Envelope("ReadMulti").MakeGenericMethod(Model(op.ResponseType)), null, response);
                break;
            case ResultShape.Union when op.Kind == OperationKind.List:
                SetPage(result, Invoke(Envelope("ReadUnionList").MakeGenericMethod(Model(op.ResponseType)), null, response));
                break;
            case ResultShape.Union:
                result.Value = Invoke(Envelope("ReadUnion").MakeGenericMethod(Model(op.ResponseType)), null, response);
                break;
            case ResultShape.List:
                SetPage(result, Invoke(Envelope("ReadList").MakeGenericMethod(Model(op.ResponseType)), null, response, keys[0], keys.Skip(1).ToArray()));
                break;
            default:
                result.Value = Invoke(Envelope("ReadObject").MakeGenericMethod(Model(op.ResponseType)), null, response, keys[0], keys.Skip(1).ToArray());
                break;
        }
        return result;
    }

    private static void SetPage(Result result, object? page)
    {
        result.Items = (IList)page!.GetType().GetProperty("Items")!.GetValue(page)!;
        result.Pagination = (Pagination)page.GetType().GetProperty("Pagination")!.GetValue(page)!;
    }

    private static MethodInfo Envelope(string name) => typeof(BunqEnvelope).GetMethod(name)!;

    private static object? Invoke(MethodInfo method, object? target, params object?[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    private static T DeserializeBytes<T>(byte[] bytes) where T : IBunqModel<T> => BunqJson.Deserialize<T>(bytes);

    /// <summary>Reads any element as nothing: deletes answer {"Response":[{}]} and nothing of it is used.</summary>
    private sealed class Empty : IBunqModel<Empty>
    {
        public static Empty ReadJson(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return new Empty();
        }

        public void WriteJson(Utf8JsonWriter writer) => writer.WriteNullValue();
    }

    /// <summary>What the typed result holds at a manifest pointer: a typed value, or the JSON kept where no property holds it.</summary>
    public object? At(RecordedEntry entry, Result result, string pointer)
    {
        var segments = pointer.Split('/').Skip(1).Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToArray();
        var i = 0;
        object? node;
        switch (entry.Class)
        {
            case "callback":
                if (segments[0] != "NotificationUrl") throw new InvalidOperationException(pointer);
                node = result.Value;
                i = 1;
                break;
            case "error":
                var error = result.Error!.Errors[int.Parse(segments[1], CultureInfo.InvariantCulture)];
                return segments[2] == "error_description" ? error.Description : error.DescriptionTranslated;
            default:
                if (entry.Bare)
                {
                    node = result.Value;
                    break;
                }
                if (segments[0] == "Pagination")
                {
                    var p = result.Pagination ?? throw new InvalidOperationException("no pagination");
                    return segments[1] switch { "future_url" => p.FutureUrl, "newer_url" => p.NewerUrl, "older_url" => p.OlderUrl, _ => throw new InvalidOperationException(pointer) };
                }
                if (segments.Length == 1) return result.Items;
                var index = int.Parse(segments[1], CultureInfo.InvariantCulture);
                var op = Operation(entry)!;
                if (op.Shape is ResultShape.Id or ResultShape.Uuid)
                {
                    node = result.Value;
                    i = segments.Length;
                }
                else if (op.Shape == ResultShape.Multi)
                {
                    node = Step(result.Value, segments[2]);
                    i = 3;
                }
                else if (result.Items is not null)
                {
                    node = result.Items[index];
                    // A single-type list: the element's key is the envelope's, not part of the item.
                    i = op.Shape == ResultShape.List ? 3 : 2;
                }
                else
                {
                    node = result.Value;
                    i = op.Shape == ResultShape.Union ? 2 : 3;
                }
                break;
        }
        for (; i < segments.Length; i++) node = Step(node, segments[i]);
        return node;
    }

    /// <summary>A generated extensible enum (a struct holding its wire text): compared by that text.</summary>
    private static bool IsExtensibleEnum(object? value)
        => value is not null && value.GetType().IsValueType
           && value.GetType().GetMethod("FromWire", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static) is not null;

    private object? Step(object? node, string segment)
    {
        switch (node)
        {
            case null:
                throw new InvalidOperationException("nothing at " + segment + " (its parent is null)");
            case Kept keptValue:
                return Step(keptValue.Raw, segment);
            case JsonElement element:
                return element.ValueKind == JsonValueKind.Array ? element[int.Parse(segment, CultureInfo.InvariantCulture)] : element.GetProperty(segment);
            case IList list:
                // A one-item list read from an object the wire sent where the spec declares a list.
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return list.Count == 1 ? Step(list[0], segment) : throw new InvalidOperationException("a list has no " + segment);
                return list[index];
            case Amount amount:
                return segment switch { "value" => amount.Value, "currency" => amount.Currency, _ => throw new InvalidOperationException("Amount has no " + segment) };
        }
        var type = node.GetType();
        if (type.GetProperty("ObjectType") is { } objectType)
        {
            var key = (string)objectType.GetValue(node)!;
            if (type.GetProperty("Raw") is { } raw) return key == segment ? raw.GetValue(node) : throw new InvalidOperationException("the Unknown case holds " + key + ", not " + segment);
            var value = type.GetProperty("Value")!.GetValue(node);
            if (key == segment) return value;
            // A nested anchor sent under its own key: {"MonetaryAccountBank":…} as EventObject.MonetaryAccount.
            if (value?.GetType().GetProperty("ObjectType") is not null) return Step(value, segment);
            throw new InvalidOperationException("the union holds " + key + ", not " + segment);
        }
        var apiType = _fixture.Model.Types.FirstOrDefault(t => t.Name == type.Name) ?? throw new InvalidOperationException("no model type " + type.Name);
        if (apiType.Properties.Count == 1 && apiType.Properties[0].Type.Kind == TypeRefKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            // A {"Payment":[…]} wrapper the wire sent as the bare list.
            return Step(Step(node, apiType.Properties[0].JsonName), segment);
        }
        var kept = (BunqUnknownFields?)type.GetProperty("UnknownFields")?.GetValue(node);
        if (apiType.Properties.FirstOrDefault(p => p.JsonName == segment) is { } declared)
        {
            var property = type.GetProperty(EmitNames.Identifier(declared.CSharpName)) ?? type.GetProperty(EmitNames.Identifier(declared.CSharpName) + "Value")
                ?? throw new InvalidOperationException(type.Name + " has no property for " + segment);
            var typed = property.GetValue(node);
            if (typed is not null) return typed;
        }
        return kept is not null && kept.TryGetValue(segment, out var rawValue) ? new Kept(rawValue) : null;
    }

    /// <summary>A value no typed property holds: the JSON kept in the model's UnknownFields.</summary>
    public sealed record Kept(JsonElement Raw);

    /// <summary>Whether a typed (or kept) value is exactly the JSON value the wire had.</summary>
    public static string? Mismatch(JsonElement expected, object? actual)
    {
        if (actual is Kept kept) actual = kept.Raw;
        if (expected.ValueKind is JsonValueKind.Object or JsonValueKind.Array && actual is not null and not JsonElement)
        {
            // A whole object or list: compare what the typed value writes.
            var text = actual is IList items ? "[" + string.Join(",", items.Cast<object>().Select(Write)) + "]" : Write(actual);
            actual = JsonDocument.Parse(text).RootElement.Clone();
        }
        string Show(object? o) => o switch { null => "null", DateTimeOffset t => BunqJson.FormatTimestamp(t), IFormattable f => f.ToString(null, CultureInfo.InvariantCulture), _ => o.ToString() ?? "" };
        if (actual is JsonElement element) return JsonAssert.Difference(expected, element, "") is { } where ? "kept JSON differs at " + where : null;
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                return actual is null ? null : "expected null, read " + Show(actual);
            case JsonValueKind.String:
                var text = expected.GetString();
                var same = actual switch
                {
                    string s => s == text,
                    DateTimeOffset t => BunqJson.ParseTimestamp(text) == t,
                    long or int or decimal => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Convert.ToDecimal(actual, CultureInfo.InvariantCulture),
                    bool b => text == (b ? "true" : "false"),
                    _ when IsExtensibleEnum(actual) => actual!.ToString() == text,
                    _ => false,
                };
                return same ? null : "expected \"" + text + "\", read " + Show(actual);
            case JsonValueKind.Number:
                var raw = expected.GetRawText();
                var number = actual switch
                {
                    long or int or decimal => decimal.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture) == Convert.ToDecimal(actual, CultureInfo.InvariantCulture),
                    double d => double.Parse(raw, CultureInfo.InvariantCulture) == d,
                    string s => s == raw,
                    _ when IsExtensibleEnum(actual) => actual!.ToString() == raw,
                    _ => false,
                };
                return number ? null : "expected " + raw + ", read " + Show(actual);
            case JsonValueKind.True:
            case JsonValueKind.False:
                var flag = expected.ValueKind == JsonValueKind.True;
                return actual is bool b2 && b2 == flag || actual is string s2 && s2 == (flag ? "true" : "false") ? null : "expected " + flag + ", read " + Show(actual);
            default:
                return "expected a " + expected.ValueKind + " (compare it as JSON), read " + Show(actual);
        }
    }

    /// <summary>The typed result written back, one JSON text per wire element (in wire order), to compare with the wire.</summary>
    public IEnumerable<(string Where, string Wire, string Written)> RoundTrips(RecordedEntry entry, Result result, byte[] body)
    {
        if (entry.Class is "error" or "binary") yield break;
        using var doc = JsonDocument.Parse(body);
        if (entry.Class == "callback")
        {
            yield return ("/NotificationUrl", doc.RootElement.GetProperty("NotificationUrl").GetRawText(), Write(result.Value!));
            yield break;
        }
        if (entry.Bare)
        {
            yield return ("", doc.RootElement.GetRawText(), Write(result.Value!));
            yield break;
        }
        var op = Operation(entry)!;
        var elements = doc.RootElement.GetProperty("Response").EnumerateArray().ToList();
        switch (op.Shape)
        {
            case ResultShape.List:
                for (var i = 0; i < elements.Count; i++)
                {
                    var value = elements[i].EnumerateObject().Single().Value;
                    yield return ("/Response/" + i, value.GetRawText(), Write(result.Items![i]!));
                }
                break;
            case ResultShape.Union when result.Items is not null:
                for (var i = 0; i < elements.Count; i++) yield return ("/Response/" + i, elements[i].GetRawText(), Write(result.Items[i]!));
                break;
            case ResultShape.Union:
                yield return ("/Response/0", elements[0].GetRawText(), Write(result.Value!));
                break;
            case ResultShape.Object:
                var keys = op.Keys.ToArray();
                var chosen = elements.Select(e => e.EnumerateObject().Single()).First(p => keys.Contains(p.Name) || !elements.Any(x => keys.Contains(x.EnumerateObject().Single().Name)));
                yield return ("/Response/" + chosen.Name, chosen.Value.GetRawText(), Write(result.Value!));
                break;
            case ResultShape.Multi:
                foreach (var element in elements)
                {
                    var part = element.EnumerateObject().Single();
                    var apiType = _fixture.Model.Types.Single(t => t.Name == result.Value!.GetType().Name);
                    if (apiType.Properties.FirstOrDefault(p => p.JsonName == part.Name) is not { } declared) continue;
                    var value = result.Value!.GetType().GetProperty(EmitNames.Identifier(declared.CSharpName))!.GetValue(result.Value);
                    yield return ("/Response/" + part.Name, part.Value.GetRawText(), value is null ? "null" : Write(value));
                }
                break;
        }
    }

    public static string Write(object model)
    {
        var serialize = typeof(BunqJson).GetMethod(nameof(BunqJson.Serialize))!.MakeGenericMethod(model.GetType().BaseType is { IsAbstract: true } union && union != typeof(object) ? union : model.GetType());
        return Encoding.UTF8.GetString((byte[])serialize.Invoke(null, new[] { model })!);
    }
}
