using System.Text;
using System.Text.Json.Nodes;

namespace Bunq.Robustness.Tests.Support;

/// <summary>Seeded damage to a real bunq answer: what a broken proxy, a bunq bug or an API change could deliver.</summary>
internal static class AnswerMutator
{
    public static readonly string[] Kinds =
    {
        "truncate", "wrong-type", "delete-key", "unknown-object-type", "huge-number", "deep-nesting", "byte-flip", "not-an-envelope", "combined",
    };

    public static byte[] Mutate(byte[] answer, string kind, int seed)
    {
        var random = new Random(unchecked(seed * 7919 + kind.Length * 31 + kind[0]));
        switch (kind)
        {
            case "truncate":
                return answer[..random.Next(0, answer.Length)];
            case "byte-flip":
            {
                var copy = (byte[])answer.Clone();
                for (var i = 0; i < 1 + random.Next(6); i++) copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            }
            case "deep-nesting":
            {
                var text = Encoding.UTF8.GetString(answer);
                var depth = random.Next(2) == 0 ? 100_000 : 300;
                var nested = new string('[', depth) + new string(']', depth);
                // Replace one value (after a colon) by the nested arrays.
                var colon = text.IndexOf(':', random.Next(text.Length / 2));
                return colon < 0 ? Encoding.UTF8.GetBytes(nested) : Encoding.UTF8.GetBytes(text[..(colon + 1)] + nested + "," + "\"x\":" + text[(colon + 1)..]);
            }
            case "not-an-envelope":
                return Encoding.UTF8.GetBytes(random.Next(6) switch
                {
                    0 => "",
                    1 => "null",
                    2 => "[]",
                    3 => """{"Response":{}}""",
                    4 => """{"Response":[1,"two",null,[],{"":{}}]}""",
                    _ => "<html><body>502 Bad Gateway</body></html>",
                });
            case "combined":
            {
                var current = answer;
                for (var i = 0; i < 3; i++) current = Mutate(current, Kinds[1 + random.Next(4)], random.Next());
                return current;
            }
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(answer);
        }
        catch (System.Text.Json.JsonException)
        {
            return answer;
        }
        if (root is null) return answer;
        var nodes = All(root).ToList();
        for (var i = 0; i < 1 + random.Next(3); i++)
        {
            var objects = nodes.OfType<JsonObject>().Where(o => o.Count > 0).ToList();
            if (objects.Count == 0) break;
            var target = objects[random.Next(objects.Count)];
            var key = target.ElementAt(random.Next(target.Count)).Key;
            switch (kind)
            {
                case "wrong-type":
                    target[key] = random.Next(6) switch
                    {
                        0 => null,
                        1 => JsonValue.Create("text"),
                        2 => JsonValue.Create(true),
                        3 => new JsonArray(JsonValue.Create(1)),
                        4 => new JsonObject { ["value"] = "x" },
                        _ => JsonValue.Create(-1.5),
                    };
                    break;
                case "delete-key":
                    target.Remove(key);
                    break;
                case "unknown-object-type":
                {
                    // An element key bunq might add tomorrow; or a known key holding the wrong thing.
                    var value = target[key];
                    target.Remove(key);
                    target[random.Next(2) == 0 ? "PaymentFutureKind" + random.Next(100) : key.ToLowerInvariant()] = value?.DeepClone();
                    break;
                }
                case "huge-number":
                    target[key] = JsonNode.Parse(random.Next(4) switch
                    {
                        0 => "1e400",
                        1 => "99999999999999999999999999999",
                        2 => "-9223372036854775809",
                        _ => "9223372036854775807",
                    });
                    break;
            }
            nodes = All(root).ToList();
        }
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>A list answer of about <paramref name="megabytes"/> MB: one payment whose description is the bulk.</summary>
    public static byte[] Huge(byte[] listAnswer, int megabytes)
    {
        var text = Encoding.UTF8.GetString(listAnswer);
        var marker = "\"description\":\"";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        var filler = new string('A', megabytes * 1024 * 1024);
        return Encoding.UTF8.GetBytes(at < 0 ? text : text[..(at + marker.Length)] + filler + text[(at + marker.Length)..]);
    }

    private static IEnumerable<JsonNode> All(JsonNode root)
    {
        var stack = new Stack<JsonNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            if (node is JsonObject o) foreach (var (_, v) in o) { if (v is not null) stack.Push(v); }
            else if (node is JsonArray a) foreach (var v in a) { if (v is not null) stack.Push(v); }
        }
    }
}
