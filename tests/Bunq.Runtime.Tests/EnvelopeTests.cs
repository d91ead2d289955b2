using System.Text;
using Bunq.Runtime.Json;

namespace Bunq.Runtime.Tests;

/// <summary>The envelope shapes from bunq's documentation, read through BunqEnvelope and the runtime's own readers.</summary>
public sealed class EnvelopeTests
{
    private static BunqResponse Response(string json) => new(200, Encoding.UTF8.GetBytes(json), "application/json", "resp-x");

    [Fact]
    public void An_installation_answer_reads_its_id_token_and_server_key()
    {
        var answer = BunqEnvelope.ReadMulti<InstallationAnswer>(Response("""
            {"Response":[
              {"Id":{"id":9074}},
              {"Token":{"id":1234,"created":"2026-01-01 10:00:00.000000","updated":"2026-01-01 10:00:00.000000","token":"a4f0de"}},
              {"ServerPublicKey":{"server_public_key":"-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"}}
            ]}
            """));
        Assert.Equal(9074, answer.Id);
        Assert.Equal("a4f0de", answer.Token);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\nMIIB", answer.ServerPublicKey);
    }

    [Fact]
    public void Session_server_answer_with_a_company_and_an_unknown_extra_element()
    {
        var answer = BunqEnvelope.ReadMulti<SessionServerAnswer>(Response("""
            {"Response":[
              {"Id":{"id":831}},
              {"Token":{"id":832,"created":"2026-01-01 10:00:00.000000","token":"session-abc"}},
              {"Something":{"new":[1,2,{"x":1}]}},
              {"UserCompany":{"id":3012,"name":"bunq","alias":[{"type":"EMAIL","value":"a@b.c"}],"session_timeout":"86400","avatar":{"image":[]}}}
            ]}
            """));
        Assert.Equal(831, answer.Id);
        Assert.Equal("session-abc", answer.Token);
        Assert.Equal(3012, answer.UserId);
        Assert.Equal(86400, answer.SessionTimeout);
        Assert.Equal("UserCompany", answer.UserType);
    }

    [Theory]
    [InlineData("UserPerson")]
    [InlineData("UserCompany")]
    [InlineData("UserApiKey")]
    [InlineData("UserPaymentServiceProvider")]
    public void Session_server_answer_reads_the_user_under_each_key_bunq_sends_it(string key)
    {
        var answer = BunqEnvelope.ReadMulti<SessionServerAnswer>(Response("""{"Response":[{"Id":{"id":1}},{"Token":{"token":"t"}},{"KEY":{"id":77,"session_timeout":600}}]}""".Replace("KEY", key)));
        Assert.Equal(key, answer.UserType);
        Assert.Equal(77, answer.UserId);
        Assert.Contains(key, Bunq.Runtime.Wire.BunqWireFacts.SessionServerUserKeys);
    }

    [Fact]
    public void Session_server_answer_takes_no_other_element_for_the_user()
    {
        var answer = BunqEnvelope.ReadMulti<SessionServerAnswer>(Response("""{"Response":[{"Id":{"id":1}},{"Token":{"token":"t"}},{"ServerPublicKey":{"id":77}}]}"""));
        Assert.Null(answer.UserType);
        Assert.Null(answer.UserId);
    }

    [Fact]
    public void Payment_list_with_pagination()
    {
        var page = BunqEnvelope.ReadList<TestPayment>(Response("""
            {"Response":[
              {"Payment":{"id":249,"amount":{"value":"-12.50","currency":"EUR"},"description":"Drinks"}},
              {"Payment":{"id":248,"amount":{"value":"3.00","currency":"EUR"},"description":"Coffee"}}
            ],
            "Pagination":{"future_url":null,"newer_url":"/v1/user/1/monetary-account/1/payment?count=25&newer_id=249","older_url":"/v1/user/1/monetary-account/1/payment?count=25&older_id=224"}}
            """), "Payment");
        Assert.Equal(new long?[] { 249, 248 }, page.Items.Select(p => p.Id));
        Assert.Equal(-12.50m, page.Items[0].Amount!.Decimal);
        Assert.True(page.HasOlder);
        Assert.Null(page.Pagination.FutureUrl);
        Assert.Equal(224, page.Pagination.Older!.OlderId);
        Assert.Equal(25, page.Pagination.Older.Count);
        Assert.Equal(249, page.Pagination.Newer!.NewerId);
        Assert.Null(page.Pagination.Future);
        Assert.Equal("resp-x", page.ResponseId);
    }

    [Fact]
    public void Mixed_monetary_account_list_reads_every_kind_and_keeps_unknown_ones()
    {
        var page = BunqEnvelope.ReadUnionList<TestMonetaryAccount>(Response("""
            {"Response":[
              {"MonetaryAccountBank":{"id":1,"description":"Main"}},
              {"MonetaryAccountSavings":{"id":2,"description":"Savings"}},
              {"MonetaryAccountJoint":{"id":3,"description":"Joint"}},
              {"MonetaryAccountFuture":{"id":4}}
            ],"Pagination":{"future_url":null,"newer_url":null,"older_url":null}}
            """));
        Assert.Equal(new[] { "MonetaryAccountBank", "MonetaryAccountSavings", "MonetaryAccountJoint", "MonetaryAccountFuture" }, page.Items.Select(a => a.Kind));
        Assert.Equal(new long?[] { 1, 2, 3, 4 }, page.Items.Select(a => a.Id));
        Assert.False(page.HasOlder);
        Assert.Equal("MonetaryAccountBank", BunqEnvelope.ReadUnion<TestMonetaryAccount>(Response("""{"Response":[{"MonetaryAccountBank":{"id":1}}]}""")).Kind);
    }

    [Fact]
    public void Id_and_uuid()
    {
        Assert.Equal(1561, BunqEnvelope.ReadId(Response("""{"Response":[{"Id":{"id":1561}}]}""")));
        Assert.Equal("4f8b-uuid", BunqEnvelope.ReadUuid(Response("""{"Response":[{"Uuid":{"uuid":"4f8b-uuid"}}]}""")));
        Assert.Throws<BunqResponseFormatException>(() => BunqEnvelope.ReadId(Response("""{"Response":[{"Uuid":{"uuid":"x"}}]}""")));
    }

    [Fact]
    public void An_error_envelope_reads_its_description_and_its_translation()
    {
        var errors = BunqErrors.Parse("""{"Error":[{"error_description":"Error description","error_description_translated":"User facing error description"}]}"""u8);
        var error = Assert.Single(errors);
        Assert.Equal(new BunqError("Error description", "User facing error description"), error);
    }

    [Fact]
    public void Psd2_credential_answer()
    {
        var answer = BunqEnvelope.ReadMulti<Psd2CredentialAnswer>(Response("""{"Response":[{"CredentialPasswordIp":{"id":55,"status":"PENDING_FIRST_USE","expiry_time":"2026-01-01 10:00:00.000000","token_value":"key-1","permitted_device":null}}]}"""));
        Assert.Equal(55, answer.Id);
        Assert.Equal("key-1", answer.TokenValue);
        Assert.Equal("PENDING_FIRST_USE", answer.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"Response\":{}}")]
    [InlineData("{\"Response\":[{\"Id\":")]
    public void Broken_envelopes_are_format_errors(string json)
    {
        Assert.Throws<BunqResponseFormatException>(() => BunqEnvelope.ReadMulti<InstallationAnswer>(Response(json)));
    }
}
