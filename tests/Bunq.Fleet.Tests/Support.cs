using System.Diagnostics.Metrics;
using Bunq.Emulator;
using StackExchange.Redis;

// The meter is process-wide; tests that count its measurements must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Bunq.Fleet.Tests;

/// <summary>
/// A test against the real redis-server named by BUNQ_TEST_REDIS (HOST:PORT; build/test.sh starts one). Absent
/// locally it is skipped with that reason; under CI (CI=true) it runs and fails, so a missing Redis is never green.
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (Redis.Address is null && !Redis.UnderCi) Skip = Redis.MissingReason;
    }
}

public static class Redis
{
    public const string MissingReason = "BUNQ_TEST_REDIS is not set: no redis-server to test against. Run ./build/test.sh (it starts one when redis-server is installed: apt-get install redis-server) or set BUNQ_TEST_REDIS=HOST:PORT.";

    public static string? Address => Environment.GetEnvironmentVariable("BUNQ_TEST_REDIS") is { Length: > 0 } a ? a : null;

    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A new connection (another "instance"); fails the test with the reason when there is no Redis.</summary>
    public static ConnectionMultiplexer Connect()
    {
        var address = Address ?? throw new InvalidOperationException("CI=true but " + MissingReason);
        return ConnectionMultiplexer.Connect(address);
    }

    /// <summary>A key prefix of this test alone, so tests never share Redis state.</summary>
    public static string Prefix() => "bunq-test:" + Guid.NewGuid().ToString("N")[..12] + ":";
}

/// <summary>Sums the runtime's counters while alive (one test at a time: see CollectionBehavior above).</summary>
public sealed class MeterCounts : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _sums = new(StringComparer.Ordinal);

    public MeterCounts()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Bunq.Runtime.BunqTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _sums.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        _listener.Start();
    }

    public long this[string name] => _sums.TryGetValue(name, out var v) ? v : 0;

    public void Dispose() => _listener.Dispose();
}

public static class Emulators
{
    /// <summary>An emulator with bunq's limits, the session-server window shortened so tests need not wait 30 s per user.</summary>
    public static Task<BunqEmulator> StartAsync(TimeSpan? sessionWindow = null) => BunqEmulator.StartAsync(new BunqEmulatorOptions
    {
        RateLimit = { SessionServerWindow = sessionWindow ?? TimeSpan.FromSeconds(1) },
    });

    public static Bunq.Runtime.BunqRateLimitOptions Limits(TimeSpan? sessionWindow = null) => new() { SessionServerWindow = sessionWindow ?? TimeSpan.FromSeconds(1) };
}
