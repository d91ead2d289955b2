using System.Diagnostics;
using System.Text;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Load;

namespace Bunq.CodeGen.Tests.Load;

/// <summary>Broken or hostile input yields diagnostics, never an exception, in bounded time.</summary>
public class BadInputTests
{
    private const string Minimal = """
        {
          "openapi": "3.0.0",
          "info": { "title": "t", "version": "1" },
          "paths": {
            "/user": {
              "get": {
                "operationId": "List_all_User",
                "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/UserListing" } } } } }
              }
            }
          },
          "components": { "schemas": { "UserListing": { "type": "object", "properties": { "id": { "type": "integer" } } } } }
        }
        """;

    [Fact]
    public void Minimal_spec_loads_cleanly()
    {
        var result = SpecLoader.Load("min.json", Minimal);

        RealSpecLoadTests.AssertNoErrors(result);
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.Document!.Paths);
    }

    [Fact]
    public void Empty_file_is_unreadable()
    {
        foreach (var text in new[] { "", "   \r\n\t ", "\uFEFF" })
        {
            var result = SpecLoader.Load("empty.json", text);

            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal(DiagnosticCatalog.SpecUnreadable.Id, diagnostic.Id);
            Assert.Contains("empty", diagnostic.Message, StringComparison.Ordinal);
            Assert.Null(result.Document);
            Assert.True(result.HasErrors);
        }
    }

    [Fact]
    public void Missing_file_is_unreadable()
    {
        var result = SpecLoader.LoadFile(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid(), "spec.json"));

        Assert.Equal(DiagnosticCatalog.SpecUnreadable.Id, Assert.Single(result.Diagnostics).Id);
        Assert.Null(result.Document);
    }

    [Fact]
    public void Truncated_json_reports_syntax_error_with_position()
    {
        var text = Minimal.Substring(0, Minimal.IndexOf("\"responses\"", StringComparison.Ordinal) + 20);

        var result = SpecLoader.Load("cut.json", text);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.SpecSyntaxError.Id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("JSON", diagnostic.Message, StringComparison.Ordinal);
        Assert.True(diagnostic.Location.HasPosition);
        Assert.Equal(8, diagnostic.Location.Line);
        // The innermost object open when the text ended.
        Assert.Equal("/paths/~1user/get/responses", diagnostic.Location.JsonPointer);
        Assert.Null(result.Document);
    }

    [Fact]
    public void Truncated_real_spec_reports_syntax_error()
    {
        var text = File.ReadAllText(SpecFiles.RepoSpec);

        var result = SpecLoader.Load("cut.json", text.Substring(0, text.Length / 2));

        Assert.Equal(DiagnosticCatalog.SpecSyntaxError.Id, Assert.Single(result.Diagnostics).Id);
        // bunq ships its spec as one line.
        Assert.Equal(1, result.Diagnostics[0].Location.Line);
        Assert.True(result.Diagnostics[0].Location.Column > text.Length / 3, result.Diagnostics[0].ToCompilerString());
    }

    [Fact]
    public void Json_syntax_error_in_the_middle_is_located()
    {
        var text = Minimal.Replace("\"title\": \"t\",", "\"title\": \"t\" ,,", StringComparison.Ordinal);

        var result = SpecLoader.Load("bad.json", text);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.SpecSyntaxError.Id, diagnostic.Id);
        Assert.Equal(3, diagnostic.Location.Line);
        Assert.Equal("/info", diagnostic.Location.JsonPointer);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("just some words")]
    [InlineData("key: [unclosed")]
    [InlineData("- a\n- b\n")]
    [InlineData("\"a string\"")]
    public void Text_that_is_not_an_openapi_document_is_reported(string text)
    {
        var result = SpecLoader.Load("junk.txt", text);

        Assert.True(result.HasErrors, string.Join("\n", result.Diagnostics.Select(d => d.ToCompilerString())));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticCatalog.InternalError.Id);
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticCatalog.UnsupportedVersion.Id || d.Id == DiagnosticCatalog.SpecSyntaxError.Id);
        Assert.Null(result.Document);
    }

    [Fact]
    public void Yaml_syntax_error_is_located_by_line_and_column()
    {
        const string yaml = "openapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: '1'\npaths: {}\n";

        var result = SpecLoader.Load("bad.yaml", yaml);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.SpecSyntaxError.Id, diagnostic.Id);
        Assert.Contains("YAML", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Lin:", diagnostic.Message, StringComparison.Ordinal);
        // Where SharpYaml notices the open '[': the ':' of the next key.
        Assert.Equal((4, 10), (diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.Null(result.Document);
    }

    [Theory]
    [InlineData("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{}}", "3.1.0")]
    [InlineData("{\"swagger\":\"1.2\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{}}", "swagger 1.2")]
    [InlineData("{\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{}}", "(none)")]
    [InlineData("[1,2,3]", "(none)")]
    [InlineData("openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths: {}\n", "3.1.0")]
    public void Unsupported_version_is_reported(string text, string version)
    {
        var result = SpecLoader.Load("v.json", text);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.UnsupportedVersion.Id, diagnostic.Id);
        Assert.Contains("'" + version + "'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Null(result.Document);
    }

    [Fact]
    public void Dangling_ref_is_repaired_and_reported_once_at_the_ref()
    {
        var text = Minimal.Replace("#/components/schemas/UserListing", "#/components/schemas/Nope", StringComparison.Ordinal);

        var result = SpecLoader.Load("dangling.json", text);

        RealSpecLoadTests.AssertNoErrors(result);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.DanglingReferenceRepaired.Id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("raw JSON", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("#/components/schemas/Nope", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("/paths/~1user/get/responses/200/content/application~1json/schema/$ref", diagnostic.Location.JsonPointer);
        Assert.Equal(8, diagnostic.Location.Line);
        Assert.NotNull(result.Document);
    }

    [Fact]
    public void Dangling_ref_in_yaml_is_reported_with_a_line()
    {
        const string yaml = """
            openapi: 3.0.0
            info:
              title: t
              version: '1'
            paths:
              /user:
                get:
                  operationId: List_all_User
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Nope'
            """;

        var result = SpecLoader.Load("dangling.yaml", yaml);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.DanglingReference.Id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("'#/components/schemas/Nope'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("/paths/~1user/get/responses/200/content/application~1json/schema/$ref", diagnostic.Location.JsonPointer);
        Assert.Equal((15, 17), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void Operation_without_responses_is_loaded_and_left_to_the_model()
    {
        var text = Minimal.Replace(
            "\"/user\": {",
            "\"/user\": {\n      \"post\": { \"operationId\": \"CREATE_User\" },",
            StringComparison.Ordinal);

        var result = SpecLoader.Load("noresponses.json", text);

        // The Model stage reports BUNQ0011 at the operation; the reader's pointer-less validator error is not repeated.
        Assert.Empty(result.Diagnostics);
        Assert.False(result.HasErrors);
        var post = result.Document!.Paths["/user"].Operations[Microsoft.OpenApi.Models.OperationType.Post];
        Assert.Empty(post.Responses);
        Assert.Equal("CREATE_User", post.OperationId);
        Assert.Equal((6, 7), (result.SourceMap.Locate("/paths/~1user/post").Line, result.SourceMap.Locate("/paths/~1user/post").Column));
    }

    [Fact]
    public void Duplicate_key_is_a_warning_and_the_last_value_wins()
    {
        var text = Minimal.Replace("\"title\": \"t\",", "\"title\": \"first\", \"title\": \"t\",", StringComparison.Ordinal);

        var result = SpecLoader.Load("dup.json", text);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.DuplicateKey.Id, diagnostic.Id);
        Assert.Equal("/info/title", diagnostic.Location.JsonPointer);
        Assert.Equal(3, diagnostic.Location.Line);
        Assert.Equal("t", result.Document!.Info.Title);
    }

    [Fact]
    public void Ten_thousand_levels_of_json_nesting_are_refused_quickly()
    {
        var text = "{\"openapi\":\"3.0.0\",\"x-deep\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        var watch = Stopwatch.StartNew();
        var result = SpecLoader.Load("deep.json", text);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.DocumentTooDeep.Id, diagnostic.Id);
        Assert.Equal(1, diagnostic.Location.Line);
        Assert.StartsWith("/x-deep/0/0/0", diagnostic.Location.JsonPointer, StringComparison.Ordinal);
        Assert.Null(result.Document);
    }

    [Fact]
    public void Deep_yaml_nesting_is_refused()
    {
        var text = "openapi: 3.0.0\nx-deep: " + new string('[', 10_000) + new string(']', 10_000) + "\n";

        var result = SpecLoader.Load("deep.yaml", text);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.DocumentTooDeep.Id, diagnostic.Id);
        Assert.Equal(2, diagnostic.Location.Line);
        Assert.Null(result.Document);
    }

    [Fact]
    public void Yaml_scanner_failure_is_a_syntax_error_not_an_exception()
    {
        // SharpYaml's scanner throws ArgumentOutOfRangeException on an escaped surrogate pair in a YAML string.
        const string yaml = "openapi: 3.0.0\ninfo:\n  title: \"\\ud83c\\udf89\"\n  version: '1'\npaths: {}\n";

        var result = SpecLoader.Load("emoji.yaml", yaml);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.SpecSyntaxError.Id, diagnostic.Id);
        Assert.Contains("YAML", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_alias_bomb_is_refused_quickly()
    {
        var yaml = new StringBuilder("openapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\npaths: {}\n");
        yaml.Append("x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"x-a{i}: &a{i} [");
            yaml.Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10)));
            yaml.Append("]\n");
        }

        var watch = Stopwatch.StartNew();
        var result = SpecLoader.Load("bomb.yaml", yaml.ToString());

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), watch.Elapsed.ToString());
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticCatalog.YamlAliasBomb.Id && d.Severity == DiagnosticSeverity.Error);
        Assert.Null(result.Document);
    }

    [Fact]
    public void Harmless_yaml_aliases_are_allowed()
    {
        const string yaml = """
            openapi: 3.0.0
            info:
              title: t
              version: '1'
            paths:
              /a:
                get:
                  operationId: READ_A
                  responses: &ok
                    '200':
                      description: ok
              /b:
                get:
                  operationId: READ_B
                  responses: *ok
            """;

        var result = SpecLoader.Load("alias.yaml", yaml);

        RealSpecLoadTests.AssertNoErrors(result);
        Assert.Equal("ok", result.Document!.Paths["/b"].Operations.Single().Value.Responses["200"].Description);
    }

    [Fact]
    public void Input_over_the_size_limit_is_refused_without_parsing()
    {
        var limits = new LoadLimits(maxInputBytes: 1000, SpecLoader.DefaultMaxDepth, SpecLoader.DefaultMaxAliasExpansionNodes);
        var text = Minimal + new string(' ', 1000);

        var result = SpecLoader.Load("big.json", text, limits, CancellationToken.None);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.DocumentTooLarge.Id, diagnostic.Id);
        Assert.Contains("1000", diagnostic.Message, StringComparison.Ordinal);
        Assert.Null(result.Document);
    }

    [Fact]
    public void File_over_the_size_limit_is_refused_before_reading()
    {
        var path = Path.Combine(Path.GetTempPath(), "bunq-load-" + Guid.NewGuid() + ".json");
        File.WriteAllText(path, Minimal + new string(' ', 5000));
        try
        {
            var limits = new LoadLimits(maxInputBytes: 4096, SpecLoader.DefaultMaxDepth, SpecLoader.DefaultMaxAliasExpansionNodes);

            var result = SpecLoader.LoadFile(path, limits, CancellationToken.None);

            Assert.Equal(DiagnosticCatalog.DocumentTooLarge.Id, Assert.Single(result.Diagnostics).Id);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Default_size_limit_refuses_65_MB()
    {
        var text = "{\"openapi\":\"3.0.0\",\"x-pad\":\"" + new string('a', 65 * 1024 * 1024) + "\"}";

        var result = SpecLoader.Load("huge.json", text);

        Assert.Equal(DiagnosticCatalog.DocumentTooLarge.Id, Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void Ten_megabyte_spec_loads_in_bounded_time()
    {
        var text = GenerateSpec(targetBytes: 10 * 1024 * 1024, out var schemaCount, out var pathCount);
        Assert.True(Encoding.UTF8.GetByteCount(text) >= 10 * 1024 * 1024);

        var watch = Stopwatch.StartNew();
        var result = SpecLoader.Load("ten-mb.json", text);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), watch.Elapsed.ToString());
        RealSpecLoadTests.AssertNoErrors(result);
        Assert.Equal(schemaCount, result.Document!.Components.Schemas.Count);
        Assert.Equal(pathCount, result.Document.Paths.Count);
    }

    [Fact]
    public void Cancellation_is_the_only_exception()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => SpecLoader.Load("x.json", Minimal, cancelled.Token));
    }

    [Fact]
    public void Null_arguments_do_not_throw()
    {
        var result = SpecLoader.Load(null!, null!);

        Assert.Equal(DiagnosticCatalog.SpecUnreadable.Id, Assert.Single(result.Diagnostics).Id);
        Assert.Equal("", result.FilePath);
    }

    [Fact]
    public void Lone_surrogate_escape_does_not_throw()
    {
        var text = Minimal.Replace("\"title\": \"t\"", "\"title\": \"\\ud83c\"", StringComparison.Ordinal);

        var result = SpecLoader.Load("surrogate.json", text);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.SpecSyntaxError.Id, diagnostic.Id);
        Assert.Equal(3, diagnostic.Location.Line);
    }

    internal static string GenerateSpec(int targetBytes, out int schemaCount, out int pathCount)
    {
        var builder = new StringBuilder("{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"big\",\"version\":\"1\"},\"paths\":{");
        var schemas = new StringBuilder();
        schemaCount = 0;
        pathCount = 0;
        while (builder.Length + schemas.Length < targetBytes)
        {
            var name = "Thing" + schemaCount;
            if (pathCount > 0)
            {
                builder.Append(',');
                schemas.Append(',');
            }

            builder.Append($"\"/thing-{schemaCount}/{{thingID}}\":{{\"get\":{{\"operationId\":\"READ_{name}\",\"parameters\":[{{\"name\":\"thingID\",\"in\":\"path\",\"required\":true,\"schema\":{{\"type\":\"integer\"}}}}],")
                   .Append($"\"responses\":{{\"200\":{{\"description\":\"ok\",\"content\":{{\"application/json\":{{\"schema\":{{\"$ref\":\"#/components/schemas/{name}\"}}}}}}}}}}}}}}");
            schemas.Append($"\"{name}\":{{\"type\":\"object\",\"properties\":{{");
            for (var p = 0; p < 20; p++)
            {
                schemas.Append(p == 0 ? "" : ",").Append($"\"field_{p}\":{{\"type\":\"string\",\"description\":\"Field {p} of {name}, with a description long enough to look like bunq's.\",\"readOnly\":true}}");
            }

            schemas.Append("}}");
            schemaCount++;
            pathCount++;
        }

        builder.Append("},\"components\":{\"schemas\":{").Append(schemas).Append("}}}");
        return builder.ToString();
    }
}
