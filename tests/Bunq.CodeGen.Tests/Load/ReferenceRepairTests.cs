using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Load;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Emit;
using Bunq.CodeGen.Tests.TestSupport;
using Microsoft.OpenApi.Models;

namespace Bunq.CodeGen.Tests.Load;

/// <summary>
/// $refs the OpenAPI reader refuses and $refs to nothing: each is repaired (or, where nothing can be read, an error) at its
/// $ref with a line and column, and said once. The documents live in Bunq.Robustness.Tests/Regressions, where every one
/// is also replayed through both generator hosts.
/// </summary>
public sealed class ReferenceRepairTests
{
    private static string Regression(string name) => Path.Combine(SpecFiles.RepoRoot, "tests", "Bunq.Robustness.Tests", "Regressions", name);

    private static LoadResult Load(string name) => SpecLoader.LoadFile(Regression(name));

    private static List<SpecDiagnostic> Of(LoadResult result, DiagnosticDescriptor descriptor) => result.Diagnostics.Where(d => d.Id == descriptor.Id).ToList();

    [Fact]
    public void A_reference_to_a_component_of_another_kind_is_read_as_what_its_place_expects()
    {
        var result = Load("ref-to-a-component-of-another-kind.json");

        RealSpecLoadTests.AssertNoErrors(result);
        // The header-shaped parameters (bunq 2018) are the known defect: one info for both places, and no
        // "name/in is not a valid property" warnings for the header's fields.
        var known = Assert.Single(Of(result, DiagnosticCatalog.SpecRepaired), d => d.Message.Contains("operation parameter", StringComparison.Ordinal));
        Assert.Contains("repaired 2 place(s)", known.Message, StringComparison.Ordinal);
        Assert.Empty(Of(result, DiagnosticCatalog.ReaderWarning));

        var repaired = Of(result, DiagnosticCatalog.ReferenceRepaired);
        Assert.Equal(3, repaired.Count);
        Assert.All(repaired, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.All(repaired, d => Assert.True(d.Location.HasPosition && d.Location.JsonPointer.EndsWith("/$ref", StringComparison.Ordinal), d.ToCompilerString()));

        var schemaFromResponse = Assert.Single(repaired, d => d.Location.JsonPointer == "/paths/~1user/get/responses/200/content/application~1json/schema/$ref");
        Assert.Contains("'#/components/responses/UserListing'", schemaFromResponse.Message, StringComparison.Ordinal);
        Assert.Contains("'#/components/schemas/UserListing'", schemaFromResponse.Message, StringComparison.Ordinal);
        Assert.Single(repaired, d => d.Location.JsonPointer == "/paths/~1user/get/responses/400/$ref" && d.Message.Contains("JSON response", StringComparison.Ordinal));
        Assert.Single(repaired, d => d.Location.JsonPointer.EndsWith("/properties/language/$ref", StringComparison.Ordinal) && d.Message.Contains("schema of that parameter", StringComparison.Ordinal));

        // What the references stood for is in the document, not dropped.
        var list = result.Document!.Paths["/user"].Operations[OperationType.Get];
        Assert.Contains(list.Parameters, p => p.In == ParameterLocation.Header && p.Name == "X-Bunq-Language");
        Assert.Equal("UserListing", list.Responses["200"].Content["application/json"].Schema.Reference?.Id);
        Assert.Equal("Error", list.Responses["400"].Content["application/json"].Schema.Reference?.Id);
        var read = result.Document.Paths["/user/{itemId}"].Operations[OperationType.Get];
        Assert.Equal("string", read.Responses["200"].Content["application/json"].Schema.Properties["language"].Type);
    }

    [Fact]
    public void A_reference_into_a_path_or_another_components_inside_is_read_from_a_copy_under_components()
    {
        var result = Load("ref-into-a-path-or-another-component.json");

        RealSpecLoadTests.AssertNoErrors(result);
        var repaired = Of(result, DiagnosticCatalog.ReferenceRepaired);
        Assert.Equal(
            new[]
            {
                "/paths/~1user~1{itemId}/get/responses/200/headers/X-Bunq-Server-Response-Id/$ref",
                "/paths/~1user~1{itemId}/get/responses/200/content/application~1json/schema/properties/id/$ref",
                "/paths/~1user~1{itemId}/get/responses/401/$ref",
                "/paths/~1user-person/$ref",
            }.Order(StringComparer.Ordinal),
            repaired.Select(d => d.Location.JsonPointer).Order(StringComparer.Ordinal));
        Assert.All(repaired, d => Assert.True(d.Location.HasPosition, d.ToCompilerString()));
        // None of the reader's own, placeless words about them is left ("reference string … has invalid format").
        Assert.DoesNotContain(result.Diagnostics, d => d.Location.JsonPointer.Length == 0);

        var read = result.Document!.Paths["/user/{itemId}"].Operations[OperationType.Get];
        Assert.Equal("bunq's id of the answer", read.Responses["200"].Headers["X-Bunq-Server-Response-Id"].Description);
        Assert.Equal("integer", read.Responses["200"].Content["application/json"].Schema.Properties["id"].Type);
        Assert.Equal("Error", read.Responses["401"].Content["application/json"].Schema.Reference?.Id);
        // The path item reference is read as the path item it names.
        Assert.Equal("List_all_User", result.Document.Paths["/user-person"].Operations[OperationType.Get].OperationId);
    }

    [Fact]
    public void A_reference_to_nothing_becomes_raw_json_a_response_without_content_or_a_left_out_parameter_each_reported_at_its_ref()
    {
        var result = Load("ref-to-a-missing-component.json");

        RealSpecLoadTests.AssertNoErrors(result);
        Assert.Empty(Of(result, DiagnosticCatalog.DanglingReference));
        var dangling = Of(result, DiagnosticCatalog.DanglingReferenceRepaired);
        Assert.All(dangling, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.All(dangling, d => Assert.True(d.Location.HasPosition, d.ToCompilerString()));
        // Three schema references, one parameter, one response: each at its own $ref, none twice.
        Assert.Equal(5, dangling.Count);
        Assert.Equal(5, dangling.Select(d => d.Location).Distinct().Count());
        Assert.Equal(3, dangling.Count(d => d.Message.Contains("read as raw JSON", StringComparison.Ordinal)));
        Assert.Single(dangling, d => d.Message.Contains("'#/components/parameters/Gone'", StringComparison.Ordinal) && d.Message.Contains("parameter is left out", StringComparison.Ordinal));
        Assert.Single(dangling, d => d.Message.Contains("'#/components/responses/Gone'", StringComparison.Ordinal) && d.Message.Contains("without content", StringComparison.Ordinal));
        var avatar = Assert.Single(dangling, d => d.Location.JsonPointer == "/components/schemas/UserListing/properties/avatar/$ref");
        Assert.Contains("'#/components/schemas/Avatar'", avatar.Message, StringComparison.Ordinal);

        var list = result.Document!.Paths["/user"].Operations[OperationType.Get];
        Assert.Empty(list.Parameters);
        Assert.Empty(list.Responses["400"].Content);

        // The Model reads the unresolved properties as raw JSON (JsonElement), keeps the description, and the client compiles.
        var model = ApiModelBuilder.Build(result, File.ReadAllText(Regression("ref-to-a-missing-component.json")));
        Assert.False(model.HasErrors, string.Join("\n", model.Diagnostics.Select(d => d.ToCompilerString())));
        var listing = Assert.Single(model.Types, t => t.SchemaName == "UserListing");
        var property = Assert.Single(listing.Properties, p => p.JsonName == "avatar");
        Assert.Equal(TypeRefKind.Json, property.Type.Kind);
        Assert.Contains("avatar", property.Description ?? "", StringComparison.Ordinal);
        Assert.Equal(TypeRefKind.Json, Assert.Single(listing.Properties, p => p.JsonName == "address_main").Type.Kind);
        Assert.Equal(TypeRefKind.Long, Assert.Single(listing.Properties, p => p.JsonName == "id").Type.Kind);
        var compilation = InMemoryCompiler.Compile("Generated_missing_component", ClientEmitter.Emit(model, new EmitOptions()));
        Assert.Empty(InMemoryCompiler.Problems(compilation));
    }

    [Fact]
    public void A_reference_nothing_can_read_as_its_place_is_an_error_at_each_ref_and_the_readers_placeless_copies_are_dropped()
    {
        var result = Load("ref-that-cannot-be-read-as-its-place.json");

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, d => Assert.Equal(DiagnosticCatalog.ReaderError.Id, d.Id));
        Assert.All(errors, d => Assert.Contains("names a schema where a parameter is expected", d.Message, StringComparison.Ordinal));
        Assert.Equal(
            new[] { "/paths/~1user/get/parameters/0/$ref", "/paths/~1user/post/parameters/0/$ref" },
            errors.Select(d => d.Location.JsonPointer).Order(StringComparer.Ordinal));
        Assert.All(errors, d => Assert.True(d.Location.Line > 1, d.ToCompilerString()));
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("Invalid Reference Type", StringComparison.Ordinal));
    }

    [Fact]
    public void A_reader_error_repeated_without_a_place_is_said_once_with_its_count()
    {
        // YAML is read by the reader's own text path (no repairs): it says "Invalid Reference Type 'Header'" once per
        // $ref and names no place. bunq's 2018-11 spec made it 2,100 lines, each at (1,1).
        var result = Load("yaml-header-refs-where-parameters-expected.yaml");

        var refused = Assert.Single(result.Diagnostics, d => d.Message.Contains("Invalid Reference Type 'Header'", StringComparison.Ordinal));
        Assert.Contains("said 3 times", refused.Message, StringComparison.Ordinal);
        Assert.Equal(result.Diagnostics.Count, result.Diagnostics.Distinct().Count());
    }

    [Fact]
    public void The_same_finding_at_the_same_place_is_kept_once_through_load_and_model()
    {
        var location = new SpecLocation("spec.json", "/paths/~1user", 3, 5);
        var twice = new[]
        {
            DiagnosticCatalog.Create(DiagnosticCatalog.ReaderWarning, location, "x"),
            DiagnosticCatalog.Create(DiagnosticCatalog.ReaderWarning, location, "x"),
            DiagnosticCatalog.Create(DiagnosticCatalog.ReaderWarning, location with { Line = 4 }, "x"),
            DiagnosticCatalog.Create(DiagnosticCatalog.ReaderWarning, location, "y"),
        };

        var result = new LoadResult("spec.json", null, twice, SpecSourceMap.Empty("spec.json"));

        Assert.Equal(3, result.Diagnostics.Count);
        Assert.Equal(new[] { "x", "x", "y" }, result.Diagnostics.Select(d => d.Message.Replace("OpenAPI reader: ", "", StringComparison.Ordinal)));
        Assert.Equal(new[] { 3, 4, 3 }, result.Diagnostics.Select(d => d.Location.Line));
    }

    [SharedSpecsFact]
    public void Bunqs_2018_header_parameters_are_one_info_per_kind_of_repair_and_nothing_at_the_document_root()
    {
        foreach (var name in new[] { "2018-05-04_96eac3b.json", "2018-08-29_2807312.json", "2018-11-06_ea1d7d5.json" })
        {
            var result = SpecLoader.LoadFile(SpecFiles.RequireSharedSpec(name));

            RealSpecLoadTests.AssertNoErrors(result);
            Assert.DoesNotContain(result.Diagnostics, d => d.Severity != DiagnosticSeverity.Info);
            var repairs = Of(result, DiagnosticCatalog.SpecRepaired);
            Assert.Equal(3, repairs.Count);
            Assert.All(repairs, r => Assert.True(r.Location.HasPosition && r.Location.JsonPointer.Length > 0, r.ToCompilerString()));
            var parameters = Assert.Single(repairs, r => r.Message.Contains("operation parameter", StringComparison.Ordinal));
            // 1,239 / 1,162 / 2,100 references, said in one line instead of one reader error each at (1,1).
            Assert.Matches(@"repaired (1239|1162|2100) place\(s\)", parameters.Message);
        }
    }

    [Fact]
    public void A_reference_resolved_before_a_repair_is_resolved_again_after_it()
    {
        // The path's response names R while R is still a schema reference; R is then repaired into a JSON response,
        // and the schema X, which names R where a schema is expected, must see the repaired R (its content's schema S),
        // not the R of before: the repairs remember resolved references only until the tree changes.
        const string spec = """
            {"openapi":"3.0.0","info":{"title":"t","version":"1"},
             "paths":{"/a":{"get":{"responses":{"200":{"$ref":"#/components/responses/R"}}}}},
             "components":{
               "responses":{"R":{"$ref":"#/components/schemas/S"}},
               "schemas":{"S":{"type":"string"},"X":{"$ref":"#/components/responses/R"}}}}
            """;

        var result = SpecLoader.Load("cache.json", spec);

        var repaired = Of(result, DiagnosticCatalog.ReferenceRepaired);
        Assert.Contains(repaired, d => d.Location.JsonPointer == "/components/responses/R/$ref" && d.Message.Contains("JSON response", StringComparison.Ordinal));
        var x = Assert.Single(repaired, d => d.Location.JsonPointer == "/components/schemas/X/$ref");
        Assert.Contains("the schema of that response, '#/components/schemas/S'", x.Message, StringComparison.Ordinal);
        Assert.Equal("S", result.Document!.Components.Schemas["X"].Reference?.Id ?? result.Document.Components.Schemas["X"].Type);
    }
}
