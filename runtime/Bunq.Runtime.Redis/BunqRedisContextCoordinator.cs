using StackExchange.Redis;

namespace Bunq.Runtime.Redis;

/// <summary>
/// Single-flight context creation and session renewal across processes: a lock per tenant in Redis
/// (<c>SET NX PX</c>) whose value is a fencing token from a per-tenant counter, taken in one script so tokens grow in
/// the order leases are granted. The holder's lease is extended while it is held (a session-server call can wait up
/// to 30 s in bunq's limiter), and expires on its own when the holder dies. A save under the lease goes through only
/// while the lock still holds its token and no newer token has saved.
/// </summary>
public sealed class BunqRedisContextCoordinator : IBunqContextCoordinator
{
    // Returns the fencing token when the lock was free, else 0.
    private const string AcquireScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        local fence = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], fence, 'PX', ARGV[1])
        return fence
        """;

    private const string ExtendScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly BunqRedisContextStore _store;

    /// <param name="redis">The connection.</param>
    /// <param name="store">Where the tenants' contexts live; its key prefix is used for the locks too.</param>
    /// <param name="lockExpiry">How long a lease outlives a holder that died; it is extended every third of this while held.</param>
    public BunqRedisContextCoordinator(IConnectionMultiplexer redis, BunqRedisContextStore store, TimeSpan? lockExpiry = null)
    {
        _redis = redis ?? throw new ArgumentNullException(nameof(redis));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        LockExpiry = lockExpiry ?? TimeSpan.FromSeconds(15);
        if (LockExpiry < TimeSpan.FromMilliseconds(300)) throw new ArgumentOutOfRangeException(nameof(lockExpiry), LockExpiry, "The lock expiry must be at least 300 ms.");
    }

    /// <summary>How long a renewal lock outlives a holder that died; while held it is extended every third of this.</summary>
    public TimeSpan LockExpiry { get; }

    /// <inheritdoc />
    public async Task<IBunqContextLease> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var tenant = _store.TenantFor(key);
        var keys = new RedisKey[] { _store.LockKey(tenant.Hash), _store.FenceKey(tenant.Hash) };
        var expiry = (long)LockExpiry.TotalMilliseconds;
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long fence;
            try
            {
                fence = (long)await _redis.GetDatabase().ScriptEvaluateAsync(AcquireScript, keys, new RedisValue[] { expiry }).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (BunqRedisRateLimiter.IsUnreachable(ex))
            {
                throw new BunqCoordinationException($"The tenant lock (Redis) cannot be reached ({ex.GetType().Name}); no session was opened, so none can be opened twice.", ex);
            }
            catch (RedisServerException ex)
            {
                throw new BunqCoordinationException($"The tenant lock's Redis refused the command ({BunqRedisRateLimiter.ErrorCode(ex)}); no session was opened.", ex);
            }
            if (fence > 0) return new Lease(this, tenant, keys[0], fence);
            // The holder is creating or renewing; it takes one bunq call or a wait in bunq's limiter.
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            if (delay < TimeSpan.FromMilliseconds(200)) delay *= 2;
        }
    }

    private sealed class Lease : IBunqContextLease
    {
        private readonly BunqRedisContextCoordinator _owner;
        private readonly BunqRedisContextStore.Tenant _tenant;
        private readonly RedisKey _lock;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _keepAlive;
        private int _released;

        public Lease(BunqRedisContextCoordinator owner, BunqRedisContextStore.Tenant tenant, RedisKey lockKey, long fence)
        {
            _owner = owner;
            _tenant = tenant;
            _lock = lockKey;
            FencingToken = fence;
            _keepAlive = KeepAliveAsync(_stop.Token);
        }

        public long FencingToken { get; }

        public Task<BunqApiContext?> LoadAsync(CancellationToken cancellationToken) => _tenant.LoadAsync(cancellationToken);

        public Task SaveAsync(BunqApiContext context, CancellationToken cancellationToken) => _tenant.SaveFencedAsync(context, FencingToken, cancellationToken);

        private async Task KeepAliveAsync(CancellationToken stop)
        {
            var every = _owner.LockExpiry / 3;
            try
            {
                while (true)
                {
                    await Task.Delay(every, stop).ConfigureAwait(false);
                    // Lost (expired and taken): the fenced save will refuse; nothing to extend any more.
                    var extended = (long)await _owner._redis.GetDatabase().ScriptEvaluateAsync(ExtendScript, new RedisKey[] { _lock },
                        new RedisValue[] { FencingToken, (long)_owner.LockExpiry.TotalMilliseconds }).ConfigureAwait(false);
                    if (extended == 0) return;
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex) when (BunqRedisRateLimiter.IsUnreachable(ex) || ex is RedisServerException)
            {
                // The lease then lapses with its expiry; the fenced save says so.
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            _stop.Cancel();
            await _keepAlive.ConfigureAwait(false);
            _stop.Dispose();
            try
            {
                await _owner._redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, new RedisKey[] { _lock }, new RedisValue[] { FencingToken }).ConfigureAwait(false);
            }
            catch (Exception ex) when (BunqRedisRateLimiter.IsUnreachable(ex) || ex is RedisServerException)
            {
                // It expires on its own within LockExpiry.
            }
        }
    }
}
