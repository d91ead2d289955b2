namespace Bunq.Emulator.Protocol;

/// <summary>
/// bunq's documented limits, per IP address and endpoint: a sliding window of the last calls.
/// "Any 3 consecutive seconds" is a sliding window, not fixed buckets.
/// </summary>
internal sealed class RateLimiter
{
    private readonly BunqEmulatorRateLimits _options;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _calls = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public RateLimiter(BunqEmulatorRateLimits options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
    }

    /// <summary>Records the call and says whether it is within the limit.</summary>
    public bool TryAcquire(string ip, string method, string endpoint)
    {
        var (limit, window) = LimitFor(method, endpoint);
        if (limit <= 0) return true;
        var now = _clock.GetUtcNow();
        var bucket = ip + " " + method + " " + endpoint;
        lock (_gate)
        {
            if (!_calls.TryGetValue(bucket, out var calls))
            {
                calls = new Queue<DateTimeOffset>();
                _calls[bucket] = calls;
            }
            while (calls.Count > 0 && now - calls.Peek() >= window) calls.Dequeue();
            if (calls.Count >= limit) return false;
            calls.Enqueue(now);
            return true;
        }
    }

    private (int Limit, TimeSpan Window) LimitFor(string method, string endpoint)
    {
        if (endpoint == Bunq.Runtime.Wire.BunqWireFacts.SessionServerPath) return (_options.SessionServer, _options.SessionServerWindow);
        return method switch
        {
            "GET" => (_options.Get, _options.Window),
            "POST" => (_options.Post, _options.Window),
            "PUT" => (_options.Put, _options.Window),
            "DELETE" => (_options.Delete, _options.Window),
            _ => (0, _options.Window),
        };
    }
}
