using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bunq.Runtime;

/// <summary>What a <see cref="BunqClientFactory"/> needs: where tenants' contexts live and how instances coordinate.</summary>
public sealed class BunqClientFactoryOptions
{
    /// <summary>
    /// Shared by every tenant: headers, retries, and above all the rate limiter, because bunq counts per IP address,
    /// not per user. Its <see cref="BunqClientOptions.ContextStore"/> is not used; <see cref="Store"/> is. When its
    /// <see cref="BunqClientOptions.RateLimiter"/> is null the factory sets one, so that contexts created with these
    /// options (in <see cref="CreateContext"/>) count against the same budget.
    /// </summary>
    public BunqClientOptions Client { get; set; } = new();

    /// <summary>Every tenant's context, by key.</summary>
    public IBunqKeyedContextStore? Store { get; set; }

    /// <summary>Serialises context creation and session renewal per tenant; null: a <see cref="BunqLocalContextCoordinator"/> over <see cref="Store"/>.</summary>
    public IBunqContextCoordinator? Coordinator { get; set; }

    /// <summary>
    /// Creates a tenant's context when the store holds none (e.g. from the OAuth access token you keep for it); null:
    /// such a tenant fails with <see cref="BunqContextStoreError.NotFound"/>. It is given the tenant's key and
    /// <see cref="Client"/> (with the shared rate limiter set): pass those as <see cref="BunqContextOptions.ClientOptions"/>,
    /// so the creation calls count against the shared budget and keep the pins, size limits and drift observer.
    /// </summary>
    public Func<string, BunqClientOptions, CancellationToken, Task<BunqApiContext>>? CreateContext { get; set; }

    /// <summary>A tenant unused this long (and with no call in flight) is evicted: its keys are disposed and it reloads from the store on next use.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The HTTP client every tenant shares; one over <see cref="BunqClientOptions.CreateHttpHandler"/> is made (and disposed) when null.</summary>
    public HttpClient? HttpClient { get; set; }
}

/// <summary>
/// Many users in one process: <see cref="For"/> gives the client of one tenant, bound to that tenant's context, with
/// its own session and renewal, over one transport and one rate limiter for all of them. Tenants load from the store
/// on first use, are created once (across instances, with a coordinator that spans them) and are evicted when idle.
/// Thread-safe.
/// </summary>
public sealed class BunqClientFactory : IDisposable
{
    private readonly BunqClientFactoryOptions _options;
    private readonly IBunqKeyedContextStore _store;
    private readonly IBunqContextCoordinator _coordinator;
    private readonly BunqTransport _transport;
    private readonly HttpClient? _ownedHttp;
    private readonly ConcurrentDictionary<string, BunqTenantClient> _tenants = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>A factory that creates one client per tenant key from <paramref name="options"/>.</summary>
    public BunqClientFactory(BunqClientFactoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Client);
        _options = options;
        _store = options.Store ?? throw new ArgumentException("BunqClientFactoryOptions.Store is required.", nameof(options));
        if (options.IdleTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), options.IdleTimeout, "IdleTimeout must be positive.");
        _coordinator = options.Coordinator ?? new BunqLocalContextCoordinator(_store);
        // One limiter for the process: the options get it, so contexts created with them (CreateContext) share it too.
        options.Client.RateLimiter ??= new BunqRateLimiter(options.Client.RateLimits, options.Client.TimeProvider);
        var http = options.HttpClient ?? (_ownedHttp = options.Client.CreateHttpClient());
        // One transport: one limiter and one retry pipeline for every tenant, as bunq counts the IP, not the user.
        _transport = new BunqTransport(() => http, options.Client);
    }

    /// <summary>Tenants currently held in memory.</summary>
    public int Count => _tenants.Count;

    /// <summary>The client of the tenant <paramref name="key"/>; the same instance until it is evicted.</summary>
    public IBunqApiClient For(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        EvictIdle();
        return _tenants.GetOrAdd(key, k => new BunqTenantClient(this, k));
    }

    /// <summary>
    /// The tenant's context, loading or creating it now (once across instances) instead of on its first call: to warm
    /// a worker up, or to read the user id. Owned by the factory; do not dispose it.
    /// </summary>
    public Task<BunqApiContext> GetContextAsync(string key, CancellationToken cancellationToken = default)
        => ((BunqTenantClient)For(key)).GetContextAsync(cancellationToken);

    /// <summary>Evicts tenants idle longer than <see cref="BunqClientFactoryOptions.IdleTimeout"/> with no call in flight; returns how many.</summary>
    public int EvictIdle()
    {
        var now = _transport.Time.GetUtcNow();
        var evicted = 0;
        foreach (var (key, tenant) in _tenants)
        {
            if (!tenant.IsIdle(now, _options.IdleTimeout)) continue;
            if (_tenants.TryRemove(new KeyValuePair<string, BunqTenantClient>(key, tenant)))
            {
                tenant.Dispose();
                evicted++;
            }
        }
        return evicted;
    }

    private async Task<BunqApiContext> LoadOrCreateAsync(string key, CancellationToken cancellationToken)
    {
        if (await _store.For(key).LoadAsync(cancellationToken).ConfigureAwait(false) is { } stored) return stored;
        if (_options.CreateContext is null)
        {
            throw new BunqContextStoreException(BunqContextStoreError.NotFound, "The store holds no API context for this tenant, and BunqClientFactoryOptions.CreateContext is not set.");
        }
        await using var lease = await _coordinator.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        // Another instance may have created it while this one waited.
        if (await lease.LoadAsync(cancellationToken).ConfigureAwait(false) is { } created) return created;
        var context = await _options.CreateContext(key, _options.Client, cancellationToken).ConfigureAwait(false);
        try
        {
            await lease.SaveAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            context.Dispose();
            throw;
        }
        _transport.Logger.LogInformation("bunq context created for a new tenant (fencing token {Fence})", lease.FencingToken);
        return context;
    }

    /// <summary>Disposes every client and context the factory created.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var tenant in _tenants.Values) tenant.Dispose();
        _tenants.Clear();
        _ownedHttp?.Dispose();
    }

    /// <summary>One tenant: its context (loaded once), renewals through the coordinator, in-flight count for eviction.</summary>
    private sealed class BunqTenantClient : IBunqApiClient, IBunqUserSource, IDisposable
    {
        private readonly BunqClientFactory _factory;
        private readonly string _key;
        private readonly BunqApiClient _client;
        private readonly SemaphoreSlim _loadGate = new(1, 1);
        private BunqApiContext? _context;
        private int _inFlight;
        private long _lastUsedTicks;
        private int _disposed;

        public BunqTenantClient(BunqClientFactory factory, string key)
        {
            _factory = factory;
            _key = key;
            _lastUsedTicks = factory._transport.Time.GetUtcNow().UtcTicks;
            _client = new BunqApiClient(GetContextAsync, factory._transport, new BunqSessionRenewal(factory._coordinator, key));
        }

        public bool IsIdle(DateTimeOffset now, TimeSpan idle)
            => Volatile.Read(ref _inFlight) == 0 && now.UtcTicks - Interlocked.Read(ref _lastUsedTicks) >= idle.Ticks;

        public async Task<BunqResponse> SendAsync(BunqRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _inFlight);
            if (Volatile.Read(ref _disposed) != 0)
            {
                // Evicted after the caller got this client: the call goes to the tenant's next incarnation instead.
                EndCall();
                return await _factory.For(_key).SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            try
            {
                return await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Exchange(ref _lastUsedTicks, _factory._transport.Time.GetUtcNow().UtcTicks);
                EndCall();
            }
        }

        /// <summary>The last call out of an evicted tenant disposes its keys; none is disposed under a call in flight.</summary>
        private void EndCall()
        {
            if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _disposed) != 0) Interlocked.Exchange(ref _context, null)?.Dispose();
        }

        public async Task<long> GetUserIdAsync(CancellationToken cancellationToken)
        {
            // An evicted tenant's context is disposed; its next incarnation knows the same user.
            if (Volatile.Read(ref _disposed) != 0) return await ((IBunqUserSource)_factory.For(_key)).GetUserIdAsync(cancellationToken).ConfigureAwait(false);
            return (await GetContextAsync(cancellationToken).ConfigureAwait(false)).UserId;
        }

        public async Task<BunqApiContext> GetContextAsync(CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _context) is { } ready) return ready;
            await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return _context ??= await _factory.LoadOrCreateAsync(_key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _loadGate.Release();
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            if (Volatile.Read(ref _inFlight) == 0) Interlocked.Exchange(ref _context, null)?.Dispose();
        }

        public override string ToString() => "BunqTenantClient";
    }
}

/// <summary>How a tenant's client renews: under the coordinator's lease, adopting a session another instance opened.</summary>
internal sealed record BunqSessionRenewal(IBunqContextCoordinator Coordinator, string Key);
