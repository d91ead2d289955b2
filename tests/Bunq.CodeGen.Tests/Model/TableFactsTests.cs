using System.Text.Json.Nodes;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Model.Conventions;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>
/// The model, requests and wire sections of the conventions table: each fact the model used to hold in code is read
/// from its entry, so changing the entry changes the model (and a reader that ignored the entry fails here).
/// </summary>
public sealed class TableFactsTests
{
    private static readonly string TableText = File.ReadAllText(Path.Combine(Load.SpecFiles.RepoRoot, "generator", "Bunq.CodeGen", "Model", "Conventions", "bunq-conventions.json"));

    private static JsonObject Table() => JsonNode.Parse(TableText)!.AsObject();

    private static BunqConventions Read(JsonObject table)
    {
        var read = BunqConventions.Parse(table.ToJsonString());
        Assert.Empty(read.Errors);
        return read.Table!;
    }

    private static ConventionsError SingleError(JsonObject table)
    {
        var read = BunqConventions.Parse(table.ToJsonString());
        Assert.Null(read.Table);
        return Assert.Single(read.Errors);
    }

    private const string Spec = """
        {"openapi":"3.0.0","info":{"title":"t","version":"1"},
         "paths":{
          "/user/{userID}/widget":{"get":{"operationId":"List_all_Widget_for_User","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/WidgetListing"}}}}}}},
          "/user/{userID}/widget/{itemId}":{"put":{"operationId":"UPDATE_Widget_for_User","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/WidgetUpdate"}}}}}}},
          "/user/{userID}/widget/{itemId}/picture":{"get":{"operationId":"List_all_Picture_for_User_Widget","responses":{"200":{"description":"ok","content":{"*/*":{"schema":{"type":"string","format":"binary"}}}}}}},
          "/user/{userID}/gizmo/{gizmoUUID}":{"get":{"operationId":"READ_Gizmo_for_User","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/GizmoRead"}}}}}}},
          "/attachment-public":{"post":{"operationId":"CREATE_AttachmentPublic","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/AttachmentPublicCreate"}}}}}}}
         },
         "components":{"schemas":{
          "Amount":{"type":"object","properties":{"value":{"type":"string"},"currency":{"type":"string"}}},
          "Widget":{"type":"object","properties":{"price":{"$ref":"#/components/schemas/Amount"},"updated":{"type":"string"},"time_zone":{"type":"string"},"paid_time":{"type":"string"}}},
          "WidgetListing":{"type":"object","properties":{"Widget":{"$ref":"#/components/schemas/Widget"}}},
          "WidgetUpdate":{"type":"object","properties":{"Id":{"type":"object","properties":{"id":{"type":"integer"}}}}},
          "GizmoRead":{"type":"object","properties":{"Gizmo":{"$ref":"#/components/schemas/Widget"}}},
          "AttachmentPublicCreate":{"type":"object","properties":{"Uuid":{"type":"object","properties":{"uuid":{"type":"string"}}}}}
         }}}
        """;

    private static ApiModel Build(BunqConventions table)
    {
        var load = Bunq.CodeGen.Load.SpecLoader.Load("facts.json", Spec, CancellationToken.None);
        return ApiModelBuilder.Build(load, Spec, new ConventionsReadResult(table, Array.Empty<ConventionsError>()), CancellationToken.None);
    }

    private static ApiOperation Op(ApiModel model, string operationId) => model.Resources.SelectMany(r => r.Operations).Single(o => o.OperationId == operationId);

    private static TypeRef PropertyType(ApiModel model, string type, string json)
        => model.Types.Single(t => t.Name == type).Properties.Single(p => p.JsonName == json).Type;

    [Fact]
    public void A_listing_pages_with_the_tables_parameters_their_types_and_descriptions()
    {
        var list = Op(Build(BunqConventions.Embedded), "List_all_Widget_for_User");
        Assert.Equal(new[] { "count", "older_id", "newer_id" }, list.Paging!.Parameters.ToArray());
        Assert.Equal(200, list.Paging.MaxPageSize);
        var count = list.QueryParameters.Single(q => q.WireName == "count");
        Assert.Equal((ParameterType.Integer, "count"), (count.Type, count.CSharpName));
        Assert.Equal(ParameterType.Long, list.QueryParameters.Single(q => q.WireName == "older_id").Type);

        var table = Table();
        table["model"]!["paging"]!["parameters"]![1]!["name"] = "before_id";
        table["model"]!["paging"]!["maxCount"] = 100;
        var changed = Op(Build(Read(table)), "List_all_Widget_for_User");
        Assert.Equal(new[] { "count", "before_id", "newer_id" }, changed.Paging!.Parameters.ToArray());
        Assert.Contains(changed.QueryParameters, q => q.WireName == "before_id");
        Assert.Equal(100, changed.Paging.MaxPageSize);
    }

    [Fact]
    public void Operations_that_do_not_list_do_not_page()
    {
        var model = Build(BunqConventions.Embedded);
        Assert.Null(Op(model, "UPDATE_Widget_for_User").Paging);
        Assert.DoesNotContain(Op(model, "UPDATE_Widget_for_User").QueryParameters, q => q.WireName == "count");
    }

    [Fact]
    public void A_put_without_a_declared_body_sends_the_tables_empty_object_unless_the_table_leaves_put_out()
    {
        var update = Op(Build(BunqConventions.Embedded), "UPDATE_Widget_for_User");
        Assert.Equal(new ApiBody(BodyKind.Fixed, "application/json", "{}"), update.Body);
        Assert.Equal(ApiBody.None, Op(Build(BunqConventions.Embedded), "List_all_Widget_for_User").Body);

        var table = Table();
        table["requests"]!["emptyBody"]!["methods"] = new JsonArray("post");
        Assert.Equal(ApiBody.None, Op(Build(Read(table)), "UPDATE_Widget_for_User").Body);
    }

    [Fact]
    public void An_upload_takes_the_attachment_description_header_the_table_names()
    {
        var upload = Op(Build(BunqConventions.Embedded), "CREATE_AttachmentPublic");
        Assert.Equal(BodyKind.Binary, upload.Body.Kind);
        Assert.Equal(new[] { new ApiHeader("X-Bunq-Attachment-Description", "description") }, upload.Headers.ToArray());
        Assert.Empty(Op(Build(BunqConventions.Embedded), "UPDATE_Widget_for_User").Headers);

        var table = Table();
        table["requests"]!["attachmentDescription"]!["header"] = "X-Other";
        Assert.Equal("X-Other", Assert.Single(Op(Build(Read(table)), "CREATE_AttachmentPublic").Headers).Name);
    }

    [Fact]
    public void The_object_type_key_is_the_first_key_or_else_the_response_type()
    {
        var model = Build(BunqConventions.Embedded);
        Assert.Equal("Widget", Op(model, "List_all_Widget_for_User").ObjectTypeKey);
        Assert.Equal("Uuid", Op(model, "CREATE_AttachmentPublic").ObjectTypeKey);
        var (_, _, _, fallback) = ApiModelBuilder.WireDecisions(BunqConventions.Embedded.Facts, "get", OperationKind.Read, ResultShape.Object, Array.Empty<string>(), null, "Thing", false);
        Assert.Equal("Thing", fallback);
    }

    [Fact]
    public void Id_and_uuid_answers_are_recognised_by_the_tables_keys()
    {
        var model = Build(BunqConventions.Embedded);
        Assert.Equal(ResultShape.Id, Op(model, "UPDATE_Widget_for_User").Shape);
        Assert.Equal(new[] { "Id" }, Op(model, "UPDATE_Widget_for_User").Keys.ToArray());

        var table = Table();
        table["model"]!["idAnswers"]!["id"] = "Identifier";
        Assert.NotEqual(ResultShape.Id, Op(Build(Read(table)), "UPDATE_Widget_for_User").Shape);
    }

    [Fact]
    public void A_path_parameter_with_the_tables_uuid_ending_is_a_string_named_uuid()
    {
        var read = Op(Build(BunqConventions.Embedded), "READ_Gizmo_for_User");
        var gizmo = read.PathParameters.Single(p => p.WireName == "gizmoUUID");
        Assert.Equal((ParameterType.String, "gizmoUuid"), (gizmo.Type, gizmo.CSharpName));

        var table = Table();
        table["model"]!["idAnswers"]!["uuidParameterSuffix"] = "guid";
        var changed = Op(Build(Read(table)), "READ_Gizmo_for_User").PathParameters.Single(p => p.WireName == "gizmoUUID");
        Assert.Equal((ParameterType.Long, "gizmoId"), (changed.Type, changed.CSharpName));
    }

    [Fact]
    public void Money_is_the_tables_schema_with_the_tables_fields()
    {
        Assert.Equal(TypeRef.Amount, PropertyType(Build(BunqConventions.Embedded), "Widget", "price"));

        var renamed = Table();
        renamed["model"]!["money"]!["schema"] = "Money";
        Assert.Equal(TypeRefKind.Model, PropertyType(Build(Read(renamed)), "Widget", "price").Kind);

        var moreFields = Table();
        moreFields["model"]!["money"]!["fields"] = new JsonArray("value", "currency", "precision");
        Assert.Equal(TypeRefKind.Model, PropertyType(Build(Read(moreFields)), "Widget", "price").Kind);
    }

    [Fact]
    public void Timestamps_follow_the_tables_names_and_words()
    {
        var model = Build(BunqConventions.Embedded);
        Assert.Equal(TypeRef.Timestamp, PropertyType(model, "Widget", "updated"));
        Assert.Equal(TypeRef.Timestamp, PropertyType(model, "Widget", "paid_time"));
        Assert.Equal(TypeRef.String, PropertyType(model, "Widget", "time_zone"));

        var table = Table();
        table["model"]!["timestamps"]!["names"] = new JsonArray("created");
        table["model"]!["timestamps"]!["notWords"] = new JsonArray("paid");
        var changed = Build(Read(table));
        Assert.Equal(TypeRef.String, PropertyType(changed, "Widget", "updated"));
        Assert.Equal(TypeRef.String, PropertyType(changed, "Widget", "paid_time"));
        Assert.Equal(TypeRef.Timestamp, PropertyType(changed, "Widget", "time_zone"));
    }

    [Fact]
    public void The_timestamp_rules_description_word_comes_from_the_table()
    {
        var table = Table();
        table["model"]!["timestamps"]!["descriptionWord"] = "moment";
        var rule = new TimestampRule(Read(table).Facts.Model);
        Assert.Equal(TimestampRuleKind.DescriptionSaysTimestamp, rule.Rule(null, "x", "The moment it was paid."));
        Assert.Equal(TimestampRuleKind.None, rule.Rule(null, "x", "The timestamp it was paid."));
    }

    [Fact]
    public void A_binary_answer_is_named_with_the_tables_verb()
    {
        // Every binary path bunq has is also a named action; a rule of the test's own makes a plain resource binary.
        static JsonObject WithBinaryPicture()
        {
            var t = Table();
            t["rules"]!.AsArray().Add(JsonNode.Parse("""{"match": {"method": "get", "pathSuffix": "/picture"}, "shape": "binary", "evidence": "test"}"""));
            return t;
        }
        Assert.StartsWith("Download", Op(Build(Read(WithBinaryPicture())), "List_all_Picture_for_User_Widget").MethodName, StringComparison.Ordinal);
        var table = WithBinaryPicture();
        table["model"]!["binaryVerb"]!["verb"] = "Fetch";
        Assert.StartsWith("Fetch", Op(Build(Read(table)), "List_all_Picture_for_User_Widget").MethodName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_context_path_or_an_account_path_makes_a_document_bunqs_as_the_table_lists_them()
    {
        const string Paths = """{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/pets":{"get":{"operationId":"listPets","responses":{"200":{"description":"ok"}}}},"PATH":{"post":{"operationId":"openIt","responses":{"200":{"description":"ok"}}}}}}""";
        static bool IsBunq(string path, BunqConventions table)
        {
            var text = Paths.Replace("PATH", path);
            var model = ApiModelBuilder.Build(Bunq.CodeGen.Load.SpecLoader.Load("p.json", text, CancellationToken.None), text, new ConventionsReadResult(table, Array.Empty<ConventionsError>()), CancellationToken.None);
            return !model.Diagnostics.Any(d => d.Id == DiagnosticCatalog.NoBunqOperations.Id);
        }
        Assert.True(IsBunq("/session-server", BunqConventions.Embedded));
        Assert.True(IsBunq("/user/{userID}/monetary-account/{id}/pet", BunqConventions.Embedded));

        var table = Table();
        table["model"]!["contextPaths"]!["paths"] = new JsonArray("/installation");
        table["model"]!["accountPaths"]!["prefix"] = "/account";
        Assert.False(IsBunq("/session-server", Read(table)));
        Assert.False(IsBunq("/user/{userID}/monetary-account/{id}/pet", Read(table)));
        Assert.True(IsBunq("/account/{id}", Read(table)));
    }

    [Fact]
    public void A_spec_parameter_named_like_an_emitter_local_is_renamed_by_the_model()
    {
        Assert.Contains("page", EmitNames.MethodLocals);
        Assert.Contains("callOptions", EmitNames.MethodLocals);
        const string Text = """{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/user/{userID}/widget":{"get":{"operationId":"List_all_Widget_for_User","parameters":[{"name":"page","in":"query","schema":{"type":"string"}},{"name":"callOptions","in":"query","schema":{"type":"string"}}],"responses":{"200":{"description":"ok"}}}}}}""";
        var model = ApiModelBuilder.Build("r.json", Text);
        var names = Op(model, "List_all_Widget_for_User").QueryParameters.Select(q => q.CSharpName).ToArray();
        Assert.DoesNotContain("page", names);
        Assert.DoesNotContain("callOptions", names);
    }

    [Theory]
    [InlineData("/model/paging/parameters/0/type", "int")]
    [InlineData("/requests/emptyBody/methods/0", "POST")]
    public void An_unknown_closed_value_in_a_fact_entry_is_an_error_at_its_pointer(string pointer, string value)
    {
        var table = Table();
        var segments = pointer.Trim('/').Split('/');
        JsonNode node = table;
        foreach (var segment in segments[..^1]) node = int.TryParse(segment, out var i) ? node[i]! : node[segment]!;
        if (int.TryParse(segments[^1], out var last)) node[last] = value;
        else node[segments[^1]] = value;
        var error = SingleError(table);
        Assert.Equal(pointer, error.Pointer);
        Assert.Contains("unknown value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wire")]
    [InlineData("model")]
    [InlineData("requests")]
    public void A_table_without_a_fact_section_is_refused(string section)
    {
        var table = Table();
        table.Remove(section);
        var error = SingleError(table);
        Assert.Equal("", error.Pointer);
        Assert.Contains(section, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fact_entry_needs_its_evidence_and_a_limit_must_be_a_positive_whole_number()
    {
        var noEvidence = Table();
        noEvidence["wire"]!["rateLimits"]!.AsObject().Remove("evidence");
        Assert.Equal("/wire/rateLimits", SingleError(noEvidence).Pointer);

        var zero = Table();
        zero["wire"]!["rateLimits"]!["get"] = 0;
        Assert.Equal("/wire/rateLimits/get", SingleError(zero).Pointer);

        var unknown = Table();
        unknown["model"]!["money"]!["symbol"] = "€";
        Assert.Equal("/model/money/symbol", SingleError(unknown).Pointer);
    }

    [Fact]
    public void A_broken_fact_entry_fails_the_model_with_bunq0025()
    {
        var table = Table();
        table["model"]!["paging"]!["maxCount"] = "200";
        var read = BunqConventions.Parse(table.ToJsonString());
        var load = Bunq.CodeGen.Load.SpecLoader.Load("facts.json", Spec, CancellationToken.None);
        var model = ApiModelBuilder.Build(load, Spec, read, CancellationToken.None);
        Assert.Empty(model.Resources);
        var diagnostic = Assert.Single(model.Diagnostics, d => d.Id == DiagnosticCatalog.ConventionsTableInvalid.Id);
        Assert.Contains("/model/paging/maxCount", diagnostic.Message, StringComparison.Ordinal);
    }
}
