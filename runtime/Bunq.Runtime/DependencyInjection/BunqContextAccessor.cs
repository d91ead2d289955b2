using System.Text.Json;

namespace Bunq.Runtime;

/// <summary>
/// Who the injected client acts as: the context (restored or created on first use), its user id, the primary monetary
/// account and when the session runs out. Registered by <c>AddBunq</c>.
/// </summary>
public interface IBunqContextAccessor
{
    /// <summary>The context, restoring or creating it on the first call.</summary>
    Task<BunqApiContext> GetContextAsync(CancellationToken cancellationToken = default);

    /// <summary>The session's user id: the first segment of most paths (for an OAuth connection, the UserApiKey's id).</summary>
    Task<long> GetUserIdAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The id of the user's primary account: the oldest (lowest id) active MonetaryAccountBank, read once over the
    /// signed API and then kept. Throws <see cref="InvalidOperationException"/> when the user has none.
    /// </summary>
    Task<long> GetPrimaryMonetaryAccountIdAsync(CancellationToken cancellationToken = default);

    /// <summary>When the session runs out unless used; null before the context exists.</summary>
    DateTimeOffset? SessionExpiresAt { get; }
}

internal sealed class BunqContextAccessor : IBunqContextAccessor
{
    private readonly BunqContextSource _source;
    private readonly IBunqApiClient _api;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long? _primaryAccount;

    public BunqContextAccessor(BunqContextSource source, IBunqApiClient api)
    {
        _source = source;
        _api = api;
    }

    public Task<BunqApiContext> GetContextAsync(CancellationToken cancellationToken = default) => _source.GetAsync(cancellationToken);

    public async Task<long> GetUserIdAsync(CancellationToken cancellationToken = default)
    {
        var context = await _source.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!context.HasSession)
        {
            // A restored context may carry no session yet; the first signed call opens one.
            await _api.SendAsync(new BunqRequest(Wire.BunqWireFacts.ListUser), cancellationToken).ConfigureAwait(false);
        }
        return context.UserId;
    }

    public async Task<long> GetPrimaryMonetaryAccountIdAsync(CancellationToken cancellationToken = default)
    {
        if (_primaryAccount is { } known) return known;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_primaryAccount is { } again) return again;
            var userId = await GetUserIdAsync(cancellationToken).ConfigureAwait(false);
            var response = await _api.SendAsync(
                new BunqRequest(Wire.BunqWireFacts.ListMonetaryAccountBank, "?count=" + Wire.BunqWireFacts.MaxPageCount.ToString(System.Globalization.CultureInfo.InvariantCulture), userId),
                cancellationToken).ConfigureAwait(false);
            var id = OldestActive(response)
                ?? throw new InvalidOperationException($"User {userId} has no active MonetaryAccountBank.");
            _primaryAccount = id;
            return id;
        }
        finally
        {
            _gate.Release();
        }
    }

    public DateTimeOffset? SessionExpiresAt => _source.Current?.SessionExpiresAt;

    private static long? OldestActive(BunqResponse response)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            long? oldest = null;
            if (!document.RootElement.TryGetProperty("Response", out var items) || items.ValueKind != JsonValueKind.Array) return null;
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("MonetaryAccountBank", out var account)) continue;
                if (account.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() != "ACTIVE") continue;
                if (account.TryGetProperty("id", out var id) && id.TryGetInt64(out var value) && (oldest is null || value < oldest)) oldest = value;
            }
            return oldest;
        }
        catch (JsonException ex)
        {
            throw new BunqResponseFormatException("The monetary-account-bank list is not valid JSON.", response.ResponseId, ex);
        }
    }
}
