using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bunq.Robustness.Tests.Support;

/// <summary>One mutated spec: its name (kind and seed, to reproduce it), its text, and the file extension it is loaded as.</summary>
internal sealed record Mutant(string Name, string Text, string Extension = ".json");

/// <summary>
/// Seeded mutations of bunq's spec. Tree mutations work on a parsed copy (System.Text.Json.Nodes) and serialise it;
/// text and byte mutations work on the serialised form, because some damage (duplicate keys, invalid UTF-8, nesting
/// beyond any writer's limit) cannot be expressed as a tree.
/// </summary>
internal static class SpecMutator
{
    /// <summary>The paths kept in the small slice: every result shape bunq has (list, union, multi, id, uuid, object).</summary>
    private static readonly string[] SlicePaths =
    {
        "/installation",
        "/session-server",
        "/device-server",
        "/user",
        "/user/{itemId}",
        "/attachment-public",
        "/user/{userID}/monetary-account",
        "/user/{userID}/monetary-account/{itemId}",
        "/user/{userID}/monetary-account/{monetary-accountID}/payment",
        "/user/{userID}/monetary-account/{monetary-accountID}/payment/{itemId}",
    };

    public static readonly string[] Kinds =
    {
        "truncate", "delete-key", "duplicate-key", "wrong-type", "huge-string", "deep-nesting", "cyclic-ref", "invalid-utf8", "combined",
    };

    public static JsonObject Parse(string text) => JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 512 })!.AsObject();

    public static string Serialize(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, MaxDepth = 4096 });

    /// <summary>bunq's spec cut to a handful of paths and the schemas they reach: small enough that a failing mutant can be kept as a regression file.</summary>
    public static JsonObject Slice(JsonObject spec)
    {
        var slice = (JsonObject)spec.DeepClone();
        var paths = slice["paths"]!.AsObject();
        foreach (var path in paths.Select(p => p.Key).ToList())
        {
            if (!SlicePaths.Contains(path)) paths.Remove(path);
        }
        slice.Remove("tags");
        var schemas = slice["components"]!["schemas"]!.AsObject();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode>();
        pending.Push(paths);
        while (pending.Count > 0)
        {
            foreach (var reference in References(pending.Pop()))
            {
                const string prefix = "#/components/schemas/";
                if (!reference.StartsWith(prefix, StringComparison.Ordinal)) continue;
                var name = reference[prefix.Length..];
                if (reached.Add(name) && schemas[name] is { } schema) pending.Push(schema);
            }
        }
        foreach (var name in schemas.Select(s => s.Key).ToList())
        {
            if (!reached.Contains(name)) schemas.Remove(name);
        }
        return slice;
    }

    private static IEnumerable<string> References(JsonNode node)
    {
        var stack = new Stack<JsonNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var target)) yield return target;
                        else if (value is not null) stack.Push(value);
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a) if (item is not null) stack.Push(item);
                    break;
            }
        }
    }

    /// <summary>A mutant of <paramref name="spec"/> of one kind; the same (kind, seed) always gives the same text.</summary>
    public static Mutant Mutate(JsonObject spec, string kind, int seed)
    {
        // Not HashCode.Combine: it is randomised per process, and a mutant must be reproducible from its name.
        var random = new Random(unchecked(seed * 7919 + StableHash(kind)));
        var name = $"{kind}-{seed}";
        switch (kind)
        {
            case "truncate":
            {
                var text = Serialize(spec);
                return new Mutant(name, text[..random.Next(0, text.Length)]);
            }
            case "delete-key":
            {
                var copy = (JsonObject)spec.DeepClone();
                for (var i = 0; i < 1 + random.Next(4); i++)
                {
                    var target = PickObject(copy, random);
                    if (target.Count > 0) target.Remove(target.ElementAt(random.Next(target.Count)).Key);
                }
                return new Mutant(name, Serialize(copy));
            }
            case "duplicate-key":
                return new Mutant(name, DuplicateKey(spec, random));
            case "wrong-type":
            {
                var copy = (JsonObject)spec.DeepClone();
                for (var i = 0; i < 1 + random.Next(4); i++)
                {
                    var target = PickObject(copy, random);
                    if (target.Count == 0) continue;
                    target[target.ElementAt(random.Next(target.Count)).Key] = WrongValue(random);
                }
                return new Mutant(name, Serialize(copy));
            }
            case "huge-string":
            {
                var copy = (JsonObject)spec.DeepClone();
                var target = PickObject(copy, random);
                var huge = new string((char)('a' + random.Next(26)), (Robust.Full ? 16 : 4) * 1024 * 1024);
                if (random.Next(2) == 0 || target.Count == 0) target[huge[..Math.Min(huge.Length, 1 + random.Next(1_000_000))]] = "x";
                else target[target.ElementAt(random.Next(target.Count)).Key] = huge;
                return new Mutant(name, Serialize(copy));
            }
            case "deep-nesting":
                return new Mutant(name, DeepNesting(spec, random));
            case "cyclic-ref":
                return new Mutant(name, Serialize(CyclicRefs(spec, random)));
            case "invalid-utf8":
                return new Mutant(name, InvalidUtf8(spec, random));
            case "combined":
            {
                // Several kinds at once: damage that is harmless alone can meet other damage on the way.
                var current = spec;
                for (var i = 0; i < 2 + random.Next(2); i++)
                {
                    var step = Kinds[random.Next(Kinds.Length - 1)];
                    if (step is "truncate" or "invalid-utf8" or "huge-string" or "duplicate-key" or "deep-nesting") continue;
                    current = Parse(Mutate(current, step, random.Next()).Text);
                }
                return new Mutant(name, Serialize(current));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown mutation");
        }
    }

    /// <summary>A YAML "billion laughs": ten levels of aliases that each repeat the previous one ten times.</summary>
    public static Mutant YamlAliasBomb()
    {
        var yaml = new StringBuilder("openapi: 3.0.0\ninfo: {title: bomb, version: '1'}\nx-a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i <= 10; i++)
        {
            var prior = "*a" + (i - 1);
            yaml.Append($"x-a{i}: &a{i} [{string.Join(",", Enumerable.Repeat(prior, 10))}]\n");
        }
        yaml.Append("paths:\n  /user:\n    get:\n      operationId: List_all_User\n      x-bomb: *a10\n      responses: {'200': {description: ok}}\n");
        return new Mutant("yaml-alias-bomb", yaml.ToString(), ".yaml");
    }

    /// <summary>The slice as YAML-flavoured JSON (JSON is YAML) loaded through the YAML path, with aliases that refer to each other.</summary>
    public static Mutant YamlAliasCycle()
        => new("yaml-alias-self", "openapi: 3.0.0\ninfo: &i {title: x, version: '1', x-self: *i}\npaths: {}\n", ".yaml");

    private static JsonObject PickObject(JsonObject root, Random random)
    {
        var objects = new List<JsonObject>();
        var stack = new Stack<JsonNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is JsonObject o)
            {
                objects.Add(o);
                foreach (var (_, value) in o) if (value is not null) stack.Push(value);
            }
            else if (node is JsonArray a)
            {
                foreach (var item in a) if (item is not null) stack.Push(item);
            }
        }
        return objects[random.Next(objects.Count)];
    }

    private static JsonNode? WrongValue(Random random) => random.Next(7) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next() - int.MaxValue / 2),
        2 => JsonValue.Create(random.Next(2) == 0),
        3 => new JsonArray(JsonValue.Create(1), JsonValue.Create("two"), new JsonObject()),
        4 => new JsonObject { ["$ref"] = "#/components/schemas/" + (random.Next(2) == 0 ? "Nope" : "") },
        5 => JsonValue.Create(1e308),
        _ => JsonValue.Create("not what was expected"),
    };

    private static string DuplicateKey(JsonObject spec, Random random)
    {
        var target = PickObject(spec, random);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, MaxDepth = 4096, SkipValidation = true }))
        {
            Write(spec, writer, target, random.Next());
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(JsonNode? node, Utf8JsonWriter writer, JsonObject target, int pick)
    {
        switch (node)
        {
            case JsonObject o:
                writer.WriteStartObject();
                var index = 0;
                var chosen = o.Count == 0 ? -1 : pick % o.Count;
                foreach (var (key, value) in o)
                {
                    var times = ReferenceEquals(o, target) && index == chosen ? 2 : 1;
                    for (var t = 0; t < times; t++)
                    {
                        writer.WritePropertyName(key);
                        // The second copy differs, so a reader that keeps either one gives a different document.
                        if (t == 1) writer.WriteStringValue("duplicate");
                        else Write(value, writer, target, pick);
                    }
                    index++;
                }
                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a) Write(item, writer, target, pick);
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static string DeepNesting(JsonObject spec, Random random)
    {
        // Beyond the loader's 128 levels and System.Text.Json's default 64, in the places a spec may recurse.
        var depth = random.Next(2) == 0 ? 10_000 : 200 + random.Next(100);
        var open = random.Next(3) switch { 0 => "[", 1 => "{\"a\":", _ => "{\"type\":\"object\",\"properties\":{\"p\":" };
        var close = open switch { "[" => "]", "{\"a\":" => "}", _ => "}}" };
        var nested = new StringBuilder();
        for (var i = 0; i < depth; i++) nested.Append(open);
        nested.Append("1");
        for (var i = 0; i < depth; i++) nested.Append(close);
        var copy = (JsonObject)spec.DeepClone();
        var target = PickObject(copy, random);
        const string marker = "__deep_nesting_marker__";
        target["x-deep"] = marker;
        return Serialize(copy).Replace("\"" + marker + "\"", nested.ToString(), StringComparison.Ordinal);
    }

    private static JsonObject CyclicRefs(JsonObject spec, Random random)
    {
        var copy = (JsonObject)spec.DeepClone();
        var schemas = copy["components"]!["schemas"]!.AsObject();
        var names = schemas.Select(s => s.Key).ToList();
        var a = names[random.Next(names.Count)];
        var b = names[random.Next(names.Count)];
        switch (random.Next(5))
        {
            case 0:
                // A schema that is only a reference to itself.
                schemas[a] = new JsonObject { ["$ref"] = "#/components/schemas/" + a };
                break;
            case 1:
                // Two schemas that are references to each other.
                schemas[a] = new JsonObject { ["$ref"] = "#/components/schemas/" + b };
                schemas[b] = new JsonObject { ["$ref"] = "#/components/schemas/" + a };
                break;
            case 2:
                // allOf through itself.
                schemas[a] = new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + a }) };
                break;
            case 3:
                // A property, an array item and additionalProperties that point back at their own schema (legitimate recursion).
                schemas[a] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["self"] = new JsonObject { ["$ref"] = "#/components/schemas/" + a },
                        ["children"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/components/schemas/" + a } },
                        ["map"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["$ref"] = "#/components/schemas/" + b } },
                    },
                };
                schemas[b] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["back"] = new JsonObject { ["$ref"] = "#/components/schemas/" + a } } };
                break;
            default:
                // A response that is a reference to a response that is a reference to it.
                var responses = copy["components"]!.AsObject()["responses"] = new JsonObject
                {
                    ["R1"] = new JsonObject { ["$ref"] = "#/components/responses/R2" },
                    ["R2"] = new JsonObject { ["$ref"] = "#/components/responses/R1" },
                };
                var paths = copy["paths"]!.AsObject();
                var op = paths.ElementAt(random.Next(paths.Count)).Value!.AsObject().First().Value!.AsObject();
                op["responses"] = new JsonObject { ["200"] = new JsonObject { ["$ref"] = "#/components/responses/R1" } };
                break;
        }
        return copy;
    }

    private static string InvalidUtf8(JsonObject spec, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(Serialize(spec)).ToList();
        for (var i = 0; i < 1 + random.Next(8); i++)
        {
            var bad = random.Next(5) switch
            {
                0 => new byte[] { 0xFF },
                1 => new byte[] { 0xC3 },                   // a lead byte without its continuation
                2 => new byte[] { 0xED, 0xA0, 0x80 },       // an encoded surrogate
                3 => new byte[] { 0xF8, 0x88, 0x80, 0x80, 0x80 },
                _ => new byte[] { 0x00 },
            };
            bytes.InsertRange(random.Next(bytes.Count), bad);
        }
        // Decoded the way a host reads the file: bad sequences become U+FFFD. A lone surrogate goes in as text as well.
        var text = Encoding.UTF8.GetString(bytes.ToArray());
        var at = random.Next(text.Length);
        return text[..at] + "\uD800" + text[at..];
    }

    private static int StableHash(string s)
    {
        var h = 17;
        foreach (var c in s) h = h * 31 + c;
        return h;
    }
}
