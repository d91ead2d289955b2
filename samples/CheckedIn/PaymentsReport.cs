using Bunq.Runtime;

namespace CheckedIn;

/// <summary>Code written against the checked-in client: if a regeneration changes its API, this stops compiling.</summary>
public static class PaymentsReport
{
    /// <summary>The sum of every payment of an account, following bunq's pagination.</summary>
    public static async Task<decimal> NetAsync(IBunqApiClient api, long userId, long accountId, CancellationToken cancellationToken = default)
    {
        var client = new Bunq.BunqClient(api);
        var total = 0m;
        await foreach (var payment in client.MonetaryAccount(accountId).Payments.ListAllAsync(cancellationToken: cancellationToken))
        {
            total += payment.Amount?.Decimal ?? 0m;
        }
        return total;
    }
}
