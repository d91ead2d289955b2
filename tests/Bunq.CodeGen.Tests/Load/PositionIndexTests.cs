using System.Globalization;
using System.Text;
using System.Text.Json;
using Bunq.CodeGen.Load;
using Bunq.CodeGen.Tests.TestSupport;

namespace Bunq.CodeGen.Tests.Load;

/// <summary>
/// The JSON source map walks the tape the parser records instead of a dictionary of every node's pointer. These tests
/// hold it to what that dictionary said, for every node of every real bunq spec, and for the texts the parser gives up on.
/// </summary>
public class PositionIndexTests
{
    [SharedSpecsTheory]
    [MemberData(nameof(RealSpecLoadTests.SharedSpecNames), MemberType = typeof(RealSpecLoadTests))]
    public void Every_node_of_a_real_spec_is_placed_where_a_full_pointer_index_places_it(string fileName)
    {
        var path = SpecFiles.RequireSharedSpec(fileName);
        var text = File.ReadAllText(path);
        var utf8 = Encoding.UTF8.GetBytes(text);
        var lines = new Utf8LineIndex(utf8);
        var expected = FullIndex(utf8);
        var fromParser = SpecLoader.Load(path, text).SourceMap;
        var ownPass = JsonPositionIndex.Build(utf8, lines, SpecLoader.DefaultMaxDepth);

        Assert.True(expected.Count > 5_000, $"{expected.Count} pointers");
        foreach (var pair in expected)
        {
            var position = lines.ToPosition(pair.Value);
            var located = fromParser.Locate(pair.Key);
            Assert.True(
                (position.Line, position.Column) == (located.Line, located.Column),
                $"{pair.Key}: {located.Line}:{located.Column}, expected {position.Line}:{position.Column}");
            Assert.True(ownPass.TryGet(pair.Key, out var own) && own.Line == position.Line && own.Column == position.Column, pair.Key);
        }

        // Pointers to nothing: each falls back to its nearest existing ancestor, as before.
        foreach (var pointer in expected.Keys.Where((_, i) => i % 101 == 0))
        {
            Assert.False(fromParser.Contains(pointer + "/no such member"));
            Assert.Equal(fromParser.Locate(pointer).Line, fromParser.Locate(pointer + "/no such member/0").Line);
            Assert.Equal(fromParser.Locate(pointer).Column, fromParser.Locate(pointer + "/no such member/0").Column);
        }
    }

    [Fact]
    public void Of_repeated_names_the_last_one_that_has_the_rest_of_the_pointer_wins()
    {
        const string json = "{\"a\":{\"x\":1,\"y\":2},\"b\":0,\"a\":{\"y\":3}}";
        var map = MapOf(json);

        Assert.Equal(json.LastIndexOf("\"a\"", StringComparison.Ordinal) + 1, map.Locate("/a").Column);
        Assert.Equal(json.LastIndexOf("\"y\"", StringComparison.Ordinal) + 1, map.Locate("/a/y").Column);
        // Only the first "a" has an "x": found there, as a dictionary filled in document order kept it.
        Assert.Equal(json.IndexOf("\"x\"", StringComparison.Ordinal) + 1, map.Locate("/a/x").Column);
    }

    [Fact]
    public void Large_objects_find_their_members_by_name_and_repeated_names_still_resolve_to_the_last()
    {
        var members = Enumerable.Range(0, 40).Select(i => $"\"m{i}\":{{\"v\":{i}}}").ToList();
        members.Add("\"m7\":{\"w\":1}");
        var repeated = "{" + string.Join(",", members) + "}";
        var unique = "{" + string.Join(",", members.Take(40)) + "}";

        Assert.Equal(unique.IndexOf("\"m33\"", StringComparison.Ordinal) + 1, MapOf(unique).Locate("/m33").Column);
        Assert.Equal(unique.IndexOf("\"m33\"", StringComparison.Ordinal) + "\"m33\":{".Length + 1, MapOf(unique).Locate("/m33/v").Column);
        Assert.False(MapOf(unique).Contains("/m40"));
        Assert.Equal(repeated.LastIndexOf("\"m7\"", StringComparison.Ordinal) + 1, MapOf(repeated).Locate("/m7").Column);
        Assert.Equal(repeated.LastIndexOf("\"w\"", StringComparison.Ordinal) + 1, MapOf(repeated).Locate("/m7/w").Column);
        Assert.Equal(repeated.IndexOf("\"m7\":{\"v\"", StringComparison.Ordinal) + "\"m7\":{".Length + 1, MapOf(repeated).Locate("/m7/v").Column);
    }

    [Theory]
    [InlineData("/a~1b", "\"a/b\"")]
    [InlineData("/t~0", "\"t~\"")]
    [InlineData("/esc\u00e9", "\"esc\\u00e9\"")]
    [InlineData("/list/10", "true")]
    public void Escaped_names_and_array_indexes_are_found(string pointer, string token)
    {
        var list = "[" + string.Join(",", Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture))) + ",true]";
        var json = "{\"a/b\":1,\"t~\":2,\"esc\\u00e9\":3,\"list\":" + list + "}";

        var location = MapOf(json).Locate(pointer);

        Assert.Equal(json.IndexOf(token, StringComparison.Ordinal) + 1, location.Column);
    }

    [Theory]
    [InlineData("/list/01")]
    [InlineData("/list/-1")]
    [InlineData("/list/2")]
    [InlineData("/t~2")]
    [InlineData("/t~")]
    [InlineData("/a/b")]
    [InlineData("/x")]
    public void Pointers_spelled_otherwise_than_the_index_spells_them_name_nothing(string pointer)
    {
        var map = MapOf("{\"t~\":1,\"t~2\":1,\"a\":2,\"list\":[1,2]}");

        Assert.False(map.Contains(pointer));
    }

    [Fact]
    public void A_text_that_breaks_off_keeps_the_positions_read_before_the_break()
    {
        const string json = "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"t\",\"version\":";
        var result = SpecLoader.Load("broken.json", json);

        Assert.True(result.HasErrors);
        Assert.Equal(json.IndexOf("\"title\"", StringComparison.Ordinal) + 1, result.SourceMap.Locate("/info/title").Column);
        Assert.Equal(json.IndexOf("\"version\"", StringComparison.Ordinal) + 1, result.SourceMap.Locate("/info/version").Column);
        Assert.False(result.SourceMap.Contains("/paths"));
    }

    [Fact]
    public void A_name_that_is_not_valid_utf16_is_passed_over_and_does_not_throw()
    {
        var result = SpecLoader.Load("lone.json", "{\"openapi\":\"3.0.0\",\"x-\\ud83c\":1,\"x-next\":2}");

        Assert.True(result.HasErrors);
        Assert.True(result.SourceMap.Contains("/openapi"));
        Assert.True(result.SourceMap.Contains("/x-next"));
    }

    private static SpecSourceMap MapOf(string json) => SpecLoader.Load("t.json", json).SourceMap;

    /// <summary>The index the tape replaced, as the oracle: every node's pointer and its token's byte offset.</summary>
    private static Dictionary<string, long> FullIndex(byte[] utf8)
    {
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var containers = new Stack<(string Pointer, bool IsArray, int Next)>();
        string? member = null;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = SpecLoader.DefaultMaxDepth + 1 });
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    member = containers.Peek().Pointer + "/" + SpecSourceMap.Escape(reader.GetString()!);
                    offsets[member] = reader.TokenStartIndex;
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    containers.Pop();
                    continue;
            }

            string pointer;
            if (containers.Count == 0)
            {
                pointer = "";
                offsets[pointer] = reader.TokenStartIndex;
            }
            else if (containers.Peek().IsArray)
            {
                var parent = containers.Pop();
                pointer = parent.Pointer + "/" + parent.Next.ToString(CultureInfo.InvariantCulture);
                containers.Push((parent.Pointer, true, parent.Next + 1));
                offsets[pointer] = reader.TokenStartIndex;
            }
            else
            {
                pointer = member!;
            }

            if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray)
            {
                containers.Push((pointer, reader.TokenType == JsonTokenType.StartArray, 0));
            }
        }

        return offsets;
    }
}
