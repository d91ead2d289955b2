using System.Reflection;
using System.Text.RegularExpressions;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Model.Conventions;
using Bunq.CodeGen.Tests.Emit;
using Bunq.CodeGen.Tests.Load;
using Bunq.CodeGen.Tests.TestSupport;
using Bunq.CodeGen.Tests.Wire;
using Bunq.Runtime;
using Bunq.Runtime.Json;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>
/// bunq's 2018-05 … 2018-11 specs name their schemas <c>MonetaryAccountBank_5aec7a7717a55</c>; bunq sends the object
/// as <c>MonetaryAccountBank</c>. The table's <c>model.schemaNameSuffix</c> keeps the hash out of keys and type names.
/// </summary>
public sealed class SchemaNameSuffixTests
{
    private static readonly Regex HashSuffix = new Regex("_?[0-9a-f]{13}$", RegexOptions.CultureInvariant);

    private static ModelFacts Facts => BunqConventions.Embedded.Facts.Model;

    [Theory]
    [InlineData("MonetaryAccountBank_5aec7a7717a55", "MonetaryAccountBank")]
    [InlineData("Payment_5be1d7cde4aa9", "Payment")]
    [InlineData("PaymentRead", "PaymentRead")]
    [InlineData("Payment_5BE1D7CDE4AA9", "Payment_5BE1D7CDE4AA9")]
    [InlineData("Payment_5be1d7cde4aa", "Payment_5be1d7cde4aa")]
    [InlineData("Payment-5be1d7cde4aa9", "Payment-5be1d7cde4aa9")]
    [InlineData("Payment_5be1d7cde4axz", "Payment_5be1d7cde4axz")]
    [InlineData("_5be1d7cde4aa9", "_5be1d7cde4aa9")]
    public void Only_a_separator_and_13_lower_case_hex_digits_are_taken_off(string schema, string expected)
    {
        Assert.Equal(expected, Facts.WithoutSchemaSuffix(schema));
    }

    private const string AccountPath = "/user/{userID}/monetary-account/{monetary-accountID}";

    private static string Get(string operationId, string schema, bool list = false)
    {
        var reference = "{\"$ref\":\"#/components/schemas/" + schema + "\"}";
        var body = list ? "{\"type\":\"array\",\"items\":" + reference + "}" : reference;
        return "{\"get\":{\"operationId\":\"" + operationId + "\",\"responses\":{\"200\":{\"description\":\"ok\",\"content\":{\"application/json\":{\"schema\":" + body + "}}}}}}";
    }

    private static string Schema(string name, string fields) => "\"" + name + "\":{\"type\":\"object\",\"properties\":{" + fields + "}}";

    private static ApiModel Build(string paths, params string[] schemas)
        => ApiModelBuilder.Build("hashed.json", "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{" + paths +
            "},\"components\":{\"schemas\":{" + string.Join(",", schemas) + "}}}");

    private static ApiOperation Op(ApiModel model, string operationId) => model.Resources.SelectMany(r => r.Operations).Single(o => o.OperationId == operationId);

    [Fact]
    public void Two_hashed_copies_of_one_object_are_read_under_bunqs_key_as_one_type()
    {
        var model = Build(
            "\"" + AccountPath + "/thing\":" + Get("List_all_Thing_for_User_MonetaryAccount", "Thing_5aec7a7717a55", list: true) +
            ",\"" + AccountPath + "/thing/{itemId}\":" + Get("READ_Thing_for_User_MonetaryAccount", "Thing_5aec7a7714691") +
            ",\"" + AccountPath + "/schedule-payment/{itemId}\":" + Get("READ_SchedulePayment_for_User_MonetaryAccount", "SchedulePayment_5aec7a7dc6c63"),
            Schema("Thing_5aec7a7717a55", "\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},\"balance\":{\"$ref\":\"#/components/schemas/Amount_5aec7a6e12962\"}"),
            Schema("Amount_5aec7a6e12962", "\"value\":{\"type\":\"string\"},\"currency\":{\"type\":\"string\"}"),
            Schema("Thing_5aec7a7714691", "\"id\":{\"type\":\"integer\"},\"colour\":{\"type\":\"string\"}"),
            Schema("SchedulePayment_5aec7a7dc6c63", "\"id\":{\"type\":\"integer\"},\"status\":{\"type\":\"string\"}"));

        Assert.Equal(new[] { "Thing" }, Op(model, "List_all_Thing_for_User_MonetaryAccount").Keys);
        Assert.Equal(new[] { "Thing" }, Op(model, "READ_Thing_for_User_MonetaryAccount").Keys);
        // The stem row (SchedulePayment → ScheduledPayment) holds for the hashed name too.
        Assert.Equal(new[] { "ScheduledPayment" }, Op(model, "READ_SchedulePayment_for_User_MonetaryAccount").Keys);
        var thing = model.Types.Single(t => t.Name == "Thing");
        Assert.Equal(new[] { "balance", "colour", "id", "name" }, thing.Properties.Select(p => p.JsonName).OrderBy(n => n, StringComparer.Ordinal));
        // The table's money schema is Amount: its hashed copy is the runtime's Amount too, not a model of its own.
        Assert.Equal(TypeRefKind.Amount, thing.Properties.Single(p => p.JsonName == "balance").Type.Kind);
        Assert.DoesNotContain(model.Types, t => HashSuffix.IsMatch(t.Name));
        Assert.DoesNotContain(model.Diagnostics, d => d.Id == DiagnosticCatalog.NameCollisionRenamed.Id);
    }

    [Fact]
    public void Hashed_schemas_that_type_a_shared_field_differently_stay_two_types_and_say_so_at_the_schema()
    {
        var model = Build(
            "\"" + AccountPath + "/thing\":" + Get("List_all_Thing_for_User_MonetaryAccount", "Thing_5aec7a7717a55", list: true) +
            ",\"" + AccountPath + "/thing/{itemId}\":" + Get("READ_Thing_for_User_MonetaryAccount", "Thing_5aec7a7714691"),
            Schema("Thing_5aec7a7717a55", "\"id\":{\"type\":\"integer\"},\"balance\":{\"type\":\"string\"}"),
            Schema("Thing_5aec7a7714691", "\"id\":{\"type\":\"integer\"},\"balance\":{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"string\"}}}"));

        var list = Op(model, "List_all_Thing_for_User_MonetaryAccount");
        var read = Op(model, "READ_Thing_for_User_MonetaryAccount");
        // Both still read bunq's key; only the C# types differ.
        Assert.Equal(new[] { "Thing" }, list.Keys);
        Assert.Equal(new[] { "Thing" }, read.Keys);
        Assert.NotEqual(list.ResponseType, read.ResponseType);
        var types = model.Types.Where(t => t.SchemaName.StartsWith("Thing_", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, types.Count);
        Assert.Contains(types, t => t.Properties.Single(p => p.JsonName == "balance").Type.Kind == TypeRefKind.String);
        Assert.Contains(types, t => t.Properties.Single(p => p.JsonName == "balance").Type.Kind == TypeRefKind.Model);
        var renamed = Assert.Single(model.Diagnostics, d => d.Id == DiagnosticCatalog.NameCollisionRenamed.Id);
        Assert.Equal("/components/schemas/Thing_5aec7a7714691", renamed.Location.JsonPointer);
        Assert.Contains("Thing_5aec7a7717a55", renamed.Message, StringComparison.Ordinal);
        Assert.Contains("'balance'", renamed.Message, StringComparison.Ordinal);
    }

    [SharedSpecsFact]
    public void The_2018_11_spec_reads_money_as_the_runtime_amount_and_sends_a_counterparty_as_a_pointer()
    {
        var path = SpecFiles.RequireSharedSpec(Client2018Fixture.Spec);
        var model = ApiModelBuilder.Build(path, File.ReadAllText(path));
        Assert.DoesNotContain(model.Types, t => t.Name == "Amount" || t.Name == "AmountObject");
        var payment = model.Resources.SelectMany(r => r.Operations).Single(o => o.Method == "post" && o.Path == "/user/{userID}/monetary-account/{monetary-accountID}/payment");
        var request = model.Types.Single(t => t.Name == payment.RequestType);
        Assert.Equal(TypeRefKind.Amount, request.Properties.Single(p => p.JsonName == "amount").Type.Kind);
        var alias = model.Types.Single(t => t.Name == request.Properties.Single(p => p.JsonName == "counterparty_alias").Type.ModelName);
        Assert.StartsWith("Pointer_", alias.SchemaName, StringComparison.Ordinal);
    }

    public static IEnumerable<object[]> SharedVersions() => AllVersionsCompileTests.SharedVersions();

    [SharedSpecsTheory]
    [MemberData(nameof(SharedVersions))]
    public void No_object_type_key_union_case_or_type_name_of_a_bunq_spec_carries_a_hash(string fileName)
    {
        var path = SpecFiles.RequireSharedSpec(fileName);
        var model = ApiModelBuilder.Build(path, File.ReadAllText(path));
        var operations = model.Resources.SelectMany(r => r.Operations).ToList();
        Assert.NotEmpty(operations);
        var hashed = operations.SelectMany(o => o.Keys).Where(k => HashSuffix.IsMatch(k))
            .Concat(model.Types.SelectMany(t => t.Cases).Select(c => c.Key).Where(k => HashSuffix.IsMatch(k)))
            .Concat(model.Types.Select(t => t.Name).Where(n => HashSuffix.IsMatch(n)))
            .Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.True(hashed.Count == 0, fileName + ": " + string.Join(", ", hashed));
    }
}

/// <summary>The 2018-11 spec, the newest with hashed names, generated, compiled and loaded once.</summary>
public sealed class Client2018Fixture
{
    public const string Spec = "2018-11-06_ea1d7d5.json";
    public const string Namespace = "Wire.Bunq2018";

    public Client2018Fixture()
    {
        if (SpecFiles.SharedSpecsFolder is null) return;
        var path = Path.Combine(SpecFiles.SharedSpecsFolder, Spec);
        Model = ApiModelBuilder.Build(path, File.ReadAllText(path));
        var compilation = InMemoryCompiler.Compile("Wire.Bunq2018.Generated", ClientEmitter.Emit(Model, new EmitOptions(Namespace, "BunqClient")).ToArray());
        Problems = InMemoryCompiler.Problems(compilation);
        if (Problems.Length == 0) Client = new LoadedClient(InMemoryCompiler.Load(compilation), Namespace);
    }

    public ApiModel? Model { get; }

    public string[] Problems { get; } = Array.Empty<string>();

    internal LoadedClient? Client { get; }
}

/// <summary>Recorded answers (tests/Recorded) under bunq's key read through a client of a hashed-name spec.</summary>
public sealed class SchemaNameSuffixRecordedTests : IClassFixture<Client2018Fixture>
{
    private readonly Client2018Fixture _fixture;

    public SchemaNameSuffixRecordedTests(Client2018Fixture fixture) => _fixture = fixture;

    private static string Normalised(string path) => Regex.Replace(path, "\\{[^}]*\\}", "{}");

    [SharedSpecsTheory]
    [InlineData("bunq-client/monetary_account_bank.get.json", "MonetaryAccountBank")]
    [InlineData("bunq-client/monetary_account_banks.list.json", "MonetaryAccountBank")]
    [InlineData("bunq-client/payments.list.json", "Payment")]
    public void A_recorded_answer_reads_on_a_2018_client_without_drift(string file, string key)
    {
        Assert.True(_fixture.Problems.Length == 0, string.Join("\n", _fixture.Problems));
        var entry = RecordedEntry.All.Single(e => e.File == file);
        var op = _fixture.Model!.Resources.SelectMany(r => r.Operations)
            .Single(o => o.Method == entry.Method!.ToLowerInvariant() && Normalised(o.Path) == Normalised(entry.Path!));
        Assert.Equal(key, op.Keys[0]);

        var drift = new List<BunqDriftEvent>();
        var response = new BunqResponse(200, entry.Bytes, "application/json", "recorded");
        var type = _fixture.Client!.Type(op.ResponseType!);
        object? read;
        using (BunqDrift.Begin(op.OperationId, null, drift.Add))
        {
            var method = typeof(BunqEnvelope).GetMethod(op.Shape == ResultShape.List ? nameof(BunqEnvelope.ReadList) : nameof(BunqEnvelope.ReadObject))!.MakeGenericMethod(type);
            read = method.Invoke(null, new object?[] { response, op.Keys[0], op.Keys.Skip(1).ToArray() });
        }
        var items = op.Shape == ResultShape.List
            ? ((System.Collections.IList)read!.GetType().GetProperty("Items")!.GetValue(read)!).Cast<object>().ToList()
            : new List<object> { read! };
        Assert.Equal(entry.Elements ?? 1, items.Count);
        Assert.All(items, item => Assert.NotNull(item.GetType().GetProperty("Id")!.GetValue(item)));
        // Under the hashed key the element came back as UnexpectedKey drift; these answers match the 2018 schemas field for field.
        Assert.True(drift.Count == 0, file + ": " + string.Join("; ", drift));
    }
}
