using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Bunq.Runtime.Redis;

/// <summary>How a <see cref="BunqRedisRateLimiter"/> shares one budget.</summary>
public sealed class BunqRedisRateLimiterOptions
{
    /// <summary>bunq's rule (GET 3, POST 5, PUT 2 within any 3 s; session-server 1 within 30 s); the same options as the in-process limiter.</summary>
    public BunqRateLimitOptions Limits { get; set; } = new();

    /// <summary>
    /// The budget's name: one per egress IP address, since bunq counts per IP. Every instance that leaves through the
    /// same address must use the same name; instances behind different addresses use different ones.
    /// </summary>
    public string Budget { get; set; } = "default";

    /// <summary>Prefix of every Redis key this limiter writes.</summary>
    public string KeyPrefix { get; set; } = "bunq:limit:";

    /// <summary>
    /// What to use while Redis cannot be reached. Null (the default): the call fails with
    /// <see cref="BunqCoordinationException"/> and nothing is sent. Set it to an in-process <see cref="BunqRateLimiter"/>
    /// whose limits are bunq's divided by the number of instances to keep calling, within the budget, while Redis is down.
    /// </summary>
    public PartitionedRateLimiter<BunqEndpoint>? Fallback { get; set; }

    /// <summary>Where the limiter says that Redis is unreachable and the fallback (or a refusal) took over; never given keys or tokens.</summary>
    public ILogger? Logger { get; set; }
}

/// <summary>
/// bunq's limits for a fleet: per budget (egress IP), method and endpoint pattern, a sliding log of calls in one Redis
/// sorted set, checked and appended by one Lua script, so no two instances can both take the last place. Time is
/// Redis's own clock (<c>TIME</c>), so instances with skewed clocks still share one window. A lease is counted from
/// its acquisition until disposed, then from that moment (the answer), exactly as the in-process
/// <see cref="BunqRateLimiter"/> does: bunq counts a call when it arrives, which the client only knows to be before
/// the answer. Waiting callers poll at the moment the oldest entry leaves the window.
/// </summary>
public sealed class BunqRedisRateLimiter : PartitionedRateLimiter<BunqEndpoint>
{
    // Returns {1} when the call may go (and logs it), else {0, ms until the oldest entry leaves the window}.
    private const string AcquireScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local window = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
          redis.call('ZADD', KEYS[1], now, ARGV[3])
          redis.call('PEXPIRE', KEYS[1], window * 2 + 60000)
          return {1, 0}
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return {0, tonumber(oldest[2]) + window - now}
        """;

    // The answer has arrived: the entry counts from now. An entry already out of the window stays out, as in-process.
    private const string ReleaseScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        return redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly BunqRedisRateLimiterOptions _options;
    private readonly ILogger _logger;
    private int _fallbackWarned;

    /// <summary>A limiter whose sliding logs live in <paramref name="redis"/>, so every instance behind one IP counts against bunq's one budget.</summary>
    public BunqRedisRateLimiter(IConnectionMultiplexer redis, BunqRedisRateLimiterOptions? options = null)
    {
        _redis = redis ?? throw new ArgumentNullException(nameof(redis));
        _options = options ?? new BunqRedisRateLimiterOptions();
        ArgumentNullException.ThrowIfNull(_options.Limits);
        ArgumentException.ThrowIfNullOrWhiteSpace(_options.Budget);
        _logger = _options.Logger ?? NullLogger.Instance;
    }

    /// <summary>Null: the count lives in Redis and reading it for statistics would cost a round trip per call.</summary>
    public override RateLimiterStatistics? GetStatistics(BunqEndpoint resource) => null;

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(BunqEndpoint resource, int permitCount)
    {
        if (Unlimited(resource, permitCount, out var limit, out var window)) return BunqRateLimitLease.Unlimited;
        var key = Key(resource);
        var member = NewMember();
        RedisResult result;
        try
        {
            result = _redis.GetDatabase().ScriptEvaluate(AcquireScript, new RedisKey[] { key }, new RedisValue[] { limit, (long)window.TotalMilliseconds, member });
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            return _options.Fallback is { } fallback ? Fallback(ex).AttemptAcquire(resource, permitCount) : throw Unreachable(ex);
        }
        catch (RedisServerException ex)
        {
            throw Refused(ex);
        }
        return Granted(result, key, member, out _) ?? BunqRateLimitLease.Refused(WaitOf(result));
    }

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(BunqEndpoint resource, int permitCount, CancellationToken cancellationToken)
    {
        if (Unlimited(resource, permitCount, out var limit, out var window)) return BunqRateLimitLease.Unlimited;
        var key = Key(resource);
        var member = NewMember();
        var database = _redis.GetDatabase();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RedisResult result;
            try
            {
                result = await database.ScriptEvaluateAsync(AcquireScript, new RedisKey[] { key }, new RedisValue[] { limit, (long)window.TotalMilliseconds, member }).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsUnreachable(ex))
            {
                if (_options.Fallback is null) throw Unreachable(ex);
                return await Fallback(ex).AcquireAsync(resource, permitCount, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException ex)
            {
                throw Refused(ex);
            }
            if (Granted(result, key, member, out var wait) is { } lease) return lease;
            // A millisecond or two of spread, so the instances waiting for the same place do not all ask at once.
            await Task.Delay(wait + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 3)), cancellationToken).ConfigureAwait(false);
        }
    }

    private bool Unlimited(BunqEndpoint resource, int permitCount, out int limit, out TimeSpan window)
    {
        (limit, window) = _options.Limits.Enabled ? _options.Limits.LimitFor(resource) : (0, TimeSpan.Zero);
        if (limit <= 0 || window <= TimeSpan.Zero || permitCount == 0) return true;
        if (permitCount != 1) throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "bunq counts calls one by one: acquire one permit per call.");
        return false;
    }

    private RateLimitLease? Granted(RedisResult result, RedisKey key, string member, out TimeSpan wait)
    {
        var values = (RedisResult[])result!;
        wait = WaitOf(result);
        return (long)values[0] == 1 ? new Lease(this, key, member) : null;
    }

    private static TimeSpan WaitOf(RedisResult result)
    {
        var values = (RedisResult[])result!;
        var ms = (long)values[1];
        return TimeSpan.FromMilliseconds(Math.Max(ms, 0));
    }

    internal RedisKey Key(BunqEndpoint resource) => _options.KeyPrefix + _options.Budget + ":" + resource.Method + " " + resource.Pattern;

    private static string NewMember() => Guid.NewGuid().ToString("N");

    private void Release(RedisKey key, string member)
    {
        try
        {
            // Fire and forget on the same connection: later commands queue behind it, and the call's answer is not held up.
            _redis.GetDatabase().ScriptEvaluate(ReleaseScript, new RedisKey[] { key }, new RedisValue[] { member }, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            // The entry then counts from its send time and expires with its window: never longer than that.
            _logger.LogWarning("Could not move a bunq rate-limit entry to its answer time: Redis is unreachable ({Error})", ex.GetType().Name);
        }
    }

    private PartitionedRateLimiter<BunqEndpoint> Fallback(Exception ex)
    {
        if (Interlocked.Exchange(ref _fallbackWarned, 1) == 0)
        {
            _logger.LogWarning("Redis is unreachable ({Error}); bunq rate limits fall back to this instance's own share until it is back", ex.GetType().Name);
        }
        return _options.Fallback!;
    }

    internal static bool IsUnreachable(Exception ex) => ex switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        // A restarting server answers LOADING until its data is back: unreachable for this purpose.
        RedisServerException server => server.Message.StartsWith("LOADING", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Redis's error code (WRONGTYPE, CROSSSLOT, NOSCRIPT, …) alone: the rest of the message is not needed to classify it.</summary>
    internal static string ErrorCode(RedisServerException ex)
    {
        var space = ex.Message.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? ex.Message[..space] : ex.Message;
    }

    private static BunqCoordinationException Refused(RedisServerException ex) => new(
        $"The shared bunq rate limiter's Redis refused the command ({ErrorCode(ex)}); nothing was sent.", ex);

    private static BunqCoordinationException Unreachable(Exception ex) => new(
        $"The shared bunq rate limiter (Redis) cannot be reached ({ex.GetType().Name}); nothing was sent. Without it this instance cannot know what the others used of bunq's per-IP budget. Set BunqRedisRateLimiterOptions.Fallback to keep calling with a local share.", ex);

    private sealed class Lease : RateLimitLease
    {
        private readonly BunqRedisRateLimiter _owner;
        private readonly RedisKey _key;
        private readonly string _member;
        private int _disposed;

        public Lease(BunqRedisRateLimiter owner, RedisKey key, string member)
        {
            _owner = owner;
            _key = key;
            _member = member;
        }

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => Array.Empty<string>();

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _owner.Release(_key, _member);
        }
    }
}
