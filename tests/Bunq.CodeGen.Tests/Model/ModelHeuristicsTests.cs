using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>
/// The model's guesses about bunq's wire, each over a spec of a few lines: whether a document is bunq's at all, what
/// an answer's shape is, which path ids are uuids, and which fields are money, times or nested objects.
/// </summary>
public sealed class ModelHeuristicsTests
{
    private const string JsonResponse = """{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/SCHEMA"}}}}}""";

    private static string Operation(string operationId, string? responseSchema = null, string? requestSchema = null, string? responses = null)
    {
        var response = responses ?? (responseSchema == null ? """{"200":{"description":"ok"}}""" : JsonResponse.Replace("SCHEMA", responseSchema));
        var request = requestSchema == null ? "" : ""","requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/SCHEMA"}}}}""".Replace("SCHEMA", requestSchema);
        return "{\"operationId\":\"" + operationId + "\",\"responses\":" + response + request + "}";
    }

    private static ApiModel Build(string paths, string schemas = "")
        => ApiModelBuilder.Build("heuristics.json", "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{" + paths +
            "},\"components\":{\"schemas\":{" + schemas + "}}}");

    private static ApiOperation Op(ApiModel model, string operationId)
        => model.Resources.SelectMany(r => r.Operations).Single(o => o.OperationId == operationId);

    private static ApiType Type(ApiModel model, string name) => model.Types.Single(t => t.Name == name);

    private static bool RejectedAsNotBunq(ApiModel model)
        => !model.Resources.Any() && model.Diagnostics.Any(d => d.Id == DiagnosticCatalog.NoBunqOperations.Id);

    private const string Thing = "\"Thing\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}";

    [Fact]
    public void A_document_without_bunq_operation_ids_or_paths_is_not_taken_for_bunq()
    {
        var model = Build("\"/pets\":{\"get\":" + Operation("listPets", "Thing") + ",\"post\":" + Operation("createPet", "Thing") + "}", Thing);
        Assert.True(RejectedAsNotBunq(model));
    }

    [Fact]
    public void Bunq_operation_ids_on_only_half_of_the_operations_are_not_enough()
    {
        var model = Build("\"/pets\":{\"get\":" + Operation("List_all_Pet", "Thing") + ",\"post\":" + Operation("createPet", "Thing") + "}", Thing);
        Assert.True(RejectedAsNotBunq(model));
    }

    [Fact]
    public void Bunq_operation_ids_on_most_operations_make_a_bunq_document()
    {
        var model = Build("\"/pets\":{\"get\":" + Operation("List_all_Pet", "Thing") + ",\"post\":" + Operation("CREATE_Pet", "Thing") +
            "},\"/pets/{itemId}\":{\"delete\":" + Operation("removePet") + "}", Thing);
        Assert.False(RejectedAsNotBunq(model));
        Assert.Equal(3, model.Resources.SelectMany(r => r.Operations).Count());
    }

    [Theory]
    [InlineData("/installation")]
    [InlineData("/installation/{itemId}")]
    [InlineData("/installation/{installationID}/server-public-key")]
    [InlineData("/device-server")]
    [InlineData("/device-server/{itemId}")]
    [InlineData("/session-server")]
    [InlineData("/user/{userID}/monetary-account/{monetary-accountID}/thing")]
    [InlineData("/user/{userID}/monetary-account")]
    public void One_bunq_path_makes_a_bunq_document_without_operation_ids(string path)
    {
        var model = Build("\"/pets\":{\"get\":" + Operation("listPets", "Thing") + ",\"post\":" + Operation("createPet", "Thing") +
            "},\"" + path + "\":{\"get\":" + Operation("getIt", "Thing") + "}", Thing);
        Assert.False(RejectedAsNotBunq(model));
    }

    [Fact]
    public void A_path_merely_containing_a_bunq_path_is_not_bunq()
    {
        var model = Build("\"/v2/user/{userID}/monetary-account\":{\"get\":" + Operation("listAccounts", "Thing") + "}", Thing);
        Assert.True(RejectedAsNotBunq(model));
    }

    [Theory]
    [InlineData("Id", ResultShape.Id, "Id")]
    [InlineData("id", ResultShape.Id, "Id")]
    [InlineData("Uuid", ResultShape.Uuid, "Uuid")]
    [InlineData("uuid", ResultShape.Uuid, "Uuid")]
    public void An_answer_of_one_id_or_uuid_field_is_that_id(string field, ResultShape shape, string key)
    {
        var schema = "\"Answer\":{\"type\":\"object\",\"properties\":{\"" + field + "\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}}}}}";
        var model = Build("\"/widget\":{\"post\":" + Operation("CREATE_Widget", "Answer") + "}", schema);
        var op = Op(model, "CREATE_Widget");
        Assert.Equal(shape, op.Shape);
        Assert.Equal(new[] { key }, op.Keys.ToArray());
        Assert.Null(op.ResponseType);
    }

    [Fact]
    public void An_id_beside_other_fields_is_an_object_not_an_id()
    {
        var schema = "\"Widget\":{\"type\":\"object\",\"properties\":{\"Id\":{\"type\":\"integer\"},\"Uuid\":{\"type\":\"string\"}}}";
        var model = Build("\"/widget/{itemId}\":{\"get\":" + Operation("READ_Widget", "Widget") + "}", schema);
        var op = Op(model, "READ_Widget");
        Assert.Equal(ResultShape.Object, op.Shape);
        Assert.Equal(new[] { "Widget" }, op.Keys.ToArray());
        Assert.Equal("Widget", op.ResponseType);
    }

    [Fact]
    public void A_plain_object_answer_is_one_object_under_its_schema_name_or_a_list_of_them()
    {
        var schema = "\"WidgetRead\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}," +
                     "\"WidgetListing\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/WidgetRead\"}}";
        var model = Build("\"/widget/{itemId}\":{\"get\":" + Operation("READ_Widget", "WidgetRead") + "},\"/widget\":{\"get\":" + Operation("List_all_Widget", "WidgetListing") + "}", schema);
        var read = Op(model, "READ_Widget");
        Assert.Equal(ResultShape.Object, read.Shape);
        Assert.Equal(new[] { "Widget" }, read.Keys.ToArray());
        Assert.Equal("Widget", read.ResponseType);
        var list = Op(model, "List_all_Widget");
        Assert.Equal(ResultShape.List, list.Shape);
        Assert.Equal(new[] { "Widget" }, list.Keys.ToArray());
        Assert.Equal("Widget", list.ResponseType);
        Assert.Contains(list.QueryParameters, p => p.WireName == "older_id");
    }

    [Fact]
    public void A_list_answer_declared_as_an_array_is_read_as_its_items()
    {
        var schema = "\"GizmoListing\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}}";
        var model = Build("\"/gizmo\":{\"get\":" + Operation("List_all_Gizmo", "GizmoListing") + "}", schema);
        var list = Op(model, "List_all_Gizmo");
        Assert.Equal(ResultShape.List, list.Shape);
        Assert.Equal(new[] { "name" }, Type(model, list.ResponseType!).Properties.Select(p => p.JsonName).ToArray());
    }

    [Fact]
    public void An_inline_answer_is_keyed_by_the_resource_of_the_operation_id()
    {
        var model = Build("\"/gizmo/{itemId}\":{\"get\":" + Operation("READ_Gizmo", responses: """{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"name":{"type":"string"}}}}}}}""") + "}");
        var read = Op(model, "READ_Gizmo");
        Assert.Equal(ResultShape.Object, read.Shape);
        Assert.Equal(new[] { "Gizmo" }, read.Keys.ToArray());
    }

    [Fact]
    public void A_create_whose_answer_is_its_own_request_schema_answers_an_id()
    {
        var schema = "\"Widget\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}";
        var model = Build("\"/widget\":{\"post\":" + Operation("CREATE_Widget", "Widget", requestSchema: "Widget") + "},\"/widget/{itemId}\":{\"put\":" +
            Operation("UPDATE_Widget", "Widget", requestSchema: "Widget") + ",\"get\":" + Operation("READ_Widget", "Widget") + "}", schema);
        Assert.Equal(ResultShape.Id, Op(model, "CREATE_Widget").Shape);
        Assert.Equal(ResultShape.Id, Op(model, "UPDATE_Widget").Shape);
        Assert.Equal("Widget", Op(model, "CREATE_Widget").RequestType);
        Assert.Equal(ResultShape.Object, Op(model, "READ_Widget").Shape);
    }

    [Fact]
    public void A_create_without_a_json_answer_answers_an_id_and_a_read_without_one_answers_nothing_with_a_warning()
    {
        var model = Build("\"/widget\":{\"post\":" + Operation("CREATE_Widget") + ",\"get\":" + Operation("List_all_Widget") +
            "},\"/widget/{itemId}\":{\"put\":" + Operation("UPDATE_Widget") + ",\"get\":" + Operation("READ_Widget") + ",\"delete\":" + Operation("DELETE_Widget", "Gadget") + "}",
            "\"Gadget\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}");
        Assert.Equal(ResultShape.Id, Op(model, "CREATE_Widget").Shape);
        Assert.Equal(ResultShape.Id, Op(model, "UPDATE_Widget").Shape);
        Assert.Equal(ResultShape.Empty, Op(model, "READ_Widget").Shape);
        Assert.Equal(ResultShape.Empty, Op(model, "List_all_Widget").Shape);
        Assert.Equal(ResultShape.Empty, Op(model, "DELETE_Widget").Shape);
        var warnings = model.Diagnostics.Where(d => d.Id == DiagnosticCatalog.UninterpretableResponseSchema.Id).Select(d => d.Message).ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.Contains(warnings, m => m.Contains("READ_Widget") && m.Contains("no JSON response schema; the result is returned as empty"));
        Assert.Contains(warnings, m => m.Contains("List_all_Widget"));
    }

    [Fact]
    public void An_operation_without_responses_is_an_error()
    {
        var model = Build("\"/widget/{itemId}\":{\"get\":" + Operation("READ_Widget", responses: "{}") + ",\"delete\":" + Operation("DELETE_Widget") + "}");
        var error = Assert.Single(model.Diagnostics, d => d.Id == DiagnosticCatalog.OperationWithoutResponses.Id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("GET /widget/{itemId}", error.Message);
        Assert.DoesNotContain(model.Diagnostics, d => d.Id == DiagnosticCatalog.UninterpretableResponseSchema.Id);
    }

    [Fact]
    public void A_non_success_answer_is_the_fallback_only_when_it_is_the_default()
    {
        var withDefault = Build("\"/widget/{itemId}\":{\"get\":" + Operation("READ_Widget", responses: """{"default":{"description":"d","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Widget"}}}}}""") + "}",
            "\"Widget\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}");
        Assert.Equal(ResultShape.Object, Op(withDefault, "READ_Widget").Shape);
        var onlyError = Build("\"/widget/{itemId}\":{\"get\":" + Operation("READ_Widget", responses: """{"400":{"description":"d","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Widget"}}}}}""") + "}",
            "\"Widget\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}");
        Assert.Equal(ResultShape.Empty, Op(onlyError, "READ_Widget").Shape);
    }

    private const string Unions =
        "\"Gear\":{\"type\":\"object\",\"properties\":{\"size\":{\"type\":\"integer\"}}}," +
        "\"Cog\":{\"type\":\"object\",\"properties\":{\"teeth\":{\"type\":\"integer\"}}}," +
        "\"MachineRead\":{\"type\":\"object\",\"properties\":{\"Gear\":{\"$ref\":\"#/components/schemas/Gear\"},\"Cog\":{\"$ref\":\"#/components/schemas/Cog\"}}}," +
        "\"MachineCreate\":{\"type\":\"object\",\"properties\":{\"Gear\":{\"$ref\":\"#/components/schemas/Gear\"},\"Cog\":{\"$ref\":\"#/components/schemas/Cog\"}}}," +
        "\"OnlyGear\":{\"type\":\"object\",\"properties\":{\"Gear\":{\"$ref\":\"#/components/schemas/Gear\"}}}," +
        "\"NotUnion\":{\"type\":\"object\",\"properties\":{\"Gear\":{\"$ref\":\"#/components/schemas/Gear\"},\"count\":{\"type\":\"integer\"}}}," +
        "\"InlineKey\":{\"type\":\"object\",\"properties\":{\"Gear\":{\"type\":\"object\",\"properties\":{\"size\":{\"type\":\"integer\"}}}}}," +
        "\"LowerKey\":{\"type\":\"object\",\"properties\":{\"gear\":{\"$ref\":\"#/components/schemas/Gear\"}}}," +
        "\"Blank\":{\"type\":\"object\"}";

    [Fact]
    public void Pascal_case_keys_holding_references_are_a_union_when_read_and_several_parts_when_created()
    {
        var model = Build("\"/machine/{itemId}\":{\"get\":" + Operation("READ_Machine", "MachineRead") + "},\"/machine\":{\"post\":" + Operation("CREATE_Machine", "MachineCreate") +
            ",\"get\":" + Operation("List_all_Machine", "MachineRead") + "}", Unions);
        var read = Op(model, "READ_Machine");
        Assert.Equal(ResultShape.Union, read.Shape);
        Assert.Equal(new[] { "Cog", "Gear" }, read.Keys.ToArray());
        Assert.Equal(TypeKind.Union, Type(model, read.ResponseType!).Kind);
        Assert.Equal(ResultShape.Union, Op(model, "List_all_Machine").Shape);
        var create = Op(model, "CREATE_Machine");
        Assert.Equal(ResultShape.Multi, create.Shape);
        Assert.Equal(new[] { "Gear", "Cog" }, create.Keys.ToArray());
        Assert.Equal(TypeKind.Multi, Type(model, create.ResponseType!).Kind);
    }

    [Fact]
    public void One_pascal_case_key_is_the_object_type_of_the_answer()
    {
        var model = Build("\"/gear/{itemId}\":{\"get\":" + Operation("READ_Gear", "OnlyGear") + "},\"/gear\":{\"get\":" + Operation("List_all_Gear", "OnlyGear") + "}", Unions);
        var read = Op(model, "READ_Gear");
        Assert.Equal(ResultShape.Object, read.Shape);
        Assert.Equal(new[] { "Gear" }, read.Keys.ToArray());
        Assert.Equal("Gear", read.ResponseType);
        Assert.Equal(ResultShape.List, Op(model, "List_all_Gear").Shape);
    }

    [Theory]
    [InlineData("NotUnion")]
    [InlineData("InlineKey")]
    [InlineData("LowerKey")]
    [InlineData("Blank")]
    public void A_key_beside_a_plain_field_a_lower_case_key_a_key_without_a_reference_or_no_key_at_all_is_no_union(string schema)
    {
        var model = Build("\"/machine/{itemId}\":{\"get\":" + Operation("READ_Machine", schema) + "}", Unions);
        var read = Op(model, "READ_Machine");
        Assert.Equal(ResultShape.Object, read.Shape);
        Assert.Equal(new[] { schema }, read.Keys.ToArray());
        Assert.Equal(TypeKind.Object, Type(model, read.ResponseType!).Kind);
    }

    [Fact]
    public void Ids_after_a_collection_created_by_uuid_are_strings()
    {
        var schemas = "\"UuidAnswer\":{\"type\":\"object\",\"properties\":{\"Uuid\":{\"type\":\"object\",\"properties\":{\"uuid\":{\"type\":\"string\"}}}}}," + Thing;
        var id = "{\"name\":\"itemId\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"integer\"}}";
        var user = "{\"name\":\"userID\",\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"integer\"}}";
        var model = Build(
            "\"/user/{userID}/gizmo\":{\"post\":" + Operation("CREATE_Gizmo_for_User", "UuidAnswer") + "}," +
            "\"/user/{userID}/gizmo/{itemId}\":{\"parameters\":[" + user + "," + id + "],\"get\":" + Operation("READ_Gizmo_for_User", "Thing") + "}," +
            "\"/user/{userID}/other/{itemId}\":{\"parameters\":[" + user + "," + id + "],\"get\":" + Operation("READ_Other_for_User", "Thing") + "}", schemas);
        Assert.Equal(ResultShape.Uuid, Op(model, "CREATE_Gizmo_for_User").Shape);
        var gizmo = Op(model, "READ_Gizmo_for_User").PathParameters;
        Assert.Equal(ParameterType.Long, gizmo.Single(p => p.WireName == "userID").Type);
        Assert.Equal(ParameterType.String, gizmo.Single(p => p.WireName == "itemId").Type);
        Assert.Equal(ParameterType.Long, Op(model, "READ_Other_for_User").PathParameters.Single(p => p.WireName == "itemId").Type);
    }

    [Fact]
    public void The_first_path_id_after_a_uuid_collection_is_a_string_too()
    {
        var schemas = "\"UuidAnswer\":{\"type\":\"object\",\"properties\":{\"uuid\":{\"type\":\"string\"}}}," + Thing;
        var model = Build("\"/gizmo\":{\"post\":" + Operation("CREATE_Gizmo", "UuidAnswer") + "},\"/gizmo/{itemId}\":{\"get\":" + Operation("READ_Gizmo", "Thing") + "}", schemas);
        Assert.Equal(ParameterType.String, Op(model, "READ_Gizmo").PathParameters.Single().Type);
    }

    [Fact]
    public void A_uuid_answer_to_a_read_does_not_make_ids_strings()
    {
        var schemas = "\"UuidAnswer\":{\"type\":\"object\",\"properties\":{\"Uuid\":{\"type\":\"object\",\"properties\":{\"uuid\":{\"type\":\"string\"}}}}}," + Thing;
        var model = Build("\"/gizmo\":{\"get\":" + Operation("List_all_Gizmo", "UuidAnswer") + "},\"/gizmo/{itemId}\":{\"get\":" + Operation("READ_Gizmo", "Thing") + "}", schemas);
        Assert.Equal(ParameterType.Long, Op(model, "READ_Gizmo").PathParameters.Single().Type);
    }

    private const string Fields = """
        "Amount":{"type":"object","properties":{"value":{"type":"string"},"currency":{"type":"string"}}},
        "HalfAmount":{"type":"object","properties":{"value":{"type":"string"}}},
        "Money":{"type":"object","properties":{"value":{"type":"string"},"currency":{"type":"string"}}},
        "Tags":{"type":"array","items":{"type":"string"}},
        "Code":{"type":"string","description":"A code."},
        "Empty":{"type":"object"},
        "Loose":{"type":"array"},
        "Sensor":{"type":"object","properties":{
          "price":{"$ref":"#/components/schemas/Amount"},
          "money":{"$ref":"#/components/schemas/Money"},
          "half":{"$ref":"#/components/schemas/HalfAmount"},
          "tags":{"$ref":"#/components/schemas/Tags"},
          "code":{"$ref":"#/components/schemas/Code"},
          "raw":{"$ref":"#/components/schemas/Empty"},
          "loose":{"$ref":"#/components/schemas/Loose"},
          "count":{"type":"integer"},
          "ratio":{"type":"number"},
          "enabled":{"type":"boolean"},
          "label":{"type":"string"},
          "created":{"type":"string"},
          "free":{},
          "names":{"type":"array","items":{"type":"string"}},
          "anything":{"type":"array"},
          "prices":{"type":"array","items":{"$ref":"#/components/schemas/Amount"}},
          "nested_part":{"type":"object","properties":{"size":{"type":"integer"}}}
        }}
        """;

    [Fact]
    public void Field_types_follow_the_schema_with_bunq_amounts_and_times_recognised()
    {
        var model = Build("\"/sensor/{itemId}\":{\"get\":" + Operation("READ_Sensor", "Sensor") + "}", Fields);
        var sensor = Type(model, "Sensor");
        string TypeOf(string field) => sensor.Properties.Single(p => p.JsonName == field).Type.ToString();
        Assert.Equal(TypeRef.Amount.ToString(), TypeOf("price"));
        Assert.Equal(TypeRef.Model("Money").ToString(), TypeOf("money"));
        Assert.Equal(TypeRef.Model("HalfAmount").ToString(), TypeOf("half"));
        Assert.Equal(TypeRef.ArrayOf(TypeRef.String).ToString(), TypeOf("tags"));
        Assert.Equal(TypeRef.String.ToString(), TypeOf("code"));
        Assert.Equal(TypeRef.Json.ToString(), TypeOf("raw"));
        Assert.Equal(TypeRef.Json.ToString(), TypeOf("loose"));
        Assert.Equal(TypeRef.Long.ToString(), TypeOf("count"));
        Assert.Equal(TypeRef.Double.ToString(), TypeOf("ratio"));
        Assert.Equal(TypeRef.Boolean.ToString(), TypeOf("enabled"));
        Assert.Equal(TypeRef.String.ToString(), TypeOf("label"));
        Assert.Equal(TypeRef.Timestamp.ToString(), TypeOf("created"));
        Assert.Equal(TypeRef.Json.ToString(), TypeOf("free"));
        Assert.Equal(TypeRef.ArrayOf(TypeRef.String).ToString(), TypeOf("names"));
        Assert.Equal(TypeRef.ArrayOf(TypeRef.Json).ToString(), TypeOf("anything"));
        Assert.Equal(TypeRef.ArrayOf(TypeRef.Amount).ToString(), TypeOf("prices"));
        Assert.Equal(TypeRef.Model("NestedPart").ToString(), TypeOf("nested_part"));
        Assert.Equal(TypeRef.Long.ToString(), Type(model, "NestedPart").Properties.Single().Type.ToString());
    }

    [Fact]
    public void Timestamps_are_recognised_by_format_name_and_description_in_the_model()
    {
        var schema = """
            "Clock":{"type":"object","properties":{
              "valid_until":{"type":"string","format":"date-time"},
              "updated":{"type":"string"},
              "time_start":{"type":"string"},
              "moment":{"type":"string","description":"The timestamp of the event."},
              "expiry_date":{"type":"string","description":"The expiry date."}
            }}
            """;
        var model = Build("\"/clock/{itemId}\":{\"get\":" + Operation("READ_Clock", "Clock") + "}", schema);
        var clock = Type(model, "Clock");
        string TypeOf(string field) => clock.Properties.Single(p => p.JsonName == field).Type.ToString();
        Assert.Equal(TypeRef.Timestamp.ToString(), TypeOf("valid_until"));
        Assert.Equal(TypeRef.Timestamp.ToString(), TypeOf("updated"));
        Assert.Equal(TypeRef.Timestamp.ToString(), TypeOf("time_start"));
        Assert.Equal(TypeRef.Timestamp.ToString(), TypeOf("moment"));
        Assert.Equal(TypeRef.String.ToString(), TypeOf("expiry_date"));
    }

    [Fact]
    public void A_request_field_that_refers_to_a_directional_schema_gets_its_request_model()
    {
        var schema = """
            "Part":{"type":"object","properties":{"id":{"type":"integer","readOnly":true},"name":{"type":"string"}}},
            "Order":{"type":"object","properties":{"part":{"$ref":"#/components/schemas/Part"},"note":{"type":"string"}}}
            """;
        var model = Build("\"/order\":{\"post\":" + Operation("CREATE_Order", requestSchema: "Order") + "},\"/order/{itemId}\":{\"get\":" + Operation("READ_Order", "Order") + "}", schema);
        var request = Type(model, Op(model, "CREATE_Order").RequestType!);
        Assert.Equal(TypeRef.Model("PartRequest").ToString(), request.Properties.Single(p => p.JsonName == "part").Type.ToString());
        var response = Type(model, "Order");
        Assert.Equal(TypeRef.Model("Part").ToString(), response.Properties.Single(p => p.JsonName == "part").Type.ToString());
    }
}
