using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Bunq.Runtime.Redis;

/// <summary>
/// Every tenant's API context in Redis, one hash per tenant (<c>data</c>, <c>version</c>, <c>fence</c>,
/// <c>protected</c>), with optimistic concurrency: a save succeeds only over the version this store last read or
/// wrote, so a stale context (an older session) never overwrites a newer one another instance saved; the loser gets
/// <see cref="BunqContextStoreException"/> with <see cref="BunqContextStoreError.Conflict"/> and should load again.
/// Saves under a <see cref="BunqRedisContextCoordinator"/> lease are fenced instead. The same
/// <see cref="IBunqContextProtector"/> as the file store encrypts the data; the key in Redis is a hash of the
/// tenant key, so Redis shows no customer identifiers.
/// </summary>
public sealed class BunqRedisContextStore : IBunqKeyedContextStore
{
    // ARGV: data, protected, expected version. Returns the new version, or -1 when the stored version is another.
    private const string SaveScript = """
        local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
        if current ~= tonumber(ARGV[3]) then return -1 end
        redis.call('HSET', KEYS[1], 'data', ARGV[1], 'protected', ARGV[2], 'version', current + 1)
        return current + 1
        """;

    // ARGV: data, protected, fencing token. KEYS[2] is the tenant's lock: the save needs to hold it with this token
    // and no newer token may have saved. Returns the new version, -1 when fenced off, -2 when the lock is lost.
    private const string FencedSaveScript = """
        if redis.call('GET', KEYS[2]) ~= ARGV[3] then return -2 end
        local fence = tonumber(redis.call('HGET', KEYS[1], 'fence') or '0')
        if tonumber(ARGV[3]) < fence then return -1 end
        local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0') + 1
        redis.call('HSET', KEYS[1], 'data', ARGV[1], 'protected', ARGV[2], 'version', version, 'fence', ARGV[3])
        return version
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly IBunqContextProtector? _protector;
    private readonly ConcurrentDictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);

    /// <param name="redis">The connection (use TLS, <c>ssl=true</c>, to a Redis outside this host).</param>
    /// <param name="protector">
    /// Encrypts and authenticates every context: it holds the API key, the client's private key, the installation and
    /// session tokens and bunq's server key, which whoever can read or write Redis would otherwise read or swap.
    /// <see cref="BunqAesGcmContextProtector"/> or ASP.NET Core Data Protection.
    /// </param>
    /// <param name="keyPrefix">Prefix of every key this store and its coordinator write.</param>
    /// <param name="allowUnprotected">True to store contexts in clear without a protector: for tests and local development only.</param>
    public BunqRedisContextStore(IConnectionMultiplexer redis, IBunqContextProtector? protector, string keyPrefix = "bunq:", bool allowUnprotected = false)
    {
        _redis = redis ?? throw new ArgumentNullException(nameof(redis));
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        if (protector is null && !allowUnprotected)
        {
            throw new ArgumentException(
                "A protector is required: without one the API key, private key and tokens would sit in clear in Redis, and bunq's server key could be swapped by whoever can write there. Pass a BunqAesGcmContextProtector (or Data Protection), or allowUnprotected: true for tests and local development only.",
                nameof(protector));
        }
        _protector = protector;
        KeyPrefix = keyPrefix;
        // A prefix with an empty "{}" would make Redis Cluster hash whole keys, splitting one tenant's keys over slots.
        var sample = Hash("");
        if (HashTagOf(ContextKey(sample)!) != HashTagOf(LockKey(sample)!) || HashTagOf(LockKey(sample)!) != HashTagOf(FenceKey(sample)!))
        {
            throw new ArgumentException("The key prefix must not contain an empty hash tag \"{}\": a tenant's keys would not share a Redis Cluster slot.", nameof(keyPrefix));
        }
    }

    /// <summary>The prefix of every Redis key the store writes (one key per tenant).</summary>
    public string KeyPrefix { get; }

    /// <inheritdoc />
    public IBunqContextStore For(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _tenants.GetOrAdd(key, k => new Tenant(this, Hash(k)));
    }

    internal static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];

    // The tenant's hash as a Redis Cluster hash tag, right after the prefix: a script touches the context, lock and
    // fence keys of one tenant together, so they must share a slot (else CROSSSLOT), while tenants spread over slots.
    internal RedisKey ContextKey(string hash) => KeyPrefix + "{" + hash + "}:context";

    internal RedisKey LockKey(string hash) => KeyPrefix + "{" + hash + "}:lock";

    internal RedisKey FenceKey(string hash) => KeyPrefix + "{" + hash + "}:fence";

    /// <summary>The part of a key Redis Cluster hashes to pick its slot: the first non-empty <c>{…}</c>, else the whole key.</summary>
    internal static string HashTagOf(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open < 0) return key;
        var close = key.IndexOf('}', open + 1);
        return close <= open + 1 ? key : key[(open + 1)..close];
    }

    internal Tenant TenantFor(string key) => (Tenant)For(key);

    internal sealed class Tenant : IBunqContextStore
    {
        private readonly BunqRedisContextStore _owner;
        private long _version;

        public Tenant(BunqRedisContextStore owner, string hash)
        {
            _owner = owner;
            Hash = hash;
        }

        public string Hash { get; }

        public async Task<BunqApiContext?> LoadAsync(CancellationToken cancellationToken = default)
        {
            RedisValue[] fields;
            try
            {
                fields = await _owner._redis.GetDatabase().HashGetAsync(_owner.ContextKey(Hash), new RedisValue[] { "data", "protected", "version" }).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (BunqRedisRateLimiter.IsUnreachable(ex))
            {
                throw Unreachable("read", ex);
            }
            catch (RedisServerException ex)
            {
                throw Refused("read", ex);
            }
            if (fields[0].IsNull)
            {
                Interlocked.Exchange(ref _version, 0);
                return null;
            }
            if (!fields[2].TryParse(out long version) || version < 1) throw new BunqContextStoreException(BunqContextStoreError.Damaged, "The API context in Redis has no version.");
            var context = Unwrap((byte[])fields[0]!, fields[1] == "1");
            Interlocked.Exchange(ref _version, version);
            return context;
        }

        public async Task SaveAsync(BunqApiContext context, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(context);
            var expected = Interlocked.Read(ref _version);
            var result = await EvaluateAsync(SaveScript, new RedisKey[] { _owner.ContextKey(Hash) }, Wrap(context, expected), cancellationToken).ConfigureAwait(false);
            if (result == -1)
            {
                throw new BunqContextStoreException(BunqContextStoreError.Conflict,
                    "Another instance saved a newer API context for this tenant; this one was not written over it. Load it again.");
            }
            Interlocked.Exchange(ref _version, result);
        }

        internal async Task SaveFencedAsync(BunqApiContext context, long fence, CancellationToken cancellationToken)
        {
            var result = await EvaluateAsync(FencedSaveScript, new RedisKey[] { _owner.ContextKey(Hash), _owner.LockKey(Hash) }, Wrap(context, fence), cancellationToken).ConfigureAwait(false);
            if (result < 0)
            {
                throw new BunqContextStoreException(BunqContextStoreError.Conflict, result == -2
                    ? "This instance's lease on the tenant ran out before it saved; another instance may have renewed, so this context was not saved."
                    : "A newer lease already saved this tenant's API context; this older one was not written over it.");
            }
            Interlocked.Exchange(ref _version, result);
        }

        private RedisValue[] Wrap(BunqApiContext context, long last)
        {
            var payload = BunqContextJson.Write(context);
            var stored = _owner._protector is null ? payload : _owner._protector.Protect(payload);
            return new RedisValue[] { stored, _owner._protector is null ? "0" : "1", last };
        }

        private BunqApiContext Unwrap(byte[] stored, bool isProtected)
        {
            if (isProtected != (_owner._protector is not null))
            {
                throw new BunqContextStoreException(BunqContextStoreError.ProtectionFailed,
                    isProtected ? "The API context in Redis is protected, but the store has no protector." : "The API context in Redis is not protected, but the store expects protection.");
            }
            byte[] payload;
            if (_owner._protector is null)
            {
                payload = stored;
            }
            else
            {
                try
                {
                    payload = _owner._protector.Unprotect(stored);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new BunqContextStoreException(BunqContextStoreError.ProtectionFailed, "The API context in Redis could not be unprotected.", ex);
                }
            }
            return BunqContextJson.Read(payload);
        }

        private async Task<long> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken)
        {
            try
            {
                return (long)await _owner._redis.GetDatabase().ScriptEvaluateAsync(script, keys, values).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (BunqRedisRateLimiter.IsUnreachable(ex))
            {
                throw Unreachable("save", ex);
            }
            catch (RedisServerException ex)
            {
                throw Refused("save", ex);
            }
        }

        private static BunqContextStoreException Unreachable(string what, Exception ex)
            => new(BunqContextStoreError.Io, $"Could not {what} the API context: Redis is unreachable ({ex.GetType().Name}).", ex);

        private static BunqContextStoreException Refused(string what, RedisServerException ex)
            => new(BunqContextStoreError.Io, $"Could not {what} the API context: Redis refused the command ({BunqRedisRateLimiter.ErrorCode(ex)}); nothing was written.", ex);
    }
}
