using System.Collections.Concurrent;
using System.Text;

namespace Bunq.Runtime;

/// <summary>
/// A sliding-window limiter per (method, endpoint pattern): a call waits until fewer than the limit were
/// sent within the window. The pattern replaces numeric and uuid path segments by <c>{id}</c>, so
/// <c>user/1/monetary-account/2/payment</c> and <c>…/3/payment</c> share one window, as bunq counts per endpoint.
/// Thread-safe; share one instance between clients that use the same IP address.
/// </summary>
public sealed class BunqRateLimiter
{
    private readonly BunqRateLimitOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Queue<BunqRateLimitSlot>> _windows = new(StringComparer.Ordinal);

    public BunqRateLimiter(BunqRateLimitOptions options, TimeProvider? timeProvider = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Waits until a call may be sent, then counts it. Release the returned slot when the answer has arrived: bunq
    /// counts a call when it arrives, which is after it was sent, so a window measured from the send time would let
    /// the next call arrive a few milliseconds early and draw a 429. A released slot counts from its answer; a slot
    /// never released counts from its send time.
    /// </summary>
    public async ValueTask<BunqRateLimitSlot> WaitAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        if (!_options.Enabled) return BunqRateLimitSlot.None;
        var pattern = EndpointPattern(path);
        var (limit, window) = LimitFor(method, pattern);
        if (limit <= 0 || window <= TimeSpan.Zero) return BunqRateLimitSlot.None;
        var sent = _windows.GetOrAdd(method.Method + " " + pattern, static _ => new Queue<BunqRateLimitSlot>());
        while (true)
        {
            TimeSpan wait;
            lock (sent)
            {
                var now = _time.GetUtcNow();
                // Release only moves a slot's time forward, so the queue may be out of order; pruning from the head
                // alone can only keep a slot too long, never drop one too early.
                while (sent.Count > 0 && sent.Peek().CountedAt <= now - window) sent.Dequeue();
                if (sent.Count < limit)
                {
                    var slot = new BunqRateLimitSlot(sent, now, _time);
                    sent.Enqueue(slot);
                    return slot;
                }
                wait = sent.Peek().CountedAt + window - now;
            }
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken).ConfigureAwait(false);
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

    private (int Limit, TimeSpan Window) LimitFor(HttpMethod method, string pattern)
    {
        if (pattern == "session-server") return (_options.SessionServerLimit, _options.SessionServerWindow);
        var limit = method.Method switch
        {
            "GET" => _options.GetLimit,
            "POST" => _options.PostLimit,
            "PUT" => _options.PutLimit,
            "DELETE" => _options.DeleteLimit,
            _ => 0,
        };
        return (limit, _options.Window);
    }
}

/// <summary>One call's place in a rate-limit window; <see cref="Release"/> it when the answer has arrived.</summary>
public sealed class BunqRateLimitSlot
{
    internal static readonly BunqRateLimitSlot None = new(null, DateTimeOffset.MinValue, TimeProvider.System);

    private readonly object? _gate;
    private readonly TimeProvider _time;

    internal BunqRateLimitSlot(object? gate, DateTimeOffset sentAt, TimeProvider time)
    {
        _gate = gate;
        _time = time;
        CountedAt = sentAt;
    }

    /// <summary>When the call counts against the window: its send time, then its answer's once released.</summary>
    internal DateTimeOffset CountedAt { get; private set; }

    public void Release()
    {
        if (_gate is null) return;
        lock (_gate) CountedAt = _time.GetUtcNow();
    }
}
