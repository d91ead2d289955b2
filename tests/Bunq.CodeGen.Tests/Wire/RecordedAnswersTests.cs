using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Emit;
using Bunq.Runtime.Json;

namespace Bunq.CodeGen.Tests.Wire;

/// <summary>
/// Every recorded bunq answer (tests/Recorded, with its provenance) read through the generated client: each value the
/// manifest expects, exactly; every element written back as it came; and seeded mutations of keys, numbers and shapes
/// read without an exception, without a changed value, and reported.
/// </summary>
public sealed class RecordedAnswersTests : IClassFixture<WireClientFixture>
{
    private readonly WireClientFixture _fixture;
    private readonly RecordedReader _reader;

    public RecordedAnswersTests(WireClientFixture fixture)
    {
        _fixture = fixture;
        _reader = new RecordedReader(fixture);
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var e in RecordedEntry.All) data.Add(e.File);
        return data;
    }

    private static RecordedEntry Entry(string file) => RecordedEntry.All.Single(e => e.File == file);

    [Fact]
    public void Every_operation_class_is_recorded_and_readable()
    {
        var readable = RecordedEntry.All.Where(e => _reader.Unreadable(e) is null).Select(e => e.Class).Distinct().OrderBy(c => c, StringComparer.Ordinal);
        Assert.Equal(new[] { "anchor", "binary", "callback", "error", "id", "list", "multi", "object", "union", "uuid" }, readable);
        // The answers of operations no spec has any more are few and named; everything else is read below.
        Assert.Equal(7, RecordedEntry.All.Count(e => _reader.Unreadable(e) is not null));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_recorded_answer_reads_exactly(string file)
    {
        var entry = Entry(file);
        if (_reader.Unreadable(entry) is { } why)
        {
            // Not a skip: the answer must at least be bunq JSON (or bytes) that the runtime reads without throwing.
            Assert.True(entry.Class == "binary" || JsonDocument.Parse(entry.Bytes).RootElement.ValueKind == JsonValueKind.Object, why);
            return;
        }
        var body = entry.Bytes;
        if (_reader.IsNonNumericId(entry, body))
        {
            var drift = new List<BunqDriftEvent>();
            using (BunqDrift.Begin(entry.OperationId, new BunqDriftReporter(drift.Add, null)))
            {
                var ex = Assert.Throws<Bunq.Runtime.BunqResponseFormatException>(() => _reader.Read(entry, body));
                Assert.Contains("not an integer", ex.Message, StringComparison.Ordinal);
            }
            Assert.Contains(drift, d => d.Kind == BunqDriftKind.ScalarMismatch && d.Field == "Id.id");
            return;
        }
        var result = _reader.Read(entry, body);
        if (entry.Elements is { } elements && result.Items is not null) Assert.Equal(elements, result.Items.Count);
        if (entry.Class == "binary")
        {
            Assert.Equal(body, result.Binary!.Content.ToArray());
            Assert.Equal(entry.Raw.GetProperty("bytes").GetInt32(), result.Binary.Content.Length);
        }
        var failures = new List<string>();
        var op = _reader.Operation(entry);
        foreach (var expect in entry.Expect.EnumerateArray())
        {
            var pointer = expect.GetProperty("pointer").GetString()!;
            // A delete's answer is not read by the generated method: only that it is an envelope matters.
            if (op?.Shape == ResultShape.Empty) continue;
            if (op?.Shape is ResultShape.Id or ResultShape.Uuid && !(pointer.EndsWith("/Id/id", StringComparison.Ordinal) || pointer.EndsWith("/Uuid/uuid", StringComparison.Ordinal)))
            {
                // The method returns the id alone; the element's other fields must not vanish silently.
                var field = pointer.Split('/')[4];
                if (!result.Drift.Any(d => d.Kind == BunqDriftKind.UnknownField && d.Field.EndsWith("." + field, StringComparison.Ordinal))) failures.Add(pointer + ": not returned and not reported");
                continue;
            }
            try
            {
                if (RecordedReader.Mismatch(expect.GetProperty("value"), _reader.At(entry, result, pointer)) is { } mismatch) failures.Add(pointer + ": " + mismatch);
            }
            catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or ArgumentOutOfRangeException)
            {
                failures.Add(pointer + ": " + ex.Message);
            }
        }
        Assert.True(failures.Count == 0, file + "\n" + string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_recorded_answer_round_trips_without_losing_a_byte(string file)
    {
        var entry = Entry(file);
        if (_reader.Unreadable(entry) is not null || _reader.IsNonNumericId(entry, entry.Bytes)) return;
        var body = entry.Bytes;
        var result = _reader.Read(entry, body);
        foreach (var (where, wire, written) in _reader.RoundTrips(entry, result, body))
        {
            using var e = JsonDocument.Parse(wire);
            using var a = JsonDocument.Parse(written);
            Assert.True(JsonAssert.Difference(e.RootElement, a.RootElement, where) is null,
                file + ": written back differs at " + JsonAssert.Difference(e.RootElement, a.RootElement, where) + "\nwire:    " + wire + "\nwritten: " + written);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_drift_a_recorded_answer_carries_is_reported(string file)
    {
        var entry = Entry(file);
        if (_reader.Unreadable(entry) is not null || _reader.IsNonNumericId(entry, entry.Bytes)) return;
        var result = _reader.Read(entry, entry.Bytes);
        var missing = new List<string>();
        foreach (var drift in entry.Raw.GetProperty("drift").EnumerateArray())
        {
            var kind = drift.GetProperty("kind").GetString();
            var segments = drift.GetProperty("pointer").GetString()!.Split('/');
            var name = segments.Last();
            // A union key the repository's model knows (a nested anchor such as MonetaryAccountBank in a callback) is no drift here.
            if (kind == "unknown-union-key" && _fixture.Model.Types.Any(t => t.Cases.Any(c => c.Key == name))) continue;
            // A field inside a value that is itself kept raw (its parent was unknown) is reported through that parent.
            if (segments.Take(segments.Length - 1).Any(p => result.Drift.Any(d => d.Kind is BunqDriftKind.UnknownField or BunqDriftKind.UnknownObjectType && d.Field.EndsWith("." + p, StringComparison.Ordinal)))) continue;
            // The manifest's kinds are measured against the 2025 spec; the repository spec and the conventions table
            // already know some (decimal coordinates, aliases), so only the kinds that must reach the user are checked.
            var expected = kind switch { "unknown-field" when !DeclaredAnywhere(name) => BunqDriftKind.UnknownField, "unknown-union-key" => BunqDriftKind.UnknownObjectType, _ => (BunqDriftKind?)null };
            if (expected is { } k && !result.Drift.Any(d => d.Kind == k && d.Field.EndsWith("." + name, StringComparison.Ordinal))) missing.Add(k + " " + name);
        }
        Assert.True(missing.Count == 0, file + ": not reported: " + string.Join(", ", missing) + "\nreported: " + string.Join(", ", result.Drift.Select(d => d.Kind + " " + d.Field)));
    }

    // A field some model declares might be read by the type at that place; the manifest's pointer does not say which
    // model, so only fields no model declares are required to be reported.
    private bool DeclaredAsObject(string json) => _fixture.Model.Types.Any(t => t.Properties.Any(p => p.JsonName == json && p.Type.Kind is TypeRefKind.Model or TypeRefKind.Amount));

    private bool DeclaredAnywhere(string json) => _fixture.Model.Types.Any(t => t.Properties.Any(p => p.JsonName == json));

    public static TheoryData<string, string> Mutations()
    {
        var data = new TheoryData<string, string>();
        foreach (var e in RecordedEntry.All.Where(e => e.Class is "object" or "list" or "union" or "anchor" && !e.Bare))
        {
            foreach (var m in new[] { "key", "fraction", "number-as-string", "object-in-array", "unknown-field" }) data.Add(e.File, m);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void A_mutated_answer_reads_without_changing_a_value_and_is_reported(string file, string mutation)
    {
        var entry = Entry(file);
        if (_reader.Unreadable(entry) is not null) return;
        var op = _reader.Operation(entry)!;
        if (op.Shape == ResultShape.Empty) return;
        var root = JsonNode.Parse(entry.Bytes)!;
        if (root["Response"]!.AsArray().Count == 0) return;
        var element = root["Response"]!.AsArray()[0]!.AsObject();
        var key = element.Single().Key;
        var value = element[key] as JsonObject;
        if (value is null) return;
        // Seeded by the file name, so a failure replays exactly.
        var random = new Random(StableHash(file + mutation));
        string? pointer = null;
        string? shapePointer = null;
        string expectedKind;
        switch (mutation)
        {
            case "key":
                element.Remove(key);
                element["Drifted" + key] = value;
                expectedKind = op.Shape == ResultShape.Union ? nameof(BunqDriftKind.UnknownObjectType) : nameof(BunqDriftKind.UnexpectedKey);
                break;
            case "fraction":
            {
                var (path, number) = Pick(value, random, n => n.GetValueKind() == JsonValueKind.Number && n.GetValue<JsonElement>().TryGetInt64(out _));
                if (path is null) return;
                Replace(value, path, JsonValue.Create(decimal.Parse(number!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) + 0.5m));
                pointer = "/Response/0/" + key + path;
                expectedKind = nameof(BunqDriftKind.ScalarMismatch);
                break;
            }
            case "number-as-string":
            {
                var (path, number) = Pick(value, random, n => n.GetValueKind() == JsonValueKind.Number);
                if (path is null) return;
                Replace(value, path, JsonValue.Create(number!.ToJsonString()));
                pointer = "/Response/0/" + key + path;
                expectedKind = nameof(BunqDriftKind.ScalarMismatch);
                break;
            }
            case "object-in-array":
            {
                var (path, obj) = Pick(value, random, n => n is JsonObject o && o.Count > 0 && n.Parent is JsonObject);
                if (path is null) return;
                Replace(value, path, new JsonArray(obj!.DeepClone()));
                shapePointer = path;
                expectedKind = nameof(BunqDriftKind.ShapeMismatch);
                break;
            }
            default:
                value["drift_probe"] = new JsonObject { ["x"] = new JsonArray(1, 2.5, "three", null) };
                pointer = "/Response/0/" + key + "/drift_probe";
                expectedKind = nameof(BunqDriftKind.UnknownField);
                break;
        }
        var body = Encoding.UTF8.GetBytes(root.ToJsonString());
        var result = _reader.Read(entry, body);
        if (entry.Elements is { } elements && result.Items is not null) Assert.Equal(elements, result.Items.Count);
        // No value changed: every element is written back as the mutated wire has it.
        foreach (var (where, wire, written) in _reader.RoundTrips(entry, result, body))
        {
            using var e = JsonDocument.Parse(wire);
            using var a = JsonDocument.Parse(written);
            Assert.True(JsonAssert.Difference(e.RootElement, a.RootElement, where) is null,
                file + " " + mutation + ": written back differs at " + JsonAssert.Difference(e.RootElement, a.RootElement, where) + "\nwire:    " + wire + "\nwritten: " + written);
        }
        // Inside an object type the client does not know, everything is kept raw already: the round trip is the check.
        if (result.Drift.Any(d => d.Kind == BunqDriftKind.UnknownObjectType) && mutation != "key") return;
        if (pointer is not null)
        {
            // The value at the mutated place is the mutated value, typed or kept.
            var expected = JsonDocument.Parse(body).RootElement;
            foreach (var segment in pointer!.Split('/').Skip(1)) expected = expected.ValueKind == JsonValueKind.Array ? expected[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)] : expected.GetProperty(segment);
            var at = _reader.At(entry, result, pointer);
            Assert.True(RecordedReader.Mismatch(expected, at) is null, file + " " + mutation + " at " + pointer + ": " + RecordedReader.Mismatch(expected, at));
            // A value no property could hold unchanged is kept and reported (as a mismatch of its declared field, or as a
            // field the spec does not declare); one a property holds as it is (a decimal, raw JSON) need not be.
            var name = pointer.Split('/').Last();
            if (at is RecordedReader.Kept) Assert.Contains(result.Drift, d => (d.Kind.ToString() == expectedKind || d.Kind == BunqDriftKind.UnknownField) && d.Field.EndsWith("." + name, StringComparison.Ordinal));
        }
        else if (mutation == "key")
        {
            Assert.Contains(result.Drift, d => d.Kind.ToString() == expectedKind && d.Field.Contains("Drifted" + key, StringComparison.Ordinal));
        }
        else
        {
            // An object wrapped in an array: reported as a shape drift where an object is declared; where the field is a list,
            // raw JSON or undeclared, the wrapped value is what the property (or UnknownFields) holds, and the round trip above proves it.
            var name = shapePointer!.Split('/').Last();
            Assert.True(int.TryParse(name, out _) || result.Drift.Any(d => d.Field.EndsWith("." + name, StringComparison.Ordinal)) || !DeclaredAsObject(name),
                file + ": " + shapePointer + " wrapped in an array was not reported");
        }
    }

    private static (string? Path, JsonNode? Node) Pick(JsonObject root, Random random, Func<JsonNode, bool> fits)
    {
        var found = new List<(string, JsonNode)>();
        void Walk(JsonNode node, string path)
        {
            if (node is JsonObject o) foreach (var (k, v) in o) { if (v is null) continue; if (fits(v)) found.Add((path + "/" + k, v)); Walk(v, path + "/" + k); }
            else if (node is JsonArray a) for (var i = 0; i < a.Count; i++) { if (a[i] is null) continue; if (fits(a[i]!)) found.Add((path + "/" + i, a[i]!)); Walk(a[i]!, path + "/" + i); }
        }
        Walk(root, "");
        return found.Count == 0 ? (null, null) : found[random.Next(found.Count)];
    }

    private static void Replace(JsonObject root, string path, JsonNode replacement)
    {
        var segments = path.Split('/').Skip(1).ToArray();
        JsonNode node = root;
        for (var i = 0; i < segments.Length - 1; i++) node = node is JsonArray a ? a[int.Parse(segments[i], System.Globalization.CultureInfo.InvariantCulture)]! : node[segments[i]]!;
        var last = segments[^1];
        if (node is JsonArray array) array[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = replacement;
        else node[last] = replacement;
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            var h = 17;
            foreach (var c in text) h = h * 31 + c;
            return h & 0x7fffffff;
        }
    }
}
