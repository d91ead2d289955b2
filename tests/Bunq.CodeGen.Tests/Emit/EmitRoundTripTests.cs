namespace Bunq.CodeGen.Tests.Emit;

/// <summary>Runs the compiled sample client over envelopes shaped like bunq's documentation examples.</summary>
public sealed class EmitRoundTripTests : IClassFixture<SampleClientFixture>
{
    private readonly SampleClientFixture _fixture;

    public EmitRoundTripTests(SampleClientFixture fixture) => _fixture = fixture;

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
        var result = (string)_fixture.Call("ReadPayments", PaymentList)!;
        // The RequestResponse element is read as a Payment (its id fits) and reported: a page never holds fewer items than the wire.
        Assert.Equal(
            "249|2015-06-13 23:19:16.215547 +00:00|42|-12.50 EUR|Rent June|Landlord True|52.3\n"
            + "248|2015-06-12 10:00:00.000001 +00:00|42| |null| |null\n"
            + "7|null|| |null| |null\n"
            + "older_id=224 count=25 future=null\n"
            + "drift: UnknownField Payment.merchant_reference, UnknownField LabelMonetaryAccount.avatar, UnknownField Payment.attachment, "
            + "UnknownField Payment.a_field_bunq_added_later, ScalarMismatch Payment.monetary_account_id, UnexpectedKey RequestResponse",
            result);
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
        var result = (string)_fixture.Call("ReadAccounts", AccountList)!;
        Assert.Equal(
            "bank 42 100.00 1 NL18BUNQ2025104340\n"
            + "  as MonetaryAccountBank: {\"MonetaryAccountBank\":{\"id\":42,\"description\":\"Main\",\"balance\":{\"value\":\"100.00\",\"currency\":\"EUR\"},\"alias\":[{\"type\":\"IBAN\",\"value\":\"NL18BUNQ2025104340\",\"name\":\"Mary\"}]}}\n"
            + "savings 43 5000.00\n"
            + "  as MonetaryAccountSavings: {\"MonetaryAccountSavings\":{\"id\":43,\"savings_goal\":{\"value\":\"5000.00\",\"currency\":\"EUR\"}}}\n"
            + "unknown MonetaryAccountCrypto 44\n"
            + "  as MonetaryAccountCrypto: {\"MonetaryAccountCrypto\":{\"id\":44,\"coin\":\"BTC\"}}\n"
            + "savings 45 \n"
            + "  as MonetaryAccountSavings: {\"MonetaryAccountSavings\":{\"id\":45}}",
            result);
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
        var result = (string)_fixture.Call("ReadEvents", EventList)!;
        Assert.Equal(
            "1 CREATE 7 payment 249 -12.50\n"
            + "2 UPDATE 7 account Main\n"
            + "3 CREATE 7 unknown BunqMeFundraiserResult\n"
            + "4 DELETE 7 no object",
            result);
    }

    [Fact]
    public void An_installation_answer_is_assembled_from_its_parts()
    {
        const string json = """
            {"Response":[{"Id":{"id":1561}},{"Token":{"id":9,"created":"2017-07-12 11:47:09.553000","updated":"2017-07-12 11:47:09.553000","token":"a4f9..."}},{"ServerPublicKey":{"server_public_key":"-----BEGIN PUBLIC KEY-----"}},{"Surprise":{"x":1}}]}
            """;
        var result = (string)_fixture.Call("ReadInstallation", json)!;
        Assert.Equal("1561|a4f9...|2017-07-12 11:47:09.553000 +00:00|-----BEGIN PUBLIC KEY-----", result);
    }

    [Fact]
    public void A_request_model_writes_exactly_its_non_null_fields_in_declaration_order()
    {
        var json = (string)_fixture.Call("WritePaymentCreate")!;
        Assert.Equal(
            "{\"amount\":{\"value\":\"12.50\",\"currency\":\"EUR\"},"
            + "\"counterparty_alias\":{\"type\":\"IBAN\",\"value\":\"NL20BUNQ2025104111\",\"name\":\"Landlord \\u0022B\\u0026B\\u0022\"},"
            + "\"description\":\"Rent \\u003CJune\\u003E\","
            + "\"attachment\":[{\"id\":7}],"
            + "\"allow_bunqto\":false}",
            json);
    }

    [Fact]
    public void A_required_request_field_must_be_set_in_code_but_a_body_without_it_still_reads()
    {
        // The reader's constructor sets the required members: a body without "amount" reads, with the property null.
        var result = (string)_fixture.Call("ReadPaymentCreate", """{"description":"x","allow_bunqto":true}""")!;
        Assert.Equal("amount=null|x|{\"description\":\"x\",\"allow_bunqto\":true}", result);
        // In code, leaving it out of an initializer does not compile (CS9035).
        var compilation = InMemoryCompiler.Compile("RequiredCheck", _fixture.Files, Harness.Source,
            "namespace Sample.Bunq { public static class Misuse { public static PaymentCreate Make() => new PaymentCreate { Description = \"x\" }; } }");
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.Id).ToList();
        Assert.Equal(new[] { "CS9035" }, errors);
    }

    [Theory]
    [InlineData("""{"type":"EMAIL","value":"a@b.c","types_seen":["IBAN","SOCIAL_HANDLE"]}""", "known=True|text=EMAIL", "seen=IBAN,SOCIAL_HANDLE")]
    [InlineData("""{"type":"SOCIAL_HANDLE","value":"@bravo"}""", "known=False|text=SOCIAL_HANDLE", "seen=")]
    [InlineData("""{"type":"email"}""", "known=False|text=email", "seen=")]
    [InlineData("""{"type":42,"types_seen":null}""", "known=False|text=42", "seen=")]
    public void Extensible_enums_keep_any_value_and_write_it_back_unchanged(string json, string expectedValue, string expectedSeen)
    {
        var result = (string)_fixture.Call("RoundTripPointer", json)!;
        var parts = result.Split('|', 7);
        Assert.Equal(expectedValue, parts[0] + "|" + parts[1]);
        Assert.Equal("implicit=True,True,True", parts[2]);
        Assert.Equal("case=True", parts[3]);
        Assert.Equal(expectedSeen, parts[4]);
        Assert.Equal("default=[]", parts[5]);
        // Unknown values, other casing and a number where a string is declared are all written back exactly as they came.
        JsonAssert.Equal(json, parts[6]);
    }

    [Fact]
    public void Scalar_arrays_nested_arrays_and_renamed_members_round_trip()
    {
        const string json = """
            {"name_clash":"n","read_json":"r","to_string":"t","class":3,"ids":[1,null,"3"],"labels":["a","b"],"ratios":[0.5],
             "grid":[[1,2],[3]],"amounts":[{"value":"1.00","currency":"EUR"}],"raw":[{"k":true},7],
             "when":["2024-02-29 23:59:59.123456"],"quote\"d":1.25,"unknown":{"deep":[1]}}
            """;
        var result = (string)_fixture.Call("RoundTripNameClash", json)!;
        // ids holds a null and a string: no list of longs says that without changing it, so the list is kept as it came.
        var parts = result.Split('|', 7);
        Assert.Equal(new[] { "n", "r", "t", "3", "ids=null", "kept=ids,unknown" }, parts[..6]);
        JsonAssert.Equal(json, parts[6]);
    }

    [Fact]
    public async Task Endpoints_build_the_requests_bunq_expects_and_read_their_answers()
    {
        var result = await (Task<string>)_fixture.Call("CallEndpoints")!;
        Assert.Equal(
            "POST user/1/monetary-account/2/payment auth=Session signed=True op=CREATE_Payment_for_User_MonetaryAccount binary=False type=application/json desc=- body={\"amount\":{\"value\":\"1.00\",\"currency\":\"EUR\"},\"description\":\"x\"}\n"
            + "GET user/1/monetary-account/2/payment/9 auth=Session signed=False op=READ_Payment_for_User_MonetaryAccount binary=False type=- desc=- body=\n"
            + "POST installation auth=None signed=False op=CREATE_Installation binary=False type=application/json desc=- body={\"client_public_key\":\"PEM\"}\n"
            + "POST attachment-public auth=Session signed=False op=CREATE_AttachmentPublic binary=False type=image/png desc=A photo body=\u0001\u0002\u0003\n"
            + "GET attachment-public/a%2Fb%20c/content auth=Session signed=False op=List_all_Content_for_AttachmentPublic binary=True type=- desc=- body=\n"
            + "DELETE user/1/monetary-account/2/payment/3/note-text/4 auth=Session signed=False op=DELETE_NoteText_for_User_MonetaryAccount_Payment binary=False type=- desc=- body=\n"
            + "PUT user/1/monetary-account/2/payment/3/note-text/4 auth=Session signed=False op=UPDATE_NoteText_for_User_MonetaryAccount_Payment binary=False type=application/json desc=- body={}\n"
            + "GET user/1/monetary-account/4 auth=Session signed=False op=READ_MonetaryAccount_for_User binary=False type=- desc=- body=\n"
            + "create 1561\n"
            + "get one\n"
            + "installation 77 tok KEY\n"
            + "upload u-1\n"
            + "download 4 application/json\n"
            + "update 3\n"
            + "account MonetaryAccountSavings",
            result);
    }

    [Fact]
    public async Task Odd_shapes_read_leniently_and_null_bodies_are_refused_by_name()
    {
        var result = await (Task<string>)_fixture.Call("OddShapes")!;
        Assert.Equal(
            "unknown '' Undefined {}\n"
            + "unknown '' String {}\n"
            + "savings 1\n"
            + "MonetaryAccountBank 3\n"
            + "payment {}\n"
            + "guard request",
            result);
    }

    [Fact]
    public async Task Listing_all_follows_the_older_urls_with_the_page_size()
    {
        var result = await (Task<string>)_fixture.Call("ListAll")!;
        Assert.Equal(
            "30,29,28\n"
            + "GET user/1/monetary-account/2/payment?count=2\n"
            + "GET user/1/monetary-account/2/payment?count=2&older_id=29\n"
            + "0",
            result);
    }
}
