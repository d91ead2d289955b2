using System.Text;
using Bunq.Runtime;

namespace Bunq.AspNetCore.Tests;

/// <summary>
/// The confirmer re-reads a callback's object with the spec's read operation for its key (the conventions table's
/// runtimeOperations): the spec's operationId, not "READ_" + the key, and the path the spec's template gives.
/// </summary>
public sealed class CallbackConfirmerTests
{
    private sealed class Recording : IBunqApiClient
    {
        public List<BunqRequest> Sent { get; } = new();

        public string Answer { get; set; } = "";

        public Task<BunqResponse> SendAsync(BunqRequest request, CancellationToken cancellationToken)
        {
            Sent.Add(request);
            return Task.FromResult(new BunqResponse(200, Encoding.UTF8.GetBytes(Answer), "application/json", "resp-1"));
        }
    }

    private sealed class User(long id) : IBunqContextAccessor
    {
        public Task<BunqApiContext> GetContextAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<long> GetUserIdAsync(CancellationToken cancellationToken = default) => Task.FromResult(id);

        public Task<long> GetPrimaryMonetaryAccountIdAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public DateTimeOffset? SessionExpiresAt => null;
    }

    [Theory]
    [InlineData("Payment", "payment", "READ_Payment_for_User_MonetaryAccount")]
    [InlineData("RequestInquiry", "request-inquiry", "READ_RequestInquiry_for_User_MonetaryAccount")]
    [InlineData("RequestResponse", "request-response", "READ_RequestResponse_for_User_MonetaryAccount")]
    [InlineData("DraftPayment", "draft-payment", "READ_DraftPayment_for_User_MonetaryAccount")]
    [InlineData("MasterCardAction", "mastercard-action", "READ_MastercardAction_for_User_MonetaryAccount")]
    [InlineData("BunqMeTab", "bunqme-tab", "READ_BunqmeTab_for_User_MonetaryAccount")]
    [InlineData("IdealMerchantTransaction", "ideal-merchant-transaction", "READ_IdealMerchantTransaction_for_User_MonetaryAccount")]
    public async Task A_callback_object_is_read_back_with_the_specs_operation_for_its_key(string key, string collection, string operationId)
    {
        var item = "{\"" + key + "\":{\"id\":31,\"monetary_account_id\":5,\"amount\":{\"value\":\"1.00\",\"currency\":\"EUR\"}}}";
        var api = new Recording { Answer = "{\"Response\":[" + item + "]}" };
        var callback = BunqCallback.Parse(Encoding.UTF8.GetBytes("{\"NotificationUrl\":{\"target_url\":\"x\",\"category\":\"PAYMENT\",\"event_type\":\"E\",\"object\":" + item + "}}"));

        var refusal = await new BunqCallbackConfirmer(api, new User(42)).ConfirmAsync(callback, default);

        Assert.Null(refusal);
        var sent = Assert.Single(api.Sent);
        Assert.Equal(HttpMethod.Get, sent.Method);
        Assert.Equal($"user/42/monetary-account/5/{collection}/31", sent.Path);
        Assert.Equal(operationId, sent.OperationId);
        Assert.Equal(BunqAuth.Session, sent.Auth);
    }
}
