using System.Collections.Concurrent;
using System.Text;
using System.Threading.RateLimiting;

namespace Bunq.Runtime;

/// <summary>
/// What bunq counts a call against: its method and endpoint pattern (ids replaced by <c>{id}</c>), the resource of
/// every <see cref="PartitionedRateLimiter{TResource}"/> the runtime takes as its limiter.
/// </summary>
public readonly record struct BunqEndpoint(string Method, string Pattern)
{
    /// <summary>The endpoint a call to <paramref name="path"/> counts against: the path with its ids replaced, as bunq counts.</summary>
    public static BunqEndpoint Of(HttpMethod method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        return new BunqEndpoint(method.Method, BunqRateLimiter.EndpointPattern(path));
    }

    /// <summary>True for <c>session-server</c>, which bunq limits on its own, slower budget.</summary>
    public bool IsSessionServer => Pattern == SessionServerPattern;

    private static readonly string SessionServerPattern = BunqRateLimiter.EndpointPattern(Wire.BunqWireFacts.SessionServerPath);

    /// <inheritdoc />
    public override string ToString() => Method + " " + Pattern;
}

/// <summary>
/// bunq's limits in this process: a sliding log per (method, endpoint pattern); a call waits until fewer than the
/// limit were counted within the window. <c>user/1/monetary-account/2/payment</c> and <c>…/3/payment</c> share one
/// log, as bunq counts per endpoint. Share one instance between the clients of one IP address; for several
/// processes behind one IP use the Redis limiter of Bunq.Runtime.Redis, which implements the same rule.
/// Dispose the lease when the answer has arrived: bunq counts a call when it arrives, which is after it was sent, so
/// a window measured from the send time would let the next call arrive a few milliseconds early and draw a 429. A
/// disposed lease counts from its answer; one never disposed counts from its send time.
/// </summary>
public sealed class BunqRateLimiter : PartitionedRateLimiter<BunqEndpoint>
{
    private readonly BunqRateLimitOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<BunqEndpoint, Queue<Lease>> _windows = new();

    /// <summary>An in-process limiter with the budgets of <paramref name="options"/>; for many processes behind one IP use the Redis limiter.</summary>
    public BunqRateLimiter(BunqRateLimitOptions options, TimeProvider? timeProvider = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics(BunqEndpoint resource)
    {
        var (limit, _) = _options.LimitFor(resource);
        if (!_windows.TryGetValue(resource, out var sent)) return new RateLimiterStatistics { CurrentAvailablePermits = limit };
        lock (sent) return new RateLimiterStatistics { CurrentAvailablePermits = Math.Max(0, limit - sent.Count) };
    }

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(BunqEndpoint resource, int permitCount)
        => TryAcquire(resource, permitCount, out var wait) ?? BunqRateLimitLease.Refused(wait);

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(BunqEndpoint resource, int permitCount, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryAcquire(resource, permitCount, out var wait) is { } lease) return lease;
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private RateLimitLease? TryAcquire(BunqEndpoint resource, int permitCount, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        var (limit, window) = _options.Enabled ? _options.LimitFor(resource) : (0, TimeSpan.Zero);
        if (limit <= 0 || window <= TimeSpan.Zero || permitCount == 0) return BunqRateLimitLease.Unlimited;
        if (permitCount != 1) throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "bunq counts calls one by one: acquire one permit per call.");
        var sent = _windows.GetOrAdd(resource, static _ => new Queue<Lease>());
        lock (sent)
        {
            var now = _time.GetUtcNow();
            // Dispose only moves a lease's time forward, so the queue may be out of order; pruning from the head
            // alone can only keep a lease too long, never drop one too early.
            while (sent.Count > 0 && sent.Peek().CountedAt <= now - window) sent.Dequeue();
            if (sent.Count < limit)
            {
                var lease = new Lease(sent, now, _time);
                sent.Enqueue(lease);
                return lease;
            }
            wait = sent.Peek().CountedAt + window - now;
            return null;
        }
    }

    /// <summary><c>user/12/monetary-account/34/payment?count=10</c> → <c>user/{id}/monetary-account/{id}/payment</c>.</summary>
    public static string EndpointPattern(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var query = path.IndexOf('?');
        var bare = (query >= 0 ? path[..query] : path).Trim('/');
        if (bare.StartsWith("v1/", StringComparison.Ordinal)) bare = bare[3..];
        var sb = new StringBuilder(bare.Length);
        foreach (var segment in bare.Split('/'))
        {
            if (sb.Length > 0) sb.Append('/');
            // Attachment uuids are ids too; without this every upload would open a window of its own.
            var isId = segment.Length > 0 && (segment.All(char.IsAsciiDigit) || Guid.TryParse(segment, out _));
            sb.Append(isId ? "{id}" : segment);
        }
        return sb.ToString();
    }

    /// <summary>One call's place in a window: counts from its send time until disposed, then from its answer.</summary>
    private sealed class Lease : RateLimitLease
    {
        private readonly object _gate;
        private readonly TimeProvider _time;
        private bool _answered;

        public Lease(object gate, DateTimeOffset sentAt, TimeProvider time)
        {
            _gate = gate;
            _time = time;
            CountedAt = sentAt;
        }

        public DateTimeOffset CountedAt { get; private set; }

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => Array.Empty<string>();

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            lock (_gate)
            {
                if (_answered) return;
                _answered = true;
                CountedAt = _time.GetUtcNow();
            }
        }
    }
}

/// <summary>Leases without a window of their own: no limit applies, or a refusal that says how long to wait.</summary>
public sealed class BunqRateLimitLease : RateLimitLease
{
    /// <summary>A lease for a call no limit applies to.</summary>
    public static readonly RateLimitLease Unlimited = new BunqRateLimitLease(true, null);

    private readonly TimeSpan? _retryAfter;

    private BunqRateLimitLease(bool acquired, TimeSpan? retryAfter)
    {
        IsAcquired = acquired;
        _retryAfter = retryAfter;
    }

    /// <summary>Not acquired; <see cref="MetadataName.RetryAfter"/> says when a permit frees up.</summary>
    public static RateLimitLease Refused(TimeSpan retryAfter) => new BunqRateLimitLease(false, retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter);

    /// <inheritdoc />
    public override bool IsAcquired { get; }

    /// <inheritdoc />
    public override IEnumerable<string> MetadataNames => _retryAfter is null ? Array.Empty<string>() : new[] { MetadataName.RetryAfter.Name };

    /// <inheritdoc />
    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == MetadataName.RetryAfter.Name ? _retryAfter : null;
        return metadata is not null;
    }
}
