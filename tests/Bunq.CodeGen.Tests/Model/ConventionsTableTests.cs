using System.Text.Json;
using System.Text.Json.Nodes;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Model.Conventions;
using Bunq.CodeGen.Tests.Load;
using Json.Schema;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>
/// The conventions table against its JSON Schema (an independent validator) and against the generator's own strict
/// reader, which must refuse the same mistakes and name them by JSON pointer.
/// </summary>
public sealed class ConventionsTableTests
{
    private static readonly string Folder = Path.Combine(SpecFiles.RepoRoot, "generator", "Bunq.CodeGen", "Model", "Conventions");
    private static readonly string TableText = File.ReadAllText(Path.Combine(Folder, "bunq-conventions.json"));
    private static readonly string SchemaText = File.ReadAllText(Path.Combine(Folder, "bunq-conventions.schema.json"));
    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaText);

    private static EvaluationResults Validate(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static JsonObject Table() => JsonNode.Parse(TableText)!.AsObject();

    private static JsonObject Rule(JsonObject table, int index) => table["rules"]![index]!.AsObject();

    private static int FirstRuleWith(JsonObject table, string property)
    {
        var rules = table["rules"]!.AsArray();
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i]!.AsObject().ContainsKey(property)) return i;
        }
        throw new InvalidOperationException("no rule has " + property);
    }

    private static ConventionsError SingleError(JsonObject table)
    {
        var read = BunqConventions.Parse(table.ToJsonString());
        Assert.Null(read.Table);
        return Assert.Single(read.Errors);
    }

    private static void AssertSchemaRefuses(JsonObject table, string pointer)
    {
        var results = Validate(table.ToJsonString());
        Assert.False(results.IsValid);
        Assert.Contains(results.Details ?? [], d => !d.IsValid && d.InstanceLocation.ToString() == pointer);
    }

    [Fact]
    public void The_checked_in_table_names_its_schema_and_satisfies_it()
    {
        Assert.Equal("./bunq-conventions.schema.json", Table()["$schema"]!.GetValue<string>());
        var results = Validate(TableText);
        var failures = (results.Details ?? []).Where(d => !d.IsValid && d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value));
        Assert.True(results.IsValid, string.Join("\n", failures));
    }

    [Fact]
    public void The_checked_in_table_reads_without_errors()
    {
        var read = BunqConventions.EmbeddedRead;
        Assert.Empty(read.Errors);
        Assert.NotNull(read.Table);
        Assert.Equal(Table()["rules"]!.AsArray().Count, read.Table!.Rules.Count);
    }

    [Fact]
    public void Schema_and_reader_refuse_an_unknown_shape_at_its_pointer()
    {
        var table = Table();
        var index = FirstRuleWith(table, "shape");
        Rule(table, index)["shape"] = "objet";
        var pointer = "/rules/" + index + "/shape";

        AssertSchemaRefuses(table, pointer);
        var error = SingleError(table);
        Assert.Equal(pointer, error.Pointer);
        Assert.Contains("\"objet\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_and_reader_refuse_a_rule_without_evidence()
    {
        var table = Table();
        Rule(table, 3).Remove("evidence");

        AssertSchemaRefuses(table, "/rules/3");
        var error = SingleError(table);
        Assert.Equal("/rules/3", error.Pointer);
        Assert.Contains("'evidence'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_and_reader_refuse_an_unknown_property_at_its_pointer()
    {
        var table = Table();
        Rule(table, 0)["evidnce"] = "a typo of evidence";

        AssertSchemaRefuses(table, "/rules/0/evidnce");
        var error = SingleError(table);
        Assert.Equal("/rules/0/evidnce", error.Pointer);
        Assert.Contains("'evidnce'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_refuses_an_unknown_token_rather_than_reading_it_as_session()
    {
        var table = Table();
        var index = FirstRuleWith(table, "token");
        Rule(table, index)["token"] = "sesion";

        var error = SingleError(table);
        Assert.Equal("/rules/" + index + "/token", error.Pointer);
        Assert.Contains("\"sesion\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_refuses_an_unknown_property_inside_a_match()
    {
        var table = Table();
        Rule(table, 0)["match"]!.AsObject()["stemm"] = "Card";

        Assert.Equal("/rules/0/match/stemm", SingleError(table).Pointer);
    }

    [Fact]
    public void Reader_refuses_a_missing_required_field_of_a_type_property()
    {
        var table = Table();
        table["types"]![1]!["properties"]![0]!.AsObject().Remove("type");

        var error = SingleError(table);
        Assert.Equal("/types/1/properties/0", error.Pointer);
        Assert.Contains("'type'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_refuses_a_value_of_the_wrong_json_type_with_the_value()
    {
        var table = Table();
        Rule(table, 2)["signature"] = "yes";

        var error = SingleError(table);
        Assert.Equal("/rules/2/signature", error.Pointer);
        Assert.Contains("\"yes\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("true or false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_and_reader_refuse_a_property_override_with_both_items_and_type()
    {
        var table = Table();
        var overrides = table["propertyOverrides"]!.AsArray();
        var index = Enumerable.Range(0, overrides.Count).First(i => overrides[i]!.AsObject().ContainsKey("type"));
        overrides[index]!["items"] = "Pointer";

        Assert.False(Validate(table.ToJsonString()).IsValid);
        Assert.Equal("/propertyOverrides/" + index, SingleError(table).Pointer);
    }

    [Fact]
    public void Reader_reports_every_error_of_a_table_not_only_the_first()
    {
        var table = Table();
        Rule(table, 0)["shape"] = "lst";
        table["enums"]![0]!.AsObject().Remove("values");
        table["version"] = 2;

        var read = BunqConventions.Parse(table.ToJsonString());
        Assert.Null(read.Table);
        Assert.Equal(new[] { "/version", "/rules/0/shape", "/enums/0" }, read.Errors.Select(e => e.Pointer));
    }

    [Fact]
    public void Reader_refuses_text_that_is_not_json()
    {
        var read = BunqConventions.Parse("{\"version\": 1, \"rules\": [");
        Assert.Null(read.Table);
        Assert.Equal("", Assert.Single(read.Errors).Pointer);
    }

    [Fact]
    public void Every_closed_value_the_schema_allows_the_reader_reads()
    {
        var schema = JsonNode.Parse(SchemaText)!["$defs"]!;
        string[] Values(string def, string property) =>
            schema[def]!["properties"]![property]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();

        var checkedValues = 0;
        foreach (var (property, value) in Values("rule", "shape").Select(v => ("shape", v)).Concat(Values("rule", "token").Select(v => ("token", v))))
        {
            var table = Table();
            Rule(table, 0)[property] = value;
            Assert.Empty(BunqConventions.Parse(table.ToJsonString()).Errors);
            checkedValues++;
        }
        foreach (var (property, value) in Values("match", "method").Select(v => ("method", v)).Concat(Values("match", "kind").Select(v => ("kind", v))))
        {
            var table = Table();
            Rule(table, 0)["match"]![property] = value;
            Assert.Empty(BunqConventions.Parse(table.ToJsonString()).Errors);
            checkedValues++;
        }
        foreach (var usage in Values("propertyOverride", "usage"))
        {
            var table = Table();
            table["propertyOverrides"]![0]!["usage"] = usage;
            Assert.Empty(BunqConventions.Parse(table.ToJsonString()).Errors);
            checkedValues++;
        }
        foreach (var (property, value) in Values("runtimeOperation", "auth").Select(v => ("auth", v)).Concat(Values("runtimeOperation", "method").Select(v => ("method", v))))
        {
            var table = Table();
            table["runtimeOperations"]![0]![property] = value;
            Assert.Empty(BunqConventions.Parse(table.ToJsonString()).Errors);
            checkedValues++;
        }
        Assert.Equal(8 + 3 + 8 + 5 + 2 + 3 + 4, checkedValues);
    }

    [Fact]
    public void A_broken_table_becomes_BUNQ0025_errors_at_the_tables_pointers()
    {
        var table = Table();
        Rule(table, 0)["shape"] = "objet";

        var diagnostic = Assert.Single(ApiModelBuilder.ConventionsErrors(BunqConventions.Parse(table.ToJsonString())));
        Assert.Equal(DiagnosticCatalog.ConventionsTableInvalid.Id, diagnostic.Id);
        Assert.Equal("BUNQ0025", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("/rules/0/shape", diagnostic.Location.JsonPointer);
        Assert.Equal(BunqConventions.EmbeddedFileName, diagnostic.Location.FilePath);
        Assert.Contains("\"objet\"", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_built_over_a_broken_table_has_no_resources_and_the_BUNQ0025_error()
    {
        var table = Table();
        var index = FirstRuleWith(table, "token");
        Rule(table, index)["token"] = "sesion";
        var specText = File.ReadAllText(SpecFiles.RepoSpec);
        var load = Bunq.CodeGen.Load.SpecLoader.Load(SpecFiles.RepoSpec, specText);

        var broken = ApiModelBuilder.Build(load, specText, BunqConventions.Parse(table.ToJsonString()), CancellationToken.None);
        var intact = ApiModelBuilder.Build(load, specText, BunqConventions.EmbeddedRead, CancellationToken.None);

        Assert.Empty(broken.Resources);
        var error = Assert.Single(broken.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("BUNQ0025", error.Id);
        Assert.Equal("/rules/" + index + "/token", error.Location.JsonPointer);
        Assert.NotEmpty(intact.Resources);
        Assert.DoesNotContain(intact.Diagnostics, d => d.Id == "BUNQ0025");
    }

    [Theory]
    [InlineData("/model/paging/parameters/0/type", "int")]
    [InlineData("/requests/emptyBody/methods/0", "POST")]
    [InlineData("/wire/rateLimits/get", 0)]
    [InlineData("/runtimeOperations/0/auth", "sesion")]
    [InlineData("/runtimeOperations/0/method", "GET")]
    [InlineData("/runtimeOperations/0/path", "installation")]
    [InlineData("/runtimeOperations/0/name", "create installation")]
    public void Schema_and_reader_refuse_the_same_bad_fact_entry(string pointer, object value)
    {
        var table = Table();
        var segments = pointer.Trim('/').Split('/');
        JsonNode node = table;
        foreach (var segment in segments[..^1]) node = int.TryParse(segment, out var i) ? node[i]! : node[segment]!;
        var written = value is int n ? JsonValue.Create(n) : JsonValue.Create((string)value);
        if (int.TryParse(segments[^1], out var last)) node[last] = written;
        else node[segments[^1]] = written;
        AssertSchemaRefuses(table, pointer);
        Assert.Equal(pointer, SingleError(table).Pointer);
    }

    [Fact]
    public void Schema_and_reader_refuse_a_table_without_its_wire_section()
    {
        var table = Table();
        table.Remove("wire");
        Assert.False(Validate(table.ToJsonString()).IsValid);
        Assert.Contains("'wire'", SingleError(table).Message, StringComparison.Ordinal);
    }
}
