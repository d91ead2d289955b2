using System.Collections;
using System.Globalization;
using System.Text.Json;
using Bunq.Runtime;
using Bunq.Runtime.Json;
using static Bunq.CodeGen.Tests.Emit.LoadedClient;

namespace Bunq.CodeGen.Tests.Emit;

/// <summary>
/// Runs the compiled sample client over envelopes shaped like bunq's documentation examples and asserts on the typed
/// values it reads and on the exact bytes it writes back.
/// </summary>
public sealed class EmitRoundTripTests : IClassFixture<SampleClientFixture>
{
    private readonly SampleClientFixture _fixture;
    private readonly LoadedClient _client;

    public EmitRoundTripTests(SampleClientFixture fixture)
    {
        _fixture = fixture;
        _client = fixture.Client;
    }

    private static DateTimeOffset Utc(string bunqTime)
        => DateTimeOffset.ParseExact(bunqTime, "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static void AssertUtc(string bunqTime, DateTimeOffset? actual)
    {
        Assert.Equal(Utc(bunqTime), actual);
        Assert.Equal(TimeSpan.Zero, actual!.Value.Offset);
    }

    private const string PaymentList = """
        {
          "Response": [
            {
              "Payment": {
                "id": 249,
                "created": "2015-06-13 23:19:16.215547",
                "updated": "2015-06-30 09:12:31.981573",
                "monetary_account_id": 42,
                "amount": { "currency": "EUR", "value": "-12.50" },
                "description": "Rent June",
                "type": "BUNQ",
                "merchant_reference": null,
                "alias": { "iban": "NL18BUNQ2025104340", "is_light": false, "display_name": "Mary", "country": "NL" },
                "counterparty_alias": { "iban": "NL12BUNQ2025104112", "is_light": true, "display_name": "Landlord", "country": "NL",
                                        "avatar": { "uuid": "5a442bed", "image": [ { "attachment_public_uuid": "d93e07e3" } ] } },
                "attachment": [],
                "geolocation": { "latitude": 52.3, "longitude": 4.89, "altitude": 0, "radius": 0 },
                "balance_after_mutation": { "currency": "EUR", "value": "987.50" },
                "a_field_bunq_added_later": { "nested": [1, 2, 3] }
              }
            },
            {
              "Payment": { "id": 248, "created": "2015-06-12 10:00:00.000001", "monetary_account_id": "42", "description": null, "amount": null }
            },
            { "RequestResponse": { "id": 7 } }
          ],
          "Pagination": {
            "future_url": null,
            "newer_url": "/v1/user/1/monetary-account/42/payment?count=25&newer_id=249",
            "older_url": "/v1/user/1/monetary-account/42/payment?count=25&older_id=224"
          }
        }
        """;

    [Fact]
    public void A_payment_list_reads_its_fields_and_pagination_and_tolerates_nulls_strings_and_unknown_fields()
    {
        var drift = new List<BunqDriftEvent>();
        dynamic page;
        using (BunqDrift.Begin("List_all_Payment", null, drift.Add))
        {
            page = _client.ReadList("Payment", PaymentList, "Payment");
        }
        // The RequestResponse element is read as a Payment (its id fits) and reported: a page never holds fewer items than the wire.
        List<dynamic> items = Items(page);
        Assert.Equal(3, items.Count);

        var rent = items[0];
        Assert.Equal(249L, (long?)rent.Id);
        AssertUtc("2015-06-13 23:19:16.215547", (DateTimeOffset?)rent.Created);
        Assert.Equal(42L, (long?)rent.MonetaryAccountId);
        Amount amount = rent.Amount;
        Assert.Equal(new Amount("-12.50", "EUR"), amount);
        Assert.Equal(-12.50m, amount.Decimal);
        Assert.Equal("Rent June", (string?)rent.Description);
        Assert.Equal("Landlord", (string?)rent.CounterpartyAlias.DisplayName);
        Assert.True((bool?)rent.CounterpartyAlias.IsLight);
        Assert.Equal(52.3, ((JsonElement?)rent.Geolocation)!.Value.GetProperty("latitude").GetDouble());

        // "42" where an integer is declared is read as 42; nulls stay null.
        var older = items[1];
        Assert.Equal(248L, (long?)older.Id);
        AssertUtc("2015-06-12 10:00:00.000001", (DateTimeOffset?)older.Created);
        Assert.Equal(42L, (long?)older.MonetaryAccountId);
        Assert.Null((Amount?)older.Amount);
        Assert.Null((string?)older.Description);
        Assert.Null((object?)older.CounterpartyAlias);
        Assert.Null((JsonElement?)older.Geolocation);

        var stranger = items[2];
        Assert.Equal(7L, (long?)stranger.Id);
        Assert.Null((DateTimeOffset?)stranger.Created);
        Assert.Null((long?)stranger.MonetaryAccountId);
        Assert.Null((Amount?)stranger.Amount);
        Assert.Null((string?)stranger.Description);
        Assert.Null((object?)stranger.CounterpartyAlias);
        Assert.Null((JsonElement?)stranger.Geolocation);

        Pagination pagination = page.Pagination;
        Assert.Equal(224L, pagination.Older?.OlderId);
        Assert.Equal(25, pagination.Older?.Count);
        Assert.Null(pagination.FutureUrl);
        Assert.Equal(
            new[]
            {
                (BunqDriftKind.UnknownField, "Payment.merchant_reference"),
                (BunqDriftKind.UnknownField, "LabelMonetaryAccount.avatar"),
                (BunqDriftKind.UnknownField, "Payment.attachment"),
                (BunqDriftKind.UnknownField, "Payment.a_field_bunq_added_later"),
                (BunqDriftKind.ScalarMismatch, "Payment.monetary_account_id"),
                (BunqDriftKind.UnexpectedKey, "RequestResponse"),
            },
            drift.Select(d => (d.Kind, d.Field)));
    }

    private const string AccountList = """
        {
          "Response": [
            { "MonetaryAccountBank": { "id": 42, "description": "Main", "balance": { "value": "100.00", "currency": "EUR" },
                                       "alias": [ { "type": "IBAN", "value": "NL18BUNQ2025104340", "name": "Mary" } ] } },
            { "MonetaryAccountSavings": { "id": 43, "savings_goal": { "value": "5000.00", "currency": "EUR" } } },
            { "MonetaryAccountCrypto": { "id": 44, "coin": "BTC" } },
            { "MonetaryAccountBank": null, "MonetaryAccountSavings": { "id": 45 }, "MonetaryAccountBank2": { "id": 1 } }
          ],
          "Pagination": { "future_url": null, "newer_url": null, "older_url": null }
        }
        """;

    [Fact]
    public void A_mixed_account_list_keeps_unknown_keys_and_writes_every_case_back()
    {
        List<dynamic> accounts = Items(_client.ReadUnionList("MonetaryAccount", AccountList));
        Assert.Equal(4, accounts.Count);

        var bank = accounts[0];
        Assert.IsType(_client.Type("MonetaryAccount+Bank"), bank);
        Assert.Equal(42L, (long?)bank.Value.Id);
        Assert.Equal(new Amount("100.00", "EUR"), (Amount?)bank.Value.Balance);
        Assert.Equal(1, (int)bank.Value.Alias.Count);
        Assert.Equal("NL18BUNQ2025104340", (string?)bank.Value.Alias[0].Value);
        Assert.Equal("MonetaryAccountBank", (string)bank.ObjectType);
        Assert.Equal(
            """{"MonetaryAccountBank":{"id":42,"description":"Main","balance":{"value":"100.00","currency":"EUR"},"alias":[{"type":"IBAN","value":"NL18BUNQ2025104340","name":"Mary"}]}}""",
            Write(bank));

        var savings = accounts[1];
        Assert.IsType(_client.Type("MonetaryAccount+Savings"), savings);
        Assert.Equal(43L, (long?)savings.Value.Id);
        Assert.Equal(new Amount("5000.00", "EUR"), (Amount?)savings.Value.SavingsGoal);
        Assert.Equal("MonetaryAccountSavings", (string)savings.ObjectType);
        Assert.Equal("""{"MonetaryAccountSavings":{"id":43,"savings_goal":{"value":"5000.00","currency":"EUR"}}}""", Write(savings));

        var crypto = accounts[2];
        Assert.IsType(_client.Type("MonetaryAccount+Unknown"), crypto);
        Assert.Equal("MonetaryAccountCrypto", (string)crypto.Key);
        Assert.Equal(44L, ((JsonElement)crypto.Raw).GetProperty("id").GetInt64());
        Assert.Equal("MonetaryAccountCrypto", (string)crypto.ObjectType);
        Assert.Equal("""{"MonetaryAccountCrypto":{"id":44,"coin":"BTC"}}""", Write(crypto));

        // A null case and a key nobody knows beside a known one: the known case is the element.
        var crowded = accounts[3];
        Assert.IsType(_client.Type("MonetaryAccount+Savings"), crowded);
        Assert.Equal(45L, (long?)crowded.Value.Id);
        Assert.Null((Amount?)crowded.Value.SavingsGoal);
        Assert.Equal("MonetaryAccountSavings", (string)crowded.ObjectType);
        Assert.Equal("""{"MonetaryAccountSavings":{"id":45}}""", Write(crowded));
    }

    private const string EventList = """
        {
          "Response": [
            { "Event": { "id": 1, "created": "2024-01-01 12:00:00.000000", "action": "CREATE", "user_id": "7", "monetary_account_id": 42,
                         "object": { "Payment": { "id": 249, "amount": { "value": "-12.50", "currency": "EUR" } } }, "status": "FINALIZED" } },
            { "Event": { "id": 2, "action": "UPDATE", "user_id": "7", "object": { "MonetaryAccountBank": { "description": "Main" } } } },
            { "Event": { "id": 3, "action": "CREATE", "user_id": "7", "object": { "BunqMeFundraiserResult": { "id": 5 } } } },
            { "Event": { "id": 4, "action": "DELETE", "user_id": "7", "object": null } }
          ],
          "Pagination": { "future_url": null, "newer_url": null, "older_url": null }
        }
        """;

    [Fact]
    public void Events_carry_their_nested_object_union()
    {
        List<dynamic> events = Items(_client.ReadList("Event", EventList, "Event"));
        Assert.Equal(new long?[] { 1, 2, 3, 4 }, events.Select(e => (long?)e.Id));
        Assert.Equal(new[] { "CREATE", "UPDATE", "CREATE", "DELETE" }, events.Select(e => (string?)e.Action));
        Assert.All(events, e => Assert.Equal("7", (string?)e.UserId));

        var payment = events[0].Object;
        Assert.IsType(_client.Type("EventObject+Payment"), payment);
        Assert.Equal(249L, (long?)payment.Value.Id);
        Assert.Equal(new Amount("-12.50", "EUR"), (Amount?)payment.Value.Amount);

        var account = events[1].Object;
        Assert.IsType(_client.Type("EventObject+MonetaryAccountBank"), account);
        Assert.Equal("Main", (string?)account.Value.Description);

        var unknown = events[2].Object;
        Assert.IsType(_client.Type("EventObject+Unknown"), unknown);
        Assert.Equal("BunqMeFundraiserResult", (string)unknown.Key);

        Assert.Null((object?)events[3].Object);
    }

    [Fact]
    public void An_installation_answer_is_assembled_from_its_parts()
    {
        const string json = """
            {"Response":[{"Id":{"id":1561}},{"Token":{"id":9,"created":"2017-07-12 11:47:09.553000","updated":"2017-07-12 11:47:09.553000","token":"a4f9..."}},{"ServerPublicKey":{"server_public_key":"-----BEGIN PUBLIC KEY-----"}},{"Surprise":{"x":1}}]}
            """;
        var installation = _client.ReadMulti("Installation", json);
        Assert.Equal(1561L, (long?)installation.Id.Id);
        Assert.Equal("a4f9...", (string?)installation.Token.Token);
        AssertUtc("2017-07-12 11:47:09.553000", (DateTimeOffset?)installation.Token.Created);
        Assert.Equal("-----BEGIN PUBLIC KEY-----", (string?)installation.ServerPublicKey.ServerPublicKey);
    }

    private dynamic Pointer(string type, string value, string? name)
    {
        var pointer = _client.New("Pointer");
        pointer.Type = _client.FromText("PointerType", type);
        pointer.Value = value;
        pointer.Name = name;
        return pointer;
    }

    [Fact]
    public void A_request_model_writes_exactly_its_non_null_fields_in_declaration_order()
    {
        var attachment = _client.New("AttachmentMonetaryAccountPayment");
        attachment.Id = 7L;
        var request = _client.New("PaymentCreate");
        request.Amount = Amount.Of(12.5m, "EUR");
        request.CounterpartyAlias = Pointer("IBAN", "NL20BUNQ2025104111", "Landlord \"B&B\"");
        request.Description = "Rent <June>";
        request.Attachment = _client.ListOf("AttachmentMonetaryAccountPayment", attachment);
        request.AllowBunqto = false;
        Assert.Equal(
            "{\"amount\":{\"value\":\"12.50\",\"currency\":\"EUR\"},"
            + "\"counterparty_alias\":{\"type\":\"IBAN\",\"value\":\"NL20BUNQ2025104111\",\"name\":\"Landlord \\u0022B\\u0026B\\u0022\"},"
            + "\"description\":\"Rent \\u003CJune\\u003E\","
            + "\"attachment\":[{\"id\":7}],"
            + "\"allow_bunqto\":false}",
            Write(request));
    }

    [Fact]
    public void A_required_request_field_must_be_set_in_code_but_a_body_without_it_still_reads()
    {
        // The reader's constructor sets the required members: a body without "amount" reads, with the property null.
        const string json = """{"description":"x","allow_bunqto":true}""";
        var request = _client.Read("PaymentCreate", json);
        Assert.Null((Amount?)request.Amount);
        Assert.Equal("x", (string?)request.Description);
        Assert.True((bool?)request.AllowBunqto);
        Assert.Equal(json, Write(request));
        // In code, leaving it out of an initializer does not compile (CS9035).
        var compilation = InMemoryCompiler.Compile("RequiredCheck", _fixture.Files,
            "namespace Sample.Bunq { public static class Misuse { public static PaymentCreate Make() => new PaymentCreate { Description = \"x\" }; } }");
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.Id).ToList();
        Assert.Equal(new[] { "CS9035" }, errors);
    }

    [Theory]
    // The written bytes follow the model's declaration order (type, types_seen, value), whatever the order that came.
    [InlineData("""{"type":"EMAIL","value":"a@b.c","types_seen":["IBAN","SOCIAL_HANDLE"]}""", true, "EMAIL", new[] { "IBAN", "SOCIAL_HANDLE" },
        """{"type":"EMAIL","types_seen":["IBAN","SOCIAL_HANDLE"],"value":"a@b.c"}""")]
    [InlineData("""{"type":"SOCIAL_HANDLE","value":"@bravo"}""", false, "SOCIAL_HANDLE", new string[0], """{"type":"SOCIAL_HANDLE","value":"@bravo"}""")]
    [InlineData("""{"type":"email"}""", false, "email", new string[0], """{"type":"email"}""")]
    [InlineData("""{"type":42,"types_seen":null}""", false, "42", new string[0], """{"type":42,"types_seen":null}""")]
    public void Extensible_enums_keep_any_value_and_write_it_back_unchanged(string json, bool isEmail, string text, string[] seen, string written)
    {
        var pointer = _client.Read("Pointer", json);
        var email = _client.Static("PointerType", "Email");
        var iban = _client.Static("PointerType", "Iban");
        Assert.Equal(isEmail, (bool)(pointer.Type == email));
        Assert.Equal(text, (string)pointer.Type.ToString());
        Assert.Equal(seen, ((IEnumerable?)pointer.TypesSeen ?? Array.Empty<object>()).Cast<object>().Select(t => t.ToString()));

        // Text converts implicitly and compares equal to the known value every way; casing is part of the value.
        var fromText = _client.FromText("PointerType", "IBAN");
        Assert.True((bool)(fromText == iban));
        Assert.True((bool)fromText.Equals((object)iban));
        Assert.Equal((int)iban.GetHashCode(), (int)fromText.GetHashCode());
        Assert.True((bool)(_client.New("PointerType", "iban") != iban));
        Assert.Equal("", (string)_client.New("PointerType").ToString());

        // Unknown values, other casing and a number where a string is declared are all written back exactly as they came.
        var bytes = Write(pointer);
        Assert.Equal(written, bytes);
        JsonAssert.Equal(json, bytes);
    }

    [Fact]
    public void Scalar_arrays_nested_arrays_and_renamed_members_round_trip()
    {
        const string json = """{"name_clash":"n","read_json":"r","to_string":"t","class":3,"ids":[1,null,"3"],"labels":["a","b"],"ratios":[0.5],"grid":[[1,2],[3]],"amounts":[{"value":"1.00","currency":"EUR"}],"raw":[{"k":true},7],"when":["2024-02-29 23:59:59.123456"],"quote\"d":1.25,"unknown":{"deep":[1]}}""";
        var value = _client.Read("NameClash", json);
        Assert.Equal("n", (string?)value.NameClashValue);
        Assert.Equal("r", (string?)value.ReadJsonValue);
        Assert.Equal("t", (string?)value.ToStringValue);
        Assert.Equal(3L, (long?)value.@class);
        // ids holds a null and a string: no list of longs says that without changing it, so the list is kept as it came.
        Assert.Null((object?)value.Ids);
        Assert.Equal(new[] { "a", "b" }, (List<string>?)value.Labels);
        Assert.Equal(new double?[] { 0.5 }, (List<double?>?)value.Ratios);
        Assert.Equal(new[] { new[] { 1L, 2L }, new[] { 3L } }, ((IEnumerable)value.Grid).Cast<IEnumerable>().Select(row => row.Cast<object>().Select(Convert.ToInt64).ToArray()));
        Assert.Equal(new[] { new Amount("1.00", "EUR") }, (List<Amount>?)value.Amounts);
        Assert.Equal(new DateTimeOffset?[] { Utc("2024-02-29 23:59:59.123456") }, ((IEnumerable)value.When).Cast<DateTimeOffset?>());
        Assert.Equal(1.25, (double?)value.Quoted);
        BunqUnknownFields? kept = value.UnknownFields;
        Assert.Equal(new[] { "ids", "unknown" }, kept?.Names);
        // Byte for byte what came, but for the writer's escaping of the quote in a member name.
        var written = Write(value);
        Assert.Equal(json.Replace("quote\\\"d", "quote\\u0022d", StringComparison.Ordinal), written);
        JsonAssert.Equal(json, written);
    }

    [Fact]
    public async Task Endpoints_build_the_requests_bunq_expects_and_read_their_answers()
    {
        var api = new RecordingApi(
            "{\"Response\":[{\"Id\":{\"id\":1561}}]}",
            "{\"Response\":[{\"Payment\":{\"id\":9,\"description\":\"one\"}}]}",
            "{\"Response\":[{\"Id\":{\"id\":77}},{\"Token\":{\"id\":5,\"token\":\"tok\"}},{\"ServerPublicKey\":{\"server_public_key\":\"KEY\"}}]}",
            "{\"Response\":[{\"Uuid\":{\"uuid\":\"u-1\"}}]}",
            "%PDF",
            "{}",
            "{\"Response\":[{\"Id\":{\"id\":3}}]}",
            "{\"Response\":[{\"MonetaryAccountSavings\":{\"id\":4}}]}");
        var client = _client.New("SampleClient", api, 1L);
        var payment = _client.New("PaymentCreate");
        payment.Amount = Amount.Of(1m, "EUR");
        payment.Description = "x";
        var installationCreate = _client.New("InstallationCreate");
        installationCreate.ClientPublicKey = "PEM";

        Assert.Equal(1561L, (long)(await client.MonetaryAccount(2L).Payments.CreateAsync(payment)).Value);
        Assert.Equal("one", (string?)(await client.MonetaryAccount(2L).Payments.GetAsync(9L)).Value.Description);
        var installation = (await client.Installations.CreateAsync(installationCreate)).Value;
        Assert.Equal(77L, (long?)installation.Id.Id);
        Assert.Equal("tok", (string?)installation.Token.Token);
        Assert.Equal("KEY", (string?)installation.ServerPublicKey.ServerPublicKey);
        Assert.Equal("u-1", (string)(await client.AttachmentPublics.CreateAsync(new ReadOnlyMemory<byte>(new byte[] { 1, 2, 3 }), "image/png", "A photo")).Value);
        var pdf = (await client.AttachmentPublicContents.ListAsync("a/b c")).Value;
        Assert.Equal(4, (int)pdf.Content.Length);
        Assert.Equal("application/json", (string?)pdf.ContentType);
        await client.NoteTexts.DeleteAsync(1L, 2L, 3L, 4L);
        Assert.Equal(3L, (long)(await client.NoteTexts.UpdateAsync(1L, 2L, 3L, 4L)).Value);
        Assert.Equal("MonetaryAccountSavings", (string)(await client.MonetaryAccounts.GetAsync(4L)).Value.ObjectType);

        const BunqAuth session = BunqAuth.Session;
        Assert.Equal(
            new RecordingApi.Sent[]
            {
                new("POST", "user/1/monetary-account/2/payment", session, true, "CREATE_Payment_for_User_MonetaryAccount", false, "application/json", null, "{\"amount\":{\"value\":\"1.00\",\"currency\":\"EUR\"},\"description\":\"x\"}"),
                new("GET", "user/1/monetary-account/2/payment/9", session, false, "READ_Payment_for_User_MonetaryAccount", false, null, null, ""),
                new("POST", "installation", BunqAuth.None, false, "CREATE_Installation", false, "application/json", null, "{\"client_public_key\":\"PEM\"}"),
                new("POST", "attachment-public", session, false, "CREATE_AttachmentPublic", false, "image/png", "A photo", "\u0001\u0002\u0003"),
                new("GET", "attachment-public/a%2Fb%20c/content", session, false, "List_all_Content_for_AttachmentPublic", true, null, null, ""),
                new("DELETE", "user/1/monetary-account/2/payment/3/note-text/4", session, false, "DELETE_NoteText_for_User_MonetaryAccount_Payment", false, null, null, ""),
                new("PUT", "user/1/monetary-account/2/payment/3/note-text/4", session, false, "UPDATE_NoteText_for_User_MonetaryAccount_Payment", false, "application/json", null, "{}"),
                new("GET", "user/1/monetary-account/4", session, false, "READ_MonetaryAccount_for_User", false, null, null, ""),
            },
            api.Requests.Select(RecordingApi.Describe));
    }

    [Fact]
    public async Task Odd_shapes_read_leniently_and_null_bodies_are_refused_by_name()
    {
        // No object, or no JSON object at all: an Unknown case with no key, written back as an empty object.
        var empty = _client.Read("MonetaryAccount", "{}");
        Assert.IsType(_client.Type("MonetaryAccount+Unknown"), empty);
        Assert.Equal("", (string)empty.Key);
        Assert.Equal(JsonValueKind.Undefined, ((JsonElement)empty.Raw).ValueKind);
        Assert.Equal("{}", Write(empty));
        var text = _client.Read("MonetaryAccount", "\"text\"");
        Assert.IsType(_client.Type("MonetaryAccount+Unknown"), text);
        Assert.Equal("", (string)text.Key);
        Assert.Equal(JsonValueKind.String, ((JsonElement)text.Raw).ValueKind);
        Assert.Equal("{}", Write(text));

        // Two cases in one element: the first is the element.
        var two = _client.Read("MonetaryAccount", "{\"MonetaryAccountSavings\":{\"id\":1},\"MonetaryAccountBank\":{\"id\":2}}");
        Assert.IsType(_client.Type("MonetaryAccount+Savings"), two);
        Assert.Equal(1L, (long?)two.Value.Id);

        // A case sent as a one-item list is that item.
        var listed = _client.Read("MonetaryAccount", "{\"MonetaryAccountBank\":[{\"id\":3}]}");
        Assert.IsType(_client.Type("MonetaryAccount+Bank"), listed);
        Assert.Equal("MonetaryAccountBank", (string)listed.ObjectType);
        Assert.Equal(3L, (long?)listed.Value.Id);

        Assert.Equal("{}", Write(_client.Read("Payment", "[1,2]")));

        var endpoint = _client.New("PaymentEndpoint", new RecordingApi(), BunqUser.WithId(1), 2L);
        var refused = await Assert.ThrowsAsync<ArgumentNullException>(() => (Task)endpoint.CreateAsync(null));
        Assert.Equal("request", refused.ParamName);
    }

    [Fact]
    public async Task Listing_all_follows_the_older_urls_with_the_page_size()
    {
        var api = new RecordingApi(
            "{\"Response\":[{\"Payment\":{\"id\":30}},{\"Payment\":{\"id\":29}}],\"Pagination\":{\"older_url\":\"/v1/user/1/monetary-account/2/payment?count=2&older_id=29\",\"newer_url\":null,\"future_url\":null}}",
            "{\"Response\":[{\"Payment\":{\"id\":28}}],\"Pagination\":{\"older_url\":null,\"newer_url\":null,\"future_url\":null}}");
        var endpoint = _client.New("PaymentEndpoint", api, BunqUser.WithId(1), 2L);
        var ids = new List<long?>();
        await foreach (var payment in (IAsyncEnumerable<object>)endpoint.ListAllAsync(pageSize: 2))
        {
            ids.Add((long?)((dynamic)payment).Id);
        }
        Assert.Equal(new long?[] { 30, 29, 28 }, ids);
        Assert.Equal(
            new[] { ("GET", "user/1/monetary-account/2/payment?count=2"), ("GET", "user/1/monetary-account/2/payment?count=2&older_id=29") },
            api.Requests.Select(r => (r.Method.Method, r.Path)));

        var empty = _client.New("PaymentEndpoint", new RecordingApi(), BunqUser.WithId(1), 2L);
        Assert.Empty(Items(await empty.ListAsync(BunqPageOptions.WithCount(5))));
    }
}
