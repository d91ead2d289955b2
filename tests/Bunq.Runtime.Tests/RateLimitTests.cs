using Microsoft.Extensions.Time.Testing;

namespace Bunq.Runtime.Tests;

public sealed class RateLimitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("user/1/monetary-account/22/payment?count=200&older_id=5", "user/{id}/monetary-account/{id}/payment")]
    [InlineData("/v1/session-server", "session-server")]
    [InlineData("user/1/attachment/abc-name/content", "user/{id}/attachment/abc-name/content")]
    [InlineData("attachment-public/8c2e1b7a-3f7d-4a1e-9b2a-0d1c2e3f4a5b/content", "attachment-public/{id}/content")]
    public void Endpoint_patterns_hide_ids(string path, string pattern) => Assert.Equal(pattern, BunqRateLimiter.EndpointPattern(path));

    [Fact]
    public async Task Gets_are_held_to_three_per_three_seconds_per_endpoint()
    {
        var time = new FakeTimeProvider();
        var limiter = new BunqRateLimiter(new BunqRateLimitOptions(), time);
        for (var i = 0; i < 3; i++) Assert.True(limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Get, $"user/1/monetary-account/{i}/payment"), 1, default).IsCompletedSuccessfully);

        var fourth = limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Get, "user/1/monetary-account/9/payment"), 1, default).AsTask();
        var otherEndpoint = limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Get, "user/1"), 1, default);
        Assert.True(otherEndpoint.IsCompletedSuccessfully);
        Assert.False(fourth.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await fourth.WaitAsync(Patience);
    }

    [Fact]
    public async Task Posts_allow_five_and_puts_two_per_three_seconds()
    {
        var time = new FakeTimeProvider();
        var limiter = new BunqRateLimiter(new BunqRateLimitOptions(), time);
        for (var i = 0; i < 5; i++) Assert.True(limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Post, "user/1/payment"), 1, default).IsCompletedSuccessfully);
        var sixth = limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Post, "user/1/payment"), 1, default).AsTask();
        for (var i = 0; i < 2; i++) Assert.True(limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Put, "user/1/payment/5"), 1, default).IsCompletedSuccessfully);
        var thirdPut = limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Put, "user/1/payment/5"), 1, default).AsTask();
        Assert.False(sixth.IsCompleted);
        Assert.False(thirdPut.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        await Task.WhenAll(sixth, thirdPut).WaitAsync(Patience);
    }

    [Fact]
    public async Task Session_server_is_held_to_one_per_thirty_seconds()
    {
        var time = new FakeTimeProvider();
        var limiter = new BunqRateLimiter(new BunqRateLimitOptions(), time);
        Assert.True(limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Post, "session-server"), 1, default).IsCompletedSuccessfully);
        var second = limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Post, "session-server"), 1, default).AsTask();
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await second.WaitAsync(Patience);
    }

    [Fact]
    public async Task The_window_slides_rather_than_resets()
    {
        var time = new FakeTimeProvider();
        var limiter = new BunqRateLimiter(new BunqRateLimitOptions(), time);
        await limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Get, "user"), 1, default);
        time.Advance(TimeSpan.FromSeconds(2));
        await limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Get, "user"), 1, default);
        await limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Get, "user"), 1, default);
        var fourth = limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Get, "user"), 1, default).AsTask();
        time.Advance(TimeSpan.FromSeconds(1));
        await fourth.WaitAsync(Patience);
        var fifth = limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Get, "user"), 1, default).AsTask();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(fifth.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await fifth.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_disposed_lease_counts_from_its_answer_not_its_send()
    {
        // bunq counts arrivals; the runtime cannot see them, so it counts from the answer, which is never earlier.
        var time = new FakeTimeProvider();
        var limiter = new BunqRateLimiter(new BunqRateLimitOptions(), time);
        var slow = await limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Post, "session-server"));
        time.Advance(TimeSpan.FromSeconds(5));
        slow.Dispose();
        var next = limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Post, "session-server")).AsTask();
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(next.IsCompleted, "30 s counted from the send would have let it through");
        time.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(Patience);
        var refused = limiter.AttemptAcquire(BunqEndpoint.Of(HttpMethod.Post, "session-server"));
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var after));
        Assert.Equal(TimeSpan.FromSeconds(30), after);
    }

    [Fact]
    public void A_disabled_limiter_never_waits()
    {
        var limiter = new BunqRateLimiter(new BunqRateLimitOptions { Enabled = false }, new FakeTimeProvider());
        for (var i = 0; i < 50; i++) Assert.True(limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Get, "user"), 1, default).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Waiting_can_be_cancelled()
    {
        var time = new FakeTimeProvider();
        var limiter = new BunqRateLimiter(new BunqRateLimitOptions(), time);
        await limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Post, "session-server"), 1, default);
        using var cts = new CancellationTokenSource();
        var waiting = limiter.AcquireAsync(BunqEndpoint.Of(HttpMethod.Post, "session-server"), 1, cts.Token).AsTask();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_429_is_retried_after_Retry_After()
    {
        var time = new FakeTimeProvider();
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq);
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), Fixtures.Options(time));
        var seen = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        bunq.Route = _ =>
        {
            seen.Enqueue(time.GetUtcNow());
            return seen.Count == 1
                ? new StubAnswer(429, """{"Error":[{"error_description":"Too many requests","error_description_translated":"x"}]}""") { Headers = { ["Retry-After"] = "2" } }
                : StubAnswer.Ok("""{"Response":[{"Id":{"id":8}}]}""");
        };

        var pending = client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default);
        // Drive the fake clock in small steps until the retry has gone out; the assertion is on simulated time only.
        for (var i = 0; i < 400 && !pending.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }
        var response = await pending.WaitAsync(Patience);
        Assert.Equal(8, Json.BunqEnvelope.ReadId(response));
        var times = seen.ToArray();
        Assert.Equal(2, times.Length);
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(2), $"retried after {times[1] - times[0]}");
    }

    [Fact]
    public async Task Retries_on_429_are_bounded()
    {
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq);
        var options = Fixtures.Options();
        options.MaxRetries = 2;
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), options);
        bunq.Route = _ => StubAnswer.Error(429, "Too many requests", "x");
        var ex = await Assert.ThrowsAsync<BunqTooManyRequestsException>(() => client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default));
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(3, bunq.RequestsTo("user/42").Count());
    }

    [Fact]
    public async Task The_client_applies_the_limiter_to_its_calls()
    {
        var time = new FakeTimeProvider();
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq);
        var options = Fixtures.Options(time);
        options.RateLimits = new BunqRateLimitOptions();
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), options);
        bunq.Route = _ => StubAnswer.Ok("""{"Response":[{"Id":{"id":8}}]}""");
        for (var i = 0; i < 3; i++) await client.SendAsync(new BunqRequest(HttpMethod.Get, $"user/42/monetary-account/{i}"), default);
        var fourth = client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42/monetary-account/3"), default);
        Assert.False(fourth.IsCompleted);
        Assert.Equal(3, bunq.Requests.Count(r => r.Path.StartsWith("user/42/monetary-account/", StringComparison.Ordinal)));
        time.Advance(TimeSpan.FromSeconds(3));
        await fourth.WaitAsync(Patience);
        Assert.Equal(4, bunq.Requests.Count(r => r.Path.StartsWith("user/42/monetary-account/", StringComparison.Ordinal)));
    }
}
