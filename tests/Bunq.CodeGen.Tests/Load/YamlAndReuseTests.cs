using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Load;
using Microsoft.OpenApi.Models;

namespace Bunq.CodeGen.Tests.Load;

public class YamlAndReuseTests
{
    [Fact]
    public void Swagger_2_yaml_loads()
    {
        const string yaml = """
            swagger: '2.0'
            info:
              title: t
              version: '1'
            basePath: /v1
            paths:
              /user/{userID}:
                get:
                  operationId: READ_User
                  parameters:
                    - name: userID
                      in: path
                      required: true
                      type: integer
                  responses:
                    '200':
                      description: ok
                      schema:
                        $ref: '#/definitions/UserRead'
            definitions:
              UserRead:
                type: object
                properties:
                  id: { type: integer }
                  display_name: { type: string }
            """;

        var result = SpecLoader.Load("swagger.yaml", yaml);

        RealSpecLoadTests.AssertNoErrors(result);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(new[] { "id", "display_name" }, result.Document!.Components.Schemas["UserRead"].Properties.Keys);
        var response = result.Document.Paths["/user/{userID}"].Operations[OperationType.Get].Responses["200"];
        Assert.Equal("UserRead", response.Content.Values.Single().Schema.Reference.Id);
    }

    [Fact]
    public void Yaml_scalar_over_the_readers_64K_default_is_kept_whole()
    {
        var description = string.Concat(Enumerable.Repeat("bunq \u00e9 ", 20_000)).TrimEnd();
        var yaml = "openapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\n  description: \"" + description + "\"\npaths: {}\n";

        var result = SpecLoader.Load("long.yaml", yaml);

        RealSpecLoadTests.AssertNoErrors(result);
        Assert.True(description.Length > 64 * 1024);
        Assert.Equal(description, result.Document!.Info.Description);
    }

    [Fact]
    public void Repeated_and_parallel_loads_give_the_same_result()
    {
        var text = File.ReadAllText(SpecFiles.RepoSpec);
        var first = SpecLoader.Load(SpecFiles.RepoSpec, text);

        var results = new LoadResult[4];
        Parallel.For(0, results.Length, i => results[i] = SpecLoader.Load(SpecFiles.RepoSpec, text));

        foreach (var result in results)
        {
            Assert.NotSame(first.Document, result.Document);
            Assert.Equal(first.Diagnostics, result.Diagnostics);
            Assert.Equal(first.Document!.Paths.Keys, result.Document!.Paths.Keys);
            Assert.Equal(first.Document.Components.Schemas.Keys, result.Document.Components.Schemas.Keys);
        }
    }

    [Fact]
    public void Source_map_is_shared_safely_between_threads()
    {
        var result = SpecLoader.Load(SpecFiles.RepoSpec, File.ReadAllText(SpecFiles.RepoSpec));
        var pointers = result.Document!.Components.Schemas.Keys.Take(200).Select(k => "/components/schemas/" + k).ToList();

        var locations = pointers.AsParallel().Select(p => result.SourceMap.Locate(p)).ToList();

        Assert.All(locations, l => Assert.True(l.HasPosition));
        Assert.Equal(pointers.Count, locations.Select(l => l.Column).Distinct().Count());
    }

    [Fact]
    public void Load_file_and_load_text_agree()
    {
        var fromFile = SpecLoader.LoadFile(SpecFiles.RepoSpec);
        var fromText = SpecLoader.Load(SpecFiles.RepoSpec, File.ReadAllText(SpecFiles.RepoSpec));

        Assert.Equal(fromText.Diagnostics, fromFile.Diagnostics);
        Assert.Equal(fromText.Document!.Info.Description, fromFile.Document!.Info.Description);
        Assert.Equal(fromText.SourceMap.Locate("/paths").Column, fromFile.SourceMap.Locate("/paths").Column);
    }

    [Fact]
    public void External_reference_is_reported_as_dangling()
    {
        const string text = """
            {"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{},
             "components":{"schemas":{"A":{"$ref":"other.json#/components/schemas/B"}}}}
            """;

        var result = SpecLoader.Load("ext.json", text);

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticCatalog.DanglingReference.Id, diagnostic.Id);
        Assert.Equal("/components/schemas/A/$ref", diagnostic.Location.JsonPointer);
    }
}
