using System.Net;
using Bunq.Runtime;
using Bunq.Runtime.Json;
using EndToEnd.Bunq;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// docs/payments.md end to end: a payment whose answer is lost after bunq executed it is
/// <see cref="BunqAmbiguousResultException"/>; retrying with the same request id is refused by bunq (the emulator,
/// as bunq documents it) and the money moved once. A retry with a new id would have paid twice.
/// </summary>
public sealed class IdempotencyTests
{
    private static PaymentRequest Lunch(string description) => new()
    {
        Amount = Amount.Of(12.50m, "EUR"),
        CounterpartyAlias = new PointerRequest { Type = "EMAIL", Value = "bravo@bunq.example", Name = "Bravo" },
        Description = description,
    };

    /// <summary>The first payment's answer never reaches the client: the connection "breaks" after bunq answered.</summary>
    private static void LoseTheFirstPaymentAnswer(Bank bank)
    {
        var lost = 0;
        bank.Wire.RewriteResponse = response =>
        {
            if (response.RequestMessage!.Method == HttpMethod.Post && response.RequestMessage.RequestUri!.AbsolutePath.EndsWith("/payment", StringComparison.Ordinal)
                && Interlocked.Exchange(ref lost, 1) == 0)
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The connection was reset (injected).");
            }
            return Task.CompletedTask;
        };
    }

    private static async Task<decimal> BalanceAsync(Bank bank, long account)
    {
        var read = await bank.Client.MonetaryAccounts.GetAsync(account);
        return ((MonetaryAccount.Bank)read).Value.Balance!.Decimal;
    }

    [Fact]
    public async Task Retrying_an_ambiguous_payment_with_the_same_request_id_moves_the_money_once()
    {
        await using var bank = await Bank.OpenAsync();
        var account = await bank.PrimaryAccountAsync();
        var before = await BalanceAsync(bank, account);
        LoseTheFirstPaymentAnswer(bank);

        // The application stores the id with its own record of the payment before sending.
        var requestId = BunqCallOptions.NewRequestId();
        var call = new BunqCallOptions { RequestId = requestId };
        var ambiguous = await Assert.ThrowsAsync<BunqAmbiguousResultException>(() => bank.Client.MonetaryAccount(account).Payments.CreateAsync(Lunch("lunch once"), call));
        Assert.Equal(requestId, ambiguous.RequestId);
        Assert.Equal(BunqAmbiguousReason.ConnectionLost, ambiguous.Reason);
        Assert.Equal("POST", ambiguous.Method);

        // The safe retry: same call, same id. bunq refuses the id it has seen; the first payment stands.
        var refused = await Assert.ThrowsAsync<BunqBadRequestException>(() => bank.Client.MonetaryAccount(account).Payments.CreateAsync(Lunch("lunch once"), new BunqCallOptions { RequestId = ambiguous.RequestId }));
        Assert.Contains("already used", refused.Message, StringComparison.Ordinal);

        Assert.Equal(before - 12.50m, await BalanceAsync(bank, account));
        var payments = (await bank.Client.MonetaryAccount(account).Payments.ListAsync()).Items;
        Assert.Single(payments, p => p.Description == "lunch once");
        var sent = bank.Wire.Exchanges.Where(e => e.Method == "POST" && e.Path.EndsWith("/payment", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, e => Assert.Equal(requestId, e.RequestId));
        Assert.Equal(HttpStatusCode.BadRequest, sent[1].Status);
    }

    [Fact]
    public async Task Control_retrying_with_a_new_request_id_pays_twice()
    {
        await using var bank = await Bank.OpenAsync();
        var account = await bank.PrimaryAccountAsync();
        var before = await BalanceAsync(bank, account);
        LoseTheFirstPaymentAnswer(bank);

        await Assert.ThrowsAsync<BunqAmbiguousResultException>(() => bank.Client.MonetaryAccount(account).Payments.CreateAsync(Lunch("lunch twice")));
        await bank.Client.MonetaryAccount(account).Payments.CreateAsync(Lunch("lunch twice"));

        Assert.Equal(before - 25.00m, await BalanceAsync(bank, account));
    }

    [Fact]
    public async Task A_request_id_is_refused_only_on_the_installation_that_used_it()
    {
        await using var bank = await Bank.OpenAsync();
        var account = await bank.PrimaryAccountAsync();
        const string Id = "shared-request-id-1";
        await bank.Client.MonetaryAccount(account).Payments.CreateAsync(Lunch("first device"), new BunqCallOptions { RequestId = Id });

        // Another installation (device) of another user may use the same id.
        await using var other = await Bank.OpenAsync();
        var otherAccount = await other.PrimaryAccountAsync();
        await other.Client.MonetaryAccount(otherAccount).Payments.CreateAsync(Lunch("second device"), new BunqCallOptions { RequestId = Id });

        // The same installation may not, for any call.
        await Assert.ThrowsAsync<BunqBadRequestException>(() => bank.Client.Users.GetAsync(bank.UserId, new BunqCallOptions { RequestId = Id }));
    }
}
