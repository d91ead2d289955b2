using System.Diagnostics;
using Bunq.Robustness.Tests.Support;
using Bunq.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Xunit.Abstractions;

namespace Bunq.Robustness.Tests;

/// <summary>
/// Money moves once: no layer re-sends a POST whose outcome is unknown, whether it is the runtime's own retries or
/// .NET's standard resilience handler a user added to the "Bunq" client; ambiguous outcomes are typed and carry the
/// request id to retry with; the retries that are safe reuse that id. Hostile servers on 127.0.0.1.
/// </summary>
public sealed class RetrySafetyTests(ITestOutputHelper output)
{
    private const string Id = "payment-7f3c-0001";

    /// <summary>The "Bunq" client as docs/runtime.md lets users configure it, with .NET's standard resilience handler added (fast timings).</summary>
    private static ServiceProvider WithStandardResilience(BunqApiContext context, BunqClientOptions options)
    {
        var services = new ServiceCollection();
        services.AddBunq(o =>
        {
            o.Context = context;
            o.Client = options;
        });
        services.AddHttpClient(BunqServiceCollectionExtensions.HttpClientName).AddStandardResilienceHandler(o =>
        {
            o.Retry.Delay = TimeSpan.FromMilliseconds(10);
            o.Retry.MaxRetryAttempts = 3;
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(1);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(2);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
        });
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Control_the_standard_resilience_handler_re_sends_a_POST_after_a_500()
    {
        // Without the runtime's check under it, the handler users add re-sends a payment: what the tests below prevent.
        await using var bunq = await HostileBunq.StartAsync();
        bunq.Route = (context, _) => HostileBunq.ErrorAsync(context, 500, "boom");
        var services = new ServiceCollection();
        services.AddHttpClient("plain").AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.FromMilliseconds(10));
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("plain");
        using var response = await http.PostAsync(bunq.BaseUrl + "/" + HostileBunq.PaymentPath, new StringContent("{}"));
        Assert.True(bunq.Server.Count("POST", "/payment") > 1);
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(502, false)]
    [InlineData(503, false)]
    public async Task A_5xx_to_a_payment_is_never_re_sent_by_a_users_resilience_handler(int status, bool signed)
    {
        await using var bunq = await HostileBunq.StartAsync();
        bunq.Route = (context, _) => HostileBunq.ErrorAsync(context, status, "Something went wrong", signed);
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        await using var provider = WithStandardResilience(context, options);
        var api = provider.GetRequiredService<IBunqApiClient>();

        var ex = await Assert.ThrowsAnyAsync<BunqException>(() => api.SendAsync(HostileBunq.Payment(Id), default));

        Assert.Equal(1, bunq.Server.Count("POST", "/payment"));
        Assert.Equal(Id, ex.RequestId);
        if (signed)
        {
            var ambiguous = Assert.IsType<BunqAmbiguousResultException>(ex);
            Assert.Equal(BunqAmbiguousReason.ServerError, ambiguous.Reason);
            Assert.Equal(status, ambiguous.StatusCode);
            Assert.Equal("POST", ambiguous.Method);
            Assert.Equal("CREATE_Payment", ambiguous.OperationId);
            Assert.Contains(Id, ambiguous.Message, StringComparison.Ordinal);
        }
        else
        {
            // An unsigned 5xx (a proxy's page) is a signature failure, not something to retry; for a payment it says
            // nothing about whether bunq executed it, so the outcome is unknown.
            var ambiguous = Assert.IsType<BunqAmbiguousResultException>(ex);
            Assert.Equal(BunqAmbiguousReason.UnverifiedAnswer, ambiguous.Reason);
            Assert.Equal(status, Assert.IsType<BunqSignatureException>(ambiguous.InnerException).StatusCode);
        }
    }

    [Fact]
    public async Task A_payment_whose_answer_never_comes_is_ambiguous_and_sent_once_under_a_users_resilience_handler()
    {
        await using var bunq = await HostileBunq.StartAsync();
        // Reads the whole payment, then says nothing (the standard handler's 1 s attempt timeout fires first).
        bunq.Route = (context, _) => Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        await using var provider = WithStandardResilience(context, options);
        var api = provider.GetRequiredService<IBunqApiClient>();

        var ex = await Assert.ThrowsAsync<BunqAmbiguousResultException>(() => api.SendAsync(HostileBunq.Payment(Id), default));
        Assert.Equal(BunqAmbiguousReason.Timeout, ex.Reason);
        Assert.Equal(Id, ex.RequestId);
        await Task.Delay(300);
        Assert.Equal(1, bunq.Server.Count("POST", "/payment"));
    }

    [Fact]
    public async Task A_GET_is_still_retried_under_a_users_resilience_handler_and_every_answer_it_sees_is_signed()
    {
        await using var bunq = await HostileBunq.StartAsync();
        var calls = 0;
        bunq.Route = (context, _) => Interlocked.Increment(ref calls) == 1
            ? HostileBunq.ErrorAsync(context, 503, "busy")
            : HostileBunq.AnswerAsync(context, 200, """{"Response":[{"Id":{"id":5}}]}""");
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        await using var provider = WithStandardResilience(context, options);
        var api = provider.GetRequiredService<IBunqApiClient>();

        var response = await api.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default);
        Assert.Equal(5, Bunq.Runtime.Json.BunqEnvelope.ReadId(response));
        Assert.Equal(2, bunq.Server.Count("GET", "/user/42"));
    }

    [Fact]
    public async Task A_handler_that_re_sends_a_POST_itself_is_refused_before_the_second_send()
    {
        await using var bunq = await HostileBunq.StartAsync();
        bunq.Route = (context, _) => HostileBunq.ErrorAsync(context, 400, "no");
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        var services = new ServiceCollection();
        services.AddBunq(o =>
        {
            o.Context = context;
            o.Client = options;
        });
        services.AddHttpClient(BunqServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => new SendTwice());
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<BunqResendRefusedException>(() => provider.GetRequiredService<IBunqApiClient>().SendAsync(HostileBunq.Payment(Id), default));
        Assert.Equal(1, bunq.Server.Count("POST", "/payment"));
    }

    private sealed class SendTwice : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (BunqException)
            {
                // A home-made "retry on any error" handler.
                return await base.SendAsync(request, cancellationToken);
            }
        }
    }

    [Fact]
    public async Task The_runtimes_own_attempt_timeout_makes_a_silent_payment_ambiguous_not_a_bare_cancellation()
    {
        await using var bunq = await HostileBunq.StartAsync();
        bunq.Route = (context, _) => Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
        var options = HostileBunq.Options();
        options.AttemptTimeout = TimeSpan.FromMilliseconds(500);
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<BunqAmbiguousResultException>(() => api.SendAsync(HostileBunq.Payment(Id), default));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(BunqAmbiguousReason.Timeout, ex.Reason);
        Assert.Equal(Id, ex.RequestId);
        Assert.Equal(1, bunq.Server.Count("POST", "/payment"));
    }

    [Fact]
    public async Task A_per_call_timeout_applies_to_that_call()
    {
        await using var bunq = await HostileBunq.StartAsync();
        bunq.Route = (context, _) => Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);

        var clock = Stopwatch.StartNew();
        var request = new BunqRequest(HttpMethod.Get, "user/42") { CallOptions = new BunqCallOptions { Timeout = TimeSpan.FromMilliseconds(400) } };
        var ex = await Assert.ThrowsAsync<BunqTransportException>(() => api.SendAsync(request, default));
        Assert.True(ex.TimedOut);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_caller_cancelling_stays_an_OperationCanceledException()
    {
        await using var bunq = await HostileBunq.StartAsync();
        bunq.Route = (context, _) => Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => api.SendAsync(HostileBunq.Payment(Id), cancel.Token));
    }

    [Fact]
    public async Task A_connection_reset_after_the_payment_was_read_is_ambiguous()
    {
        await using var bunq = await HostileBunq.StartAsync();
        bunq.Route = (context, _) =>
        {
            context.Abort();
            return Task.CompletedTask;
        };
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);

        var ex = await Assert.ThrowsAsync<BunqAmbiguousResultException>(() => api.SendAsync(HostileBunq.Payment(Id), default));
        Assert.Equal(BunqAmbiguousReason.ConnectionLost, ex.Reason);
        Assert.Equal(1, bunq.Server.Count("POST", "/payment"));
    }

    [Fact]
    public async Task A_signed_429_is_retried_with_the_same_request_id()
    {
        await using var bunq = await HostileBunq.StartAsync();
        var calls = 0;
        bunq.Route = (context, _) => Interlocked.Increment(ref calls) == 1
            ? HostileBunq.ErrorAsync(context, 429, "Too many requests")
            : HostileBunq.AnswerAsync(context, 200, """{"Response":[{"Id":{"id":77}}]}""");
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);

        var response = await api.SendAsync(HostileBunq.Payment(Id), default);
        Assert.Equal(77, Bunq.Runtime.Json.BunqEnvelope.ReadId(response));
        var posts = bunq.Server.Seen.Where(s => s.Path.EndsWith("/payment", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal(Id, p.RequestId));
    }

    [Fact]
    public async Task A_payment_after_bunq_says_the_session_is_gone_is_re_sent_once_with_the_same_request_id()
    {
        await using var bunq = await HostileBunq.StartAsync();
        var calls = 0;
        bunq.Route = (context, _) => Interlocked.Increment(ref calls) == 1
            ? HostileBunq.ErrorAsync(context, 401, "Insufficient authorisation.")
            : HostileBunq.AnswerAsync(context, 200, """{"Response":[{"Id":{"id":78}}]}""");
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);

        await api.SendAsync(HostileBunq.Payment(Id), default);
        var posts = bunq.Server.Seen.Where(s => s.Path.EndsWith("/payment", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal(Id, p.RequestId));
        Assert.NotEqual(posts[0].Authentication, posts[1].Authentication);
        Assert.Equal(2, bunq.Sessions);
    }

    [Fact]
    public async Task A_signed_500_to_a_GET_is_retried_with_a_new_request_id()
    {
        await using var bunq = await HostileBunq.StartAsync();
        var calls = 0;
        bunq.Route = (context, _) => Interlocked.Increment(ref calls) == 1
            ? HostileBunq.ErrorAsync(context, 500, "boom")
            : HostileBunq.AnswerAsync(context, 200, """{"Response":[{"Id":{"id":3}}]}""");
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);

        await api.SendAsync(new BunqRequest(HttpMethod.Get, "user/42") { CallOptions = new BunqCallOptions { RequestId = "read-1" } }, default);
        var gets = bunq.Server.Seen.Where(s => s.Path.EndsWith("/user/42", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, gets.Count);
        Assert.Equal("read-1", gets[0].RequestId);
        // bunq may have seen the first: the same id again would only be refused as a duplicate.
        Assert.NotEqual("read-1", gets[1].RequestId);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    public async Task An_unreachable_host_is_a_transport_error_with_the_request_id(string method)
    {
        var bunq = await HostileBunq.StartAsync();
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);
        // bunq goes away: the connection is refused before a byte leaves.
        await bunq.DisposeAsync();
        var request = method == "POST" ? HostileBunq.Payment(Id) : new BunqRequest(HttpMethod.Get, "user/42") { CallOptions = new BunqCallOptions { RequestId = Id } };

        var ex = await Assert.ThrowsAsync<BunqTransportException>(() => api.SendAsync(request, default));
        Assert.False(ex.RequestSent);
        Assert.False(ex.TimedOut);
        Assert.NotNull(ex.RequestId);
        if (method == "POST") Assert.Equal(Id, ex.RequestId);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task Parallel_callers_told_429_come_back_spread_out_not_in_lock_step()
    {
        await using var bunq = await HostileBunq.StartAsync();
        var firsts = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        var retriedAt = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var clock = Stopwatch.StartNew();
        bunq.Route = (context, seen) =>
        {
            if (firsts.TryAdd(seen.RequestId!, true)) return HostileBunq.ErrorAsync(context, 429, "Too many requests");
            retriedAt.Enqueue(clock.ElapsedMilliseconds);
            return HostileBunq.AnswerAsync(context, 200, """{"Response":[{"Id":{"id":1}}]}""");
        };
        var options = HostileBunq.Options();
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(400);
        options.MaxRetryDelay = TimeSpan.FromSeconds(5);
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => api.SendAsync(HostileBunq.Payment("parallel-" + i), default)));
        var times = retriedAt.Order().ToArray();
        output.WriteLine($"12 callers told 429 at once came back over {times[^1] - times[0]} ms: {string.Join(", ", times.Select(t => t - times[0]))}");
        Assert.Equal(12, times.Length);
        // With jitter the retries spread over hundreds of milliseconds; in lock-step they would land within a few.
        Assert.True(times[^1] - times[0] > 100, $"retries landed within {times[^1] - times[0]} ms: {string.Join(",", times)}");
    }
}
