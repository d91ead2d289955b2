namespace Bunq.Runtime;

/// <summary>
/// A transport that knows which user it acts for: the user of its API context. Generated clients take their default
/// user from it, so that <c>bunq.Payments…</c> needs no user id argument.
/// </summary>
public interface IBunqUserSource
{
    /// <summary>The id of the user the transport's context belongs to (for an OAuth connection, the UserApiKey's id).</summary>
    Task<long> GetUserIdAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The user a generated client's calls under <c>/user/{id}</c> act as: a fixed id, or the transport's own user, read
/// when the first call needs it. Under dependency injection the context loads on first use, so the user id is not
/// known when the client is built.
/// </summary>
public sealed class BunqUser
{
    private readonly long _id;
    private readonly IBunqUserSource? _source;
    private long _resolved;

    private BunqUser(long id, IBunqUserSource? source)
    {
        _id = id;
        _source = source;
    }

    /// <summary>A fixed user: a company the API key may act for, or an OAuth grant's user.</summary>
    public static BunqUser WithId(long userId) => new(userId, null);

    /// <summary>
    /// The transport's own user when it knows it (<see cref="BunqApiClient"/> and <see cref="BunqClientFactory"/>'s
    /// tenants do); for any other transport the first call that needs a user id fails with an
    /// <see cref="InvalidOperationException"/> that says how to name the user.
    /// </summary>
    public static BunqUser Of(IBunqApiClient api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return new(0, api as IBunqUserSource ?? MissingUser.Instance);
    }

    /// <summary>The user id; the transport is asked once and the answer kept, since a context never changes its user.</summary>
    public ValueTask<long> GetIdAsync(CancellationToken cancellationToken)
    {
        if (_source is null) return new(_id);
        var known = Volatile.Read(ref _resolved);
        return known != 0 ? new(known) : new(ResolveAsync(cancellationToken));
    }

    private async Task<long> ResolveAsync(CancellationToken cancellationToken)
    {
        var id = await _source!.GetUserIdAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _resolved, id);
        return id;
    }

    private sealed class MissingUser : IBunqUserSource
    {
        public static readonly MissingUser Instance = new();

        public Task<long> GetUserIdAsync(CancellationToken cancellationToken)
            => throw new InvalidOperationException("This transport does not say which user it acts for: create the client with a user id (new BunqClient(api, userId)) or over a BunqApiClient.");
    }
}
