using Bunq.CodeGen.Load;

namespace Bunq.CodeGen.Tests.Load;

public class SourceMapTests
{
    private const string Json = "{\n  \"openapi\": \"3.0.0\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"paths\": {\n    \"/user/{userID}\": {\n      \"get\": {\n        \"operationId\": \"READ_User\",\n        \"tags\": [\"a\", \"b\"],\n        \"responses\": {\"200\": {\"description\": \"\u00e9\u00e9 ok\"}}\n      }\n    }\n  }\n}";

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("/openapi", 2, 3)]
    [InlineData("/info/version", 3, 26)]
    [InlineData("#/paths/~1user~1{userID}", 5, 5)]
    [InlineData("/paths/~1user~1{userID}/get", 6, 7)]
    [InlineData("/paths/~1user~1{userID}/get/tags/1", 8, 23)]
    [InlineData("/paths/~1user~1{userID}/get/responses/200/description", 9, 31)]
    public void Json_pointer_maps_to_line_and_column(string pointer, int line, int column)
    {
        var map = SpecLoader.Load("m.json", Json).SourceMap;

        var location = map.Locate(pointer);

        Assert.Equal((line, column), (location.Line, location.Column));
        Assert.Equal("m.json", location.FilePath);
        Assert.True(map.Contains(pointer));
    }

    [Fact]
    public void Missing_pointer_falls_back_to_nearest_ancestor_but_keeps_the_pointer()
    {
        var map = SpecLoader.Load("m.json", Json).SourceMap;

        var location = map.Locate("/paths/~1user~1{userID}/get/requestBody/content");

        Assert.Equal((6, 7), (location.Line, location.Column));
        Assert.Equal("/paths/~1user~1{userID}/get/requestBody/content", location.JsonPointer);
        Assert.False(map.Contains("/paths/~1user~1{userID}/get/requestBody"));
    }

    [Fact]
    public void Column_counts_characters_not_utf8_bytes()
    {
        // "éé ok" sits after two-byte characters on the same line in a one-line JSON text.
        const string oneLine = "{\"openapi\":\"3.0.0\",\"x-\u00e9\u00e9\u00e9\":1,\"x-next\":2}";
        var map = SpecLoader.Load("one.json", oneLine).SourceMap;

        var location = map.Locate("/x-next");

        Assert.Equal(1, location.Line);
        Assert.Equal(oneLine.IndexOf("\"x-next\"", StringComparison.Ordinal) + 1, location.Column);
    }

    [Fact]
    public void Yaml_pointer_maps_to_line_and_column()
    {
        const string yaml = "openapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /user/{userID}:\n    get:\n      tags: [a, b]\n      responses:\n        '200':\n          description: ok\n";
        var map = SpecLoader.Load("m.yaml", yaml).SourceMap;

        Assert.Equal((6, 3), Position(map.Locate("/paths/~1user~1{userID}")));
        Assert.Equal((7, 5), Position(map.Locate("/paths/~1user~1{userID}/get")));
        Assert.Equal((8, 17), Position(map.Locate("/paths/~1user~1{userID}/get/tags/1")));
        Assert.Equal((11, 11), Position(map.Locate("/paths/~1user~1{userID}/get/responses/200/description")));
    }

    [Fact]
    public void Real_spec_pointer_lands_on_its_member_name()
    {
        var text = File.ReadAllText(SpecFiles.RepoSpec);
        var result = SpecLoader.Load(SpecFiles.RepoSpec, text);
        var pointer = "/components/schemas/" + result.Document!.Components.Schemas.Keys.Last();

        var location = result.SourceMap.Locate(pointer);

        var lines = text.Split('\n');
        var name = pointer.Substring(pointer.LastIndexOf('/') + 1);
        Assert.Equal("\"" + name + "\"", lines[location.Line - 1].Substring(location.Column - 1, name.Length + 2));
    }

    private static (int, int) Position(Bunq.CodeGen.Diagnostics.SpecLocation location) => (location.Line, location.Column);
}
