using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Load;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.SourceGenerator;
using Microsoft.OpenApi.Models;

namespace Bunq.CodeGen.Tests.Load;

/// <summary>
/// A <c>$ref</c> to the document, to one of its maps of objects, or to an object of another kind that holds the <c>$ref</c>:
/// the repairs used to place the target node itself under components, so the tree held itself and the reader recursed
/// until the stack overflowed (uncatchable: the test host, the tool and the compiler died). Each is now BUNQ0003 at the
/// <c>$ref</c>, and a type that refers to itself through its own component keeps working.
/// </summary>
public sealed class SelfContainingReferenceTests
{
    private const string RegressionName = "ref-to-the-document-or-a-map-that-holds-it.json";

    private static string Regression => Path.Combine(SpecFiles.RepoRoot, "tests", "Bunq.Robustness.Tests", "Regressions", RegressionName);

    /// <summary>A bunq-shaped document with a recursive Node type, a User type, and one hostile <c>$ref</c> at a chosen place.</summary>
    private static string Spec(string place, string reference)
    {
        var hostile = "{ \"$ref\": \"" + reference + "\" }";
        string Only(string at, string text) => place == at ? text : "";
        return $$"""
            {
              "openapi": "3.0.0",
              "info": { "title": "t", "version": "1" },
              "paths": {
                "/node": {
                  "get": {
                    "operationId": "List_all_Node",
                    "responses": {
                      "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Node" } } } }
                      {{Only("response", ", \"400\": " + hostile)}}
                      {{Only("response-schema", ", \"401\": { \"description\": \"no\", \"content\": { \"application/json\": { \"schema\": " + hostile + " } } }")}}
                    }
                  }
                }
                {{Only("path-item", ", \"/other\": " + hostile)}}
              },
              "components": {
                "schemas": {
                  "Node": {
                    "type": "object",
                    "properties": {
                      "name": { "type": "string" },
                      "children": { "type": "array", "items": { "$ref": "#/components/schemas/Node" } },
                      "parent": { "$ref": "#/components/schemas/Node" }
                    }
                  },
                  "User": {
                    "type": "object",
                    "properties": {
                      "id": { "type": "integer" }
                      {{Only("property", ", \"bad\": " + hostile)}}
                    }
                  }
                }
              }
            }
            """;
    }

    private static readonly Dictionary<string, string> Pointers = new(StringComparer.Ordinal)
    {
        ["property"] = "/components/schemas/User/properties/bad/$ref",
        ["response"] = "/paths/~1node/get/responses/400/$ref",
        ["response-schema"] = "/paths/~1node/get/responses/401/content/application~1json/schema/$ref",
        ["path-item"] = "/paths/~1other/$ref",
    };

    public static TheoryData<string, string> Hostile() => new()
    {
        { "property", "#" },
        { "property", "#/components" },
        // The schema's own enclosing map: the copy was the map placed inside itself.
        { "property", "#/components/schemas" },
        { "property", "#/components/schemas/User/properties/bad" },
        { "property", "#/paths" },
        { "response-schema", "#" },
        { "response-schema", "#/components/schemas" },
        { "response-schema", "#/paths" },
        // An object of another kind than the place expects that holds the $ref.
        { "response-schema", "#/paths/~1node/get/responses/401" },
        { "response", "#" },
        { "response", "#/components/schemas" },
        { "response", "#/paths/~1node/get" },
        { "path-item", "#" },
        { "path-item", "#/paths" },
        { "path-item", "#/paths/~1other" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_ref_whose_target_holds_it_is_an_error_at_the_ref_and_the_rest_of_the_document_loads(string place, string reference)
    {
        var text = Spec(place, reference);
        var result = SpecLoader.Load("/specs/hostile.json", text);

        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticCatalog.ReaderError.Id, error.Id);
        Assert.Equal(Pointers[place], error.Location.JsonPointer);
        Assert.Contains("'" + reference + "'", error.Message, StringComparison.Ordinal);
        // The line and column are the $ref member's own.
        Assert.True(error.Location.HasPosition, error.ToCompilerString());
        var line = text.Split('\n')[error.Location.Line - 1];
        Assert.Contains("\"$ref\": \"" + reference + "\"", line, StringComparison.Ordinal);
        Assert.Equal(line.IndexOf("\"$ref\": \"" + reference + "\"", StringComparison.Ordinal) + 1, error.Location.Column);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticCatalog.ReferenceRepaired.Id);

        AssertNodeIsRecursive(result);
        Assert.Equal("integer", result.Document!.Components.Schemas["User"].Properties["id"].Type);
        // Nothing was copied under components: the target is nowhere but where it was.
        Assert.Equal(new[] { "Node", "User" }, result.Document.Components.Schemas.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "/node" }, result.Document.Paths.Keys.ToArray());
    }

    [Fact]
    public void A_type_that_refers_to_itself_through_its_own_component_is_read_and_modelled_without_a_diagnostic()
    {
        var text = Spec("none", "");
        var result = SpecLoader.Load("/specs/tree.json", text);

        RealSpecLoadTests.AssertNoErrors(result);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == DiagnosticCatalog.ReferenceRepaired.Id || d.Id == DiagnosticCatalog.ReaderError.Id);
        AssertNodeIsRecursive(result);

        var model = ApiModelBuilder.Build(result, text);
        Assert.False(model.HasErrors, string.Join("\n", model.Diagnostics.Select(d => d.ToCompilerString())));
        var node = Assert.Single(model.Types, t => t.SchemaName == "Node");
        var parent = Assert.Single(node.Properties, p => p.JsonName == "parent");
        Assert.Equal(TypeRefKind.Model, parent.Type.Kind);
        Assert.Equal(node.Name, parent.Type.ModelName);
        var children = Assert.Single(node.Properties, p => p.JsonName == "children");
        Assert.Equal(TypeRefKind.Array, children.Type.Kind);
        Assert.Equal(node.Name, children.Type.Element?.ModelName);
    }

    [Fact]
    public void The_regression_document_reports_every_such_ref_at_its_place_and_keeps_the_recursive_type()
    {
        var result = SpecLoader.LoadFile(Regression);

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.All(errors, d => Assert.Equal(DiagnosticCatalog.ReaderError.Id, d.Id));
        Assert.Equal(
            new[]
            {
                "/components/schemas/User/properties/components/$ref",
                "/components/schemas/User/properties/document/$ref",
                "/components/schemas/User/properties/itself/$ref",
                "/components/schemas/User/properties/schemas/$ref",
                "/paths/~1all-paths/$ref",
                "/paths/~1node/get/responses/400/$ref",
                "/paths/~1node/get/responses/401/content/application~1json/schema/$ref",
                "/paths/~1node/get/responses/403/content/application~1json/schema/$ref",
                "/paths/~1whole/$ref",
            },
            errors.Select(d => d.Location.JsonPointer).Order(StringComparer.Ordinal));
        Assert.All(errors, d => Assert.True(d.Location.HasPosition && d.Location.Line > 1, d.ToCompilerString()));
        AssertNodeIsRecursive(result);
    }

    [Fact]
    public void The_source_generator_reports_each_such_ref_at_its_line_and_column_in_the_spec()
    {
        var text = File.ReadAllText(Regression);
        var result = GeneratorHarness.Driver(GeneratorHarness.Spec(Regression, text)).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results.Single();

        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
        var expected = SpecLoader.LoadFile(Regression).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var reported = result.Diagnostics.Where(d => d.Id == DiagnosticCatalog.ReaderError.Id).ToList();
        Assert.Equal(expected.Count, reported.Count);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785" || d.Id == DiagnosticCatalog.InternalError.Id);
        Assert.All(reported, d => Assert.Equal(Regression, d.Location.GetLineSpan().Path));
        // Roslyn's line spans are 0-based; the loader's are 1-based.
        Assert.Equal(
            expected.Select(d => (d.Location.Line - 1, d.Location.Column - 1)).Order(),
            reported.Select(d => (d.Location.GetLineSpan().StartLinePosition.Line, d.Location.GetLineSpan().StartLinePosition.Character)).Order());
    }

    [Theory]
    [InlineData("#")]
    [InlineData("#/components")]
    [InlineData("#/components/schemas")]
    [InlineData("#/paths")]
    public void In_yaml_a_ref_to_the_document_or_one_of_its_maps_is_an_error_at_the_ref(string reference)
    {
        // YAML is read by the reader's own text path, which threw on some of these (reported as a YAML syntax error at 1,1).
        var text = $"""
            openapi: 3.0.0
            info: {"{"} title: t, version: "1" {"}"}
            paths:
              /node:
                get:
                  operationId: List_all_Node
                  responses:
                    "200": {"{"} description: ok {"}"}
            components:
              schemas:
                User:
                  type: object
                  properties:
                    bad:
                      $ref: "{reference}"
            """;
        var result = SpecLoader.Load("/specs/hostile.yaml", text);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCatalog.ReaderError.Id, error.Id);
        Assert.Equal("/components/schemas/User/properties/bad/$ref", error.Location.JsonPointer);
        Assert.Equal((15, 11), (error.Location.Line, error.Location.Column));
        Assert.Contains("'" + reference + "'", error.Message, StringComparison.Ordinal);
    }

    private static void AssertNodeIsRecursive(LoadResult result)
    {
        var node = result.Document!.Components.Schemas["Node"];
        Assert.Equal("Node", node.Properties["parent"].Reference?.Id);
        Assert.Equal("Node", node.Properties["children"].Items.Reference?.Id);
        Assert.Equal("Node", result.Document.Paths["/node"].Operations[OperationType.Get].Responses["200"].Content["application/json"].Schema.Reference?.Id);
    }
}
