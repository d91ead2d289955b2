using System.Text.Json;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Emit;
using Bunq.Runtime;
using Bunq.Runtime.Json;
using static Bunq.CodeGen.Tests.Emit.LoadedClient;

namespace Bunq.CodeGen.Tests.Wire;

/// <summary>
/// The shapes of issue 11 through the client generated from the repository's spec: each read exactly, nothing dropped,
/// the drift reported with its operation.
/// </summary>
public sealed class WireShapeTests : IClassFixture<WireClientFixture>
{
    private readonly WireClientFixture _fixture;
    private readonly LoadedClient _client;

    public WireShapeTests(WireClientFixture fixture)
    {
        _fixture = fixture;
        _client = fixture.Client;
    }

    private dynamic Client(RecordingApi api) => _client.New("BunqClient", api, 1L);

    private static (string OperationId, BunqDriftKind Kind, string Field)[] DriftOf(IEnumerable<BunqDriftEvent> drift)
        => drift.Select(d => (d.OperationId, d.Kind, d.Field)).ToArray();

    private static (long? Id, string? Type)[] Cards(List<dynamic> cards)
        => cards.Select(c => ((long?)c.Id, (string?)c.Type?.ToString())).ToArray();

    [Fact]
    public void The_client_compiles_without_a_warning() => Assert.Empty(_fixture.Problems);

    [Fact]
    public async Task Card_listings_under_CardDebit_and_CardCredit_keep_every_card()
    {
        const string json = """
            {"Response":[{"CardDebit":{"id":11,"type":"MAESTRO"}},{"CardCredit":{"id":12,"type":"MASTERCARD"}},{"Card":{"id":13,"type":"MASTERCARD_VIRTUAL"}}],
             "Pagination":{"future_url":null,"newer_url":null,"older_url":null}}
            """;
        var api = new RecordingApi(json);
        List<dynamic> cards = Items(await Client(api).Cards.ListAsync());
        Assert.Equal(new (long?, string?)[] { (11, "MAESTRO"), (12, "MASTERCARD"), (13, "MASTERCARD_VIRTUAL") }, Cards(cards));
        Assert.Equal(
            new[] { ("List_all_Card_for_User", BunqDriftKind.AliasKey, "CardDebit"), ("List_all_Card_for_User", BunqDriftKind.AliasKey, "CardCredit") },
            DriftOf(api.Drift));
    }

    [Fact]
    public async Task One_card_under_CardDebit_is_read()
    {
        var api = new RecordingApi("""{"Response":[{"CardDebit":{"id":11,"type":"MAESTRO","second_line":"Second"}}]}""");
        var card = (await Client(api).Cards.GetAsync(2L)).Value;
        Assert.Equal(11L, (long?)card.Id);
        Assert.Equal("MAESTRO", (string?)card.Type?.ToString());
        Assert.Equal("Second", (string?)card.SecondLine);
        Assert.Equal(new[] { ("READ_Card_for_User", BunqDriftKind.AliasKey, "CardDebit") }, DriftOf(api.Drift));
    }

    [Fact]
    public async Task An_element_under_a_key_nobody_listed_is_read_as_the_expected_type_and_reported()
    {
        var listing = new RecordingApi("""{"Response":[{"CardPrepaid":{"id":11,"type":"MAESTRO"}},{"CardCredit":{"id":12,"type":"MASTERCARD"}}]}""");
        List<dynamic> cards = Items(await Client(listing).Cards.ListAsync());
        Assert.Equal(new (long?, string?)[] { (11, "MAESTRO"), (12, "MASTERCARD") }, Cards(cards));
        Assert.Equal(
            new[] { ("List_all_Card_for_User", BunqDriftKind.UnexpectedKey, "CardPrepaid"), ("List_all_Card_for_User", BunqDriftKind.AliasKey, "CardCredit") },
            DriftOf(listing.Drift));

        var reading = new RecordingApi("""{"Response":[{"CardPrepaid":{"id":11,"type":"MAESTRO"}}]}""");
        var card = (await Client(reading).Cards.GetAsync(2L)).Value;
        Assert.Equal(11L, (long?)card.Id);
        Assert.Equal("MAESTRO", (string?)card.Type?.ToString());
        Assert.Null((string?)card.SecondLine);
        Assert.Equal(new[] { ("READ_Card_for_User", BunqDriftKind.UnexpectedKey, "CardPrepaid") }, DriftOf(reading.Drift));
    }

    [Fact]
    public async Task The_expected_key_wins_over_an_alias_and_an_unlisted_key()
    {
        var api = new RecordingApi("""{"Response":[{"Other":{"id":1}},{"Card":{"id":13,"type":"MASTERCARD"}}]}""");
        var card = (await Client(api).Cards.GetAsync(2L)).Value;
        Assert.Equal(13L, (long?)card.Id);
        Assert.Equal("MASTERCARD", (string?)card.Type?.ToString());
        Assert.Null((string?)card.SecondLine);
        Assert.Empty(api.Drift);
    }

    [Fact]
    public async Task Customer_statements_under_their_old_key_are_read()
    {
        var api = new RecordingApi("""{"Response":[{"CustomerStatementExport":{"id":5,"date_start":"2018-01-01"}},{"CustomerStatement":{"id":6,"date_start":"2018-02-01"}}]}""");
        List<dynamic> statements = Items(await Client(api).MonetaryAccount(2L).CustomerStatements.ListAsync());
        Assert.Equal(new (long?, string?)[] { (5, "2018-01-01"), (6, "2018-02-01") }, statements.Select(s => ((long?)s.Id, (string?)s.DateStart)));
        Assert.Equal(
            new[] { ("List_all_CustomerStatement_for_User_MonetaryAccount", BunqDriftKind.AliasKey, "CustomerStatementExport") },
            DriftOf(api.Drift));
    }

    [Fact]
    public void A_geolocation_keeps_its_fractions_and_round_trips()
    {
        const string json = """{"id":1,"geolocation":{"latitude":52.387862883215,"longitude":4.8940624,"altitude":-1.25,"radius":65}}""";
        var payment = _client.Read("Payment", json);
        var geolocation = payment.Geolocation;
        Assert.Equal(52.387862883215m, (decimal?)geolocation.Latitude);
        Assert.Equal(4.8940624m, (decimal?)geolocation.Longitude);
        Assert.Equal(-1.25m, (decimal?)geolocation.Altitude);
        Assert.Equal(65m, (decimal?)geolocation.Radius);
        // Every digit written back as it came, the fields in the model's order.
        var bytes = Write(payment);
        Assert.Equal("""{"geolocation":{"altitude":-1.25,"latitude":52.387862883215,"longitude":4.8940624,"radius":65},"id":1}""", bytes);
        JsonAssert.Equal(json, bytes);
    }

    [Fact]
    public async Task The_savings_goal_progress_is_a_fraction_and_unknown_account_types_stay()
    {
        const string json = """
            {"Response":[{"MonetaryAccountSavings":{"id":3,"savings_goal_progress":0.25}},{"MonetaryAccountBank":{"id":4}},{"MonetaryAccountCrypto":{"id":5}}]}
            """;
        var api = new RecordingApi(json);
        List<dynamic> accounts = Items(await Client(api).MonetaryAccounts.ListAsync());
        Assert.Equal(3, accounts.Count);
        Assert.IsType(_client.Type("MonetaryAccount+Savings"), accounts[0]);
        Assert.Equal(3L, (long?)accounts[0].Value.Id);
        Assert.Equal(0.25m, (decimal?)accounts[0].Value.SavingsGoalProgress);
        Assert.IsType(_client.Type("MonetaryAccount+Bank"), accounts[1]);
        Assert.Equal(4L, (long?)accounts[1].Value.Id);
        Assert.IsType(_client.Type("MonetaryAccount+Unknown"), accounts[2]);
        Assert.Equal("MonetaryAccountCrypto", (string)accounts[2].Key);
        Assert.Equal(
            new[] { ("List_all_MonetaryAccount_for_User", BunqDriftKind.UnknownObjectType, "MonetaryAccount.MonetaryAccountCrypto") },
            DriftOf(api.Drift));
    }

    /// <summary>The object of a callback body, read the way a callback endpoint reads it, with the drift of the reading.</summary>
    private dynamic Callback(string body, List<BunqDriftEvent> drift)
    {
        using var scope = BunqDrift.Begin("callback", null, drift.Add);
        using var document = JsonDocument.Parse(body);
        return _client.Read("NotificationUrl", document.RootElement.GetProperty("NotificationUrl").GetRawText()).Object;
    }

    private static string CallbackBody(string objectJson)
        => """{"NotificationUrl":{"target_url":"https://example.com/cb","category":"MUTATION","event_type":"X","object":""" + objectJson + "}}";

    // Written back under the key it came under, its fields in the model's order.
    [Theory]
    [InlineData("""{"MonetaryAccountBank":{"id":42,"description":"Main"}}""", "EventObject+MonetaryAccount", "MonetaryAccount+Bank", 42, "Main", false,
        """{"MonetaryAccountBank":{"description":"Main","id":42}}""")]
    [InlineData("""{"MonetaryAccount":{"MonetaryAccountBank":{"id":42,"description":"Main"}}}""", "EventObject+MonetaryAccount", "MonetaryAccount+Bank", 42, "Main", true,
        """{"MonetaryAccount":{"MonetaryAccountBank":{"description":"Main","id":42}}}""")]
    [InlineData("""{"MonetaryAccountJoint":{"id":43}}""", "EventObject+MonetaryAccount", "MonetaryAccount+Joint", 43, null, false, """{"MonetaryAccountJoint":{"id":43}}""")]
    [InlineData("""{"UserPerson":{"id":7}}""", "EventObject+User", "User+Person", 7, null, false, """{"UserPerson":{"id":7}}""")]
    public void Callback_objects_under_nested_anchor_keys_read_as_the_anchor_case(
        string objectJson, string anchorCase, string innerCase, long id, string? description, bool underOwnKey, string written)
    {
        var drift = new List<BunqDriftEvent>();
        var value = Callback(CallbackBody(objectJson), drift);
        Assert.IsType(_client.Type(anchorCase), value);
        Assert.Equal(underOwnKey, (bool)value.UnderOwnKey);
        Assert.IsType(_client.Type(innerCase), value.Value);
        Assert.Equal(id, (long?)value.Value.Value.Id);
        if (description is not null) Assert.Equal(description, (string?)value.Value.Value.Description);
        var bytes = Write(value);
        Assert.Equal(written, bytes);
        JsonAssert.Equal(objectJson, bytes);
        Assert.Empty(drift);
    }

    [Fact]
    public void A_callback_payment_reads_as_the_payment_case()
    {
        const string objectJson = """{"Payment":{"id":9,"amount":{"value":"-12.50","currency":"EUR"}}}""";
        var drift = new List<BunqDriftEvent>();
        var value = Callback(CallbackBody(objectJson), drift);
        Assert.IsType(_client.Type("EventObject+Payment"), value);
        Assert.Equal(9L, (long?)value.Value.Id);
        Assert.Equal(new Amount("-12.50", "EUR"), (Amount?)value.Value.Amount);
        var bytes = Write(value);
        Assert.Equal("""{"Payment":{"amount":{"value":"-12.50","currency":"EUR"},"id":9}}""", bytes);
        JsonAssert.Equal(objectJson, bytes);
        Assert.Empty(drift);
    }

    [Fact]
    public void A_callback_object_of_a_new_type_is_kept_and_reported()
    {
        var drift = new List<BunqDriftEvent>();
        var value = Callback("""{"NotificationUrl":{"object":{"TransferwiseQuote2":{"id":1}}}}""", drift);
        Assert.IsType(_client.Type("EventObject+Unknown"), value);
        Assert.Equal("TransferwiseQuote2", (string)value.Key);
        Assert.Equal(new[] { ("callback", BunqDriftKind.UnknownObjectType, "EventObject.TransferwiseQuote2") }, DriftOf(drift));
    }

    private async Task<(dynamic Batch, RecordingApi Api)> PaymentBatch(string element)
    {
        var api = new RecordingApi("""{"Response":[{"PaymentBatch":""" + element + "}]}");
        return ((await Client(api).MonetaryAccount(2L).PaymentBatches.GetAsync(3L)).Value, api);
    }

    private static void AssertTwoPayments(dynamic batch)
    {
        var payments = ((IEnumerable<object>)batch.Payments.Payment).Cast<dynamic>().ToList();
        Assert.Equal(new long?[] { 1, 2 }, payments.Select(p => (long?)p.Id));
        Assert.Equal(new[] { new Amount("1.50", "EUR"), new Amount("2.00", "EUR") }, payments.Select(p => (Amount?)p.Amount));
    }

    [Fact]
    public async Task The_payments_of_a_payment_batch_read_under_their_wrapper()
    {
        const string element = """{"payments":{"Payment":[{"id":1,"amount":{"value":"1.50","currency":"EUR"}},{"id":2,"amount":{"value":"2.00","currency":"EUR"}}]}}""";
        var (batch, api) = await PaymentBatch(element);
        AssertTwoPayments(batch);
        var bytes = Write(batch);
        Assert.Equal("""{"payments":{"Payment":[{"amount":{"value":"1.50","currency":"EUR"},"id":1},{"amount":{"value":"2.00","currency":"EUR"},"id":2}]}}""", bytes);
        JsonAssert.Equal(element, bytes);
        Assert.Empty(api.Drift);
    }

    [Fact]
    public async Task The_payments_of_a_payment_batch_sent_as_a_bare_list_are_read_and_written_back_bare()
    {
        const string element = """{"payments":[{"id":1,"amount":{"value":"1.50","currency":"EUR"}},{"id":2,"amount":{"value":"2.00","currency":"EUR"}}]}""";
        var (batch, api) = await PaymentBatch(element);
        AssertTwoPayments(batch);
        Assert.Equal(element, Write(batch));
        Assert.Equal(new[] { ("READ_PaymentBatch_for_User_MonetaryAccount", BunqDriftKind.ShapeMismatch, "PaymentBatch.payments") }, DriftOf(api.Drift));
    }

    private dynamic PaymentRequest(decimal amount, string aliasType, string aliasValue, string? aliasName, string description)
    {
        var alias = _client.New("PointerRequest");
        alias.Type = aliasType;
        alias.Value = aliasValue;
        alias.Name = aliasName;
        var payment = _client.New("PaymentRequest");
        payment.Amount = Amount.Of(amount, "EUR");
        payment.CounterpartyAlias = alias;
        payment.Description = description;
        return payment;
    }

    [Fact]
    public async Task Creating_a_payment_batch_sends_its_payments_as_a_list()
    {
        var api = new RecordingApi("{\"Response\":[{\"Id\":{\"id\":77}}]}");
        var request = _client.New("PaymentBatchRequest");
        request.Payments = _client.ListOf("PaymentRequest",
            PaymentRequest(1.5m, "IBAN", "NL13RABO0123456789", "Daan", "one"),
            PaymentRequest(2m, "EMAIL", "sanne@example.com", null, "two"));
        Assert.Equal(77L, (long)(await Client(api).MonetaryAccount(2L).PaymentBatches.CreateAsync(request)).Value);
        var sent = Assert.Single(api.Requests);
        Assert.Equal(("POST", "user/1/monetary-account/2/payment-batch"), (sent.Method.Method, sent.Path));
        Assert.Equal(
            "{\"payments\":["
            + "{\"amount\":{\"value\":\"1.50\",\"currency\":\"EUR\"},\"counterparty_alias\":{\"name\":\"Daan\",\"type\":\"IBAN\",\"value\":\"NL13RABO0123456789\"},\"description\":\"one\"},"
            + "{\"amount\":{\"value\":\"2.00\",\"currency\":\"EUR\"},\"counterparty_alias\":{\"type\":\"EMAIL\",\"value\":\"sanne@example.com\"},\"description\":\"two\"}]}",
            System.Text.Encoding.UTF8.GetString(sent.Body.Span));
    }

    [Fact]
    public async Task Objects_identified_by_a_uuid_are_created_and_read_by_their_uuid()
    {
        const string attachmentUuid = "2f4e1c4d-ef3b-4c4e-9a2a-0f6e5c1b7d10";
        const string avatarUuid = "9c0d2d8e-1a3b-4c5d-8e7f-102132435465";
        var api = new RecordingApi(
            "{\"Response\":[{\"Id\":{\"id\":\"" + attachmentUuid + "\"}}]}",
            "{\"Response\":[{\"AttachmentPublic\":{\"uuid\":\"" + attachmentUuid + "\"}}]}",
            "{\"Response\":[{\"Uuid\":{\"uuid\":\"" + avatarUuid + "\"}}]}",
            "{\"Response\":[{\"Avatar\":{\"uuid\":\"" + avatarUuid + "\"}}]}");
        var client = Client(api);
        string uuid = (await client.AttachmentPublics.CreateAsync(new ReadOnlyMemory<byte>(new byte[] { 1 }), "image/png")).Value;
        Assert.Equal(attachmentUuid, uuid);
        Assert.Equal(attachmentUuid, (string?)(await client.AttachmentPublics.GetAsync(uuid)).Value.Uuid);
        var avatarRequest = _client.New("AvatarRequest");
        avatarRequest.Uuid = uuid;
        string created = (await client.Avatars.CreateAsync(avatarRequest)).Value;
        Assert.Equal(avatarUuid, created);
        Assert.Equal(avatarUuid, (string?)(await client.Avatars.GetAsync(created)).Value.Uuid);

        Assert.Equal(("GET", "attachment-public/" + attachmentUuid, ""), Sent(api.Requests[1]));
        Assert.Equal(("GET", "avatar/" + avatarUuid, ""), Sent(api.Requests[3]));
        Assert.Equal(new[] { ("CREATE_AttachmentPublic", BunqDriftKind.AliasKey, "Id") }, DriftOf(api.Drift));
    }

    private static (string Method, string Path, string Body) Sent(BunqRequest request)
        => (request.Method.Method, request.Path, System.Text.Encoding.UTF8.GetString(request.Body.Span));

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
