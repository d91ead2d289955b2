using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Emit;

namespace Bunq.CodeGen.Tests.Wire;

/// <summary>
/// The shapes of issue 11 through the client generated from the repository's spec: each read exactly, nothing dropped,
/// the drift reported with its operation.
/// </summary>
public sealed class WireShapeTests : IClassFixture<WireClientFixture>
{
    private readonly WireClientFixture _fixture;

    public WireShapeTests(WireClientFixture fixture) => _fixture = fixture;

    private string Call(string method, params object?[] arguments) => (string)_fixture.Call(method, arguments)!;

    [Fact]
    public void The_client_compiles_without_a_warning() => Assert.Empty(_fixture.Problems);

    [Fact]
    public void Card_listings_under_CardDebit_and_CardCredit_keep_every_card()
    {
        const string json = """
            {"Response":[{"CardDebit":{"id":11,"type":"MAESTRO"}},{"CardCredit":{"id":12,"type":"MASTERCARD"}},{"Card":{"id":13,"type":"MASTERCARD_VIRTUAL"}}],
             "Pagination":{"future_url":null,"newer_url":null,"older_url":null}}
            """;
        Assert.Equal(
            "3: 11 MAESTRO,12 MASTERCARD,13 MASTERCARD_VIRTUAL | List_all_Card_for_User AliasKey CardDebit, List_all_Card_for_User AliasKey CardCredit",
            Call("ListCards", json));
    }

    [Fact]
    public void One_card_under_CardDebit_is_read()
    {
        Assert.Equal("11 MAESTRO Second | READ_Card_for_User AliasKey CardDebit",
            Call("GetCard", """{"Response":[{"CardDebit":{"id":11,"type":"MAESTRO","second_line":"Second"}}]}"""));
    }

    [Fact]
    public void An_element_under_a_key_nobody_listed_is_read_as_the_expected_type_and_reported()
    {
        Assert.Equal("2: 11 MAESTRO,12 MASTERCARD | List_all_Card_for_User UnexpectedKey CardPrepaid, List_all_Card_for_User AliasKey CardCredit",
            Call("ListCards", """{"Response":[{"CardPrepaid":{"id":11,"type":"MAESTRO"}},{"CardCredit":{"id":12,"type":"MASTERCARD"}}]}"""));
        Assert.Equal("11 MAESTRO  | READ_Card_for_User UnexpectedKey CardPrepaid",
            Call("GetCard", """{"Response":[{"CardPrepaid":{"id":11,"type":"MAESTRO"}}]}"""));
    }

    [Fact]
    public void The_expected_key_wins_over_an_alias_and_an_unlisted_key()
    {
        Assert.Equal("13 MASTERCARD  | ", Call("GetCard", """{"Response":[{"Other":{"id":1}},{"Card":{"id":13,"type":"MASTERCARD"}}]}"""));
    }

    [Fact]
    public void Customer_statements_under_their_old_key_are_read()
    {
        Assert.Equal("2: 5 2018-01-01,6 2018-02-01 | List_all_CustomerStatement_for_User_MonetaryAccount AliasKey CustomerStatementExport",
            Call("ListCustomerStatements", """{"Response":[{"CustomerStatementExport":{"id":5,"date_start":"2018-01-01"}},{"CustomerStatement":{"id":6,"date_start":"2018-02-01"}}]}"""));
    }

    [Fact]
    public void A_geolocation_keeps_its_fractions_and_round_trips()
    {
        const string json = """{"id":1,"geolocation":{"latitude":52.387862883215,"longitude":4.8940624,"altitude":-1.25,"radius":65}}""";
        var result = Call("PaymentGeolocation", json).Split(" | ");
        Assert.Equal("52.387862883215 4.8940624 -1.25 65", result[0]);
        JsonAssert.Equal(json, result[1]);
    }

    [Fact]
    public void The_savings_goal_progress_is_a_fraction_and_unknown_account_types_stay()
    {
        const string json = """
            {"Response":[{"MonetaryAccountSavings":{"id":3,"savings_goal_progress":0.25}},{"MonetaryAccountBank":{"id":4}},{"MonetaryAccountCrypto":{"id":5}}]}
            """;
        Assert.Equal("savings 3 0.25,bank 4,unknown MonetaryAccountCrypto | List_all_MonetaryAccount_for_User UnknownObjectType MonetaryAccount.MonetaryAccountCrypto",
            Call("ListAccounts", json));
    }

    [Theory]
    [InlineData("""{"MonetaryAccountBank":{"id":42,"description":"Main"}}""", "account bank 42 Main own-key=False")]
    [InlineData("""{"MonetaryAccount":{"MonetaryAccountBank":{"id":42,"description":"Main"}}}""", "account bank 42 Main own-key=True")]
    [InlineData("""{"MonetaryAccountJoint":{"id":43}}""", "account joint 43 own-key=False")]
    [InlineData("""{"UserPerson":{"id":7}}""", "user person 7 own-key=False")]
    [InlineData("""{"Payment":{"id":9,"amount":{"value":"-12.50","currency":"EUR"}}}""", "payment 9 -12.50 EUR")]
    public void Callback_objects_under_nested_anchor_keys_read_as_the_anchor_case(string objectJson, string expected)
    {
        var body = """{"NotificationUrl":{"target_url":"https://example.com/cb","category":"MUTATION","event_type":"X","object":""" + objectJson + "}}";
        var result = Call("Callback", body).Split(" | ");
        Assert.Equal(expected, result[0]);
        JsonAssert.Equal(objectJson, result[1]);
        Assert.Equal("", result[2]);
    }

    [Fact]
    public void A_callback_object_of_a_new_type_is_kept_and_reported()
    {
        var result = Call("Callback", """{"NotificationUrl":{"object":{"TransferwiseQuote2":{"id":1}}}}""").Split(" | ");
        Assert.Equal("unknown TransferwiseQuote2", result[0]);
        Assert.Equal("UnknownObjectType EventObject.TransferwiseQuote2", result[2]);
    }

    [Fact]
    public void The_payments_of_a_payment_batch_read_under_their_wrapper()
    {
        const string element = """{"payments":{"Payment":[{"id":1,"amount":{"value":"1.50","currency":"EUR"}},{"id":2,"amount":{"value":"2.00","currency":"EUR"}}]}}""";
        var result = Call("GetPaymentBatch", """{"Response":[{"PaymentBatch":""" + element + "}]}").Split(" | ");
        Assert.Equal("2: 1 1.50 EUR,2 2.00 EUR", result[0]);
        JsonAssert.Equal(element, result[1]);
        Assert.Equal("", result[2]);
    }

    [Fact]
    public void The_payments_of_a_payment_batch_sent_as_a_bare_list_are_read_and_written_back_bare()
    {
        const string element = """{"payments":[{"id":1,"amount":{"value":"1.50","currency":"EUR"}},{"id":2,"amount":{"value":"2.00","currency":"EUR"}}]}""";
        var result = Call("GetPaymentBatch", """{"Response":[{"PaymentBatch":""" + element + "}]}").Split(" | ");
        Assert.Equal("2: 1 1.50 EUR,2 2.00 EUR", result[0]);
        JsonAssert.Equal(element, result[1]);
        Assert.Equal("READ_PaymentBatch_for_User_MonetaryAccount ShapeMismatch PaymentBatch.payments", result[2]);
    }

    [Fact]
    public void Creating_a_payment_batch_sends_its_payments_as_a_list()
    {
        var result = Call("CreatePaymentBatch").Split(" | ");
        Assert.Equal("77", result[0]);
        Assert.StartsWith("POST user/1/monetary-account/2/payment-batch ", result[1], StringComparison.Ordinal);
        JsonAssert.Equal(
            "{\"payments\":["
            + "{\"amount\":{\"value\":\"1.50\",\"currency\":\"EUR\"},\"counterparty_alias\":{\"type\":\"IBAN\",\"value\":\"NL13RABO0123456789\",\"name\":\"Daan\"},\"description\":\"one\"},"
            + "{\"amount\":{\"value\":\"2.00\",\"currency\":\"EUR\"},\"counterparty_alias\":{\"type\":\"EMAIL\",\"value\":\"sanne@example.com\"},\"description\":\"two\"}]}",
            result[1].Substring("POST user/1/monetary-account/2/payment-batch ".Length));
    }

    [Fact]
    public void Objects_identified_by_a_uuid_are_created_and_read_by_their_uuid()
    {
        var result = Call("UuidObjects").Split(" | ");
        Assert.Equal("2f4e1c4d-ef3b-4c4e-9a2a-0f6e5c1b7d10 2f4e1c4d-ef3b-4c4e-9a2a-0f6e5c1b7d10 9c0d2d8e-1a3b-4c5d-8e7f-102132435465", result[0]);
        var log = result[1].Split('\n');
        Assert.Equal("GET attachment-public/2f4e1c4d-ef3b-4c4e-9a2a-0f6e5c1b7d10 ", log[1]);
        Assert.Equal("GET avatar/9c0d2d8e-1a3b-4c5d-8e7f-102132435465 ", log[3]);
        Assert.Equal("CREATE_AttachmentPublic AliasKey Id", result[2]);
    }

    [Fact]
    public void Every_path_id_of_an_object_identified_by_a_uuid_is_a_string()
    {
        var uuidCollections = _fixture.Model.Resources.SelectMany(r => r.Operations)
            .Where(o => o.Kind == OperationKind.Create && o.Shape == ResultShape.Uuid)
            .Select(o => o.Path)
            .ToList();
        Assert.Equal(new[] { "/attachment-public", "/avatar" }, uuidCollections.OrderBy(p => p, StringComparer.Ordinal));
        var checkedOps = 0;
        foreach (var op in _fixture.Model.Resources.SelectMany(r => r.Operations))
        {
            foreach (var collection in uuidCollections)
            {
                if (!op.Path.StartsWith(collection + "/{", StringComparison.Ordinal)) continue;
                var name = op.Path.Substring(collection.Length + 2, op.Path.IndexOf('}', collection.Length) - collection.Length - 2);
                Assert.Equal(ParameterType.String, op.PathParameters.Single(p => p.WireName == name).Type);
                checkedOps++;
            }
        }
        // GET /attachment-public/{itemId}, GET /attachment-public/{uuid}/content, GET /avatar/{itemId}.
        Assert.Equal(3, checkedOps);
        // Not every id: a payment's id stays a long.
        Assert.Contains(_fixture.Model.Resources.SelectMany(r => r.Operations), o => o.OperationId == "READ_Payment_for_User_MonetaryAccount"
            && o.PathParameters.All(p => p.Type == ParameterType.Long));
    }

    [Fact]
    public void Every_request_body_with_a_read_only_list_sends_its_items()
    {
        // The sweep of the spec: a request property whose schema's fields are all read-only would send {} (the
        // payment batch's payments did). The only such one left after the conventions is none.
        var requestTypes = _fixture.Model.Types.Where(t => t.Usage == TypeUsage.Request).ToDictionary(t => t.Name);
        var empty = _fixture.Model.Types.Where(t => t.Kind == TypeKind.Object && t.Properties.Count == 0).Select(t => t.Name).ToHashSet();
        foreach (var op in _fixture.Model.Resources.SelectMany(r => r.Operations).Where(o => o.RequestType is not null))
        {
            var type = _fixture.Model.Types.Single(t => t.Name == op.RequestType);
            foreach (var p in type.Properties)
            {
                var target = p.Type.Kind == TypeRefKind.Array ? p.Type.Element! : p.Type;
                if (target.Kind != TypeRefKind.Model) continue;
                Assert.False(empty.Contains(target.ModelName!), op.OperationId + ": " + type.Name + "." + p.JsonName + " is an object without fields");
            }
        }
        var batch = requestTypes["PaymentBatchRequest"].Properties.Single(p => p.JsonName == "payments");
        Assert.Equal(TypeRef.ArrayOf(TypeRef.Model("PaymentRequest")), batch.Type);
    }
}
