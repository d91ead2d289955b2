using System.Diagnostics;
using System.Threading.RateLimiting;
using Bunq.Runtime;
using Bunq.Runtime.Redis;
using StackExchange.Redis;

namespace Bunq.Fleet.Tests;

public sealed class RedisRateLimiterTests
{
    private static readonly BunqEndpoint Payments = BunqEndpoint.Of(HttpMethod.Get, "user/1/monetary-account/2/payment");

    private static BunqRedisRateLimiter Limiter(IConnectionMultiplexer redis, string budget, BunqRateLimitOptions? limits = null, PartitionedRateLimiter<BunqEndpoint>? fallback = null)
        => new(redis, new BunqRedisRateLimiterOptions { Limits = limits ?? new BunqRateLimitOptions(), Budget = budget, KeyPrefix = "bunq-test:limit:", Fallback = fallback });

    [RedisFact]
    public async Task Instances_sharing_a_budget_never_send_more_than_N_within_any_window()
    {
        // Two connections, two limiters: two processes behind one IP. A 1 s window keeps the test short; the rule is the same.
        using var a = Redis.Connect();
        using var b = Redis.Connect();
        var budget = Guid.NewGuid().ToString("N");
        var limits = new BunqRateLimitOptions { Window = TimeSpan.FromSeconds(1) };
        using var first = Limiter(a, budget, limits);
        using var second = Limiter(b, budget, limits);
        var clock = Stopwatch.StartNew();
        var granted = new System.Collections.Concurrent.ConcurrentBag<double>();
        // Calls to other ids of the same endpoint share its window, as bunq counts per endpoint.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            var limiter = i % 2 == 0 ? first : second;
            using var lease = await limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Get, $"user/1/monetary-account/{i}/payment"));
            Assert.True(lease.IsAcquired);
            granted.Add(clock.Elapsed.TotalMilliseconds);
        }));
        var times = granted.Order().ToArray();
        Assert.Equal(12, times.Length);
        // Any 4 consecutive grants span at least one window (less the reply latency between Redis and this process).
        for (var i = 0; i + 3 < times.Length; i++) Assert.True(times[i + 3] - times[i] >= 950, $"grants {i}..{i + 3} within {times[i + 3] - times[i]:0} ms");
        Assert.True(times[^1] >= 2950, $"12 calls at 3 per second took only {times[^1]:0} ms");
        Assert.True(times[^1] < 6000, $"12 calls at 3 per second took {times[^1]:0} ms: the limiter waits too long");
    }

    [RedisFact]
    public async Task Session_server_is_one_per_window_across_instances_and_other_budgets_are_apart()
    {
        using var a = Redis.Connect();
        using var b = Redis.Connect();
        var budget = Guid.NewGuid().ToString("N");
        var limits = new BunqRateLimitOptions { SessionServerWindow = TimeSpan.FromSeconds(2) };
        using var first = Limiter(a, budget, limits);
        using var second = Limiter(b, budget, limits);
        using var elsewhere = Limiter(b, budget + "-other-ip", limits);
        var session = BunqEndpoint.Of(HttpMethod.Post, "session-server");
        using (var lease = await first.AcquireAsync(session)) Assert.True(lease.IsAcquired);
        var refused = second.AttemptAcquire(session);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var after));
        Assert.InRange(after, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2));
        // Another egress IP has a budget of its own.
        Assert.True(elsewhere.AttemptAcquire(session).IsAcquired);
        var clock = Stopwatch.StartNew();
        using (var lease = await second.AcquireAsync(session)) Assert.True(lease.IsAcquired);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.4), $"waited only {clock.Elapsed}");
    }

    [RedisFact]
    public async Task A_lease_counts_from_its_answer_like_the_in_process_limiter()
    {
        using var redis = Redis.Connect();
        var limits = new BunqRateLimitOptions { SessionServerWindow = TimeSpan.FromSeconds(1) };
        using var limiter = Limiter(redis, Guid.NewGuid().ToString("N"), limits);
        var session = BunqEndpoint.Of(HttpMethod.Post, "session-server");
        var slow = await limiter.AcquireAsync(session);
        await Task.Delay(700);
        var answered = Stopwatch.StartNew();
        slow.Dispose();
        using var next = await limiter.AcquireAsync(session);
        // Counted from the send, the window would have ended 300 ms after the answer; counted from the answer, 1 s after.
        Assert.True(answered.Elapsed >= TimeSpan.FromMilliseconds(950), $"the next call went {answered.Elapsed.TotalMilliseconds:0} ms after the answer");
    }

    [RedisFact]
    public async Task An_unreachable_Redis_is_a_typed_error_unless_a_fallback_is_configured()
    {
        // Nothing listens on port 1; abortConnect=false gives a multiplexer whose commands fail as Redis's would when it goes away.
        using var gone = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200,syncTimeout=300,asyncTimeout=300");
        using var strict = Limiter(gone, "any");
        var ex = await Assert.ThrowsAsync<BunqCoordinationException>(() => strict.AcquireAsync(Payments).AsTask());
        Assert.Contains("nothing was sent", ex.Message);
        Assert.Throws<BunqCoordinationException>(() => strict.AttemptAcquire(Payments));

        // The documented fallback: this instance's own share, in process.
        using var share = new BunqRateLimiter(new BunqRateLimitOptions { GetLimit = 1 });
        using var lenient = Limiter(gone, "any", fallback: share);
        using (var lease = await lenient.AcquireAsync(Payments)) Assert.True(lease.IsAcquired);
        Assert.False(lenient.AttemptAcquire(Payments).IsAcquired);
    }

    [RedisFact]
    public async Task The_runtime_sends_nothing_when_the_shared_limiter_is_unreachable()
    {
        using var gone = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200,syncTimeout=300,asyncTimeout=300");
        await using var emulator = await Emulators.StartAsync();
        var apiKey = emulator.CreateSandboxUser();
        var options = new BunqClientOptions { RateLimiter = Limiter(gone, "any"), MaxRetries = 0 };
        var ex = await Assert.ThrowsAsync<BunqCoordinationException>(() => BunqApiContext.CreateAsync(new BunqContextOptions
        {
            ApiKey = apiKey,
            Environment = BunqEnvironment.Custom(emulator.BaseUrl),
            ClientOptions = options,
        }));
        Assert.DoesNotContain(apiKey, ex.ToString());
    }
}
