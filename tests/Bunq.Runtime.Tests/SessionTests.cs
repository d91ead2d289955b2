using Microsoft.Extensions.Time.Testing;

namespace Bunq.Runtime.Tests;

public sealed class SessionTests
{
    private static StubAnswer UserAnswer(FakeBunq bunq, RecordedRequest r) =>
        bunq.IsSessionValid(r)
            ? StubAnswer.Ok("""{"Response":[{"UserPerson":{"id":42}}]}""")
            : StubAnswer.Error(401, "Insufficient authorisation.", "Onvoldoende autorisatie.");

    [Fact]
    public async Task Twenty_concurrent_callers_on_an_expired_session_open_exactly_one_new_session()
    {
        // The renewal takes a second: long enough that, even on a loaded 2-core CI machine, more than one of the twenty
        // callers reaches the dead session before it is replaced (with 200 ms the pool sometimes ran them one by one).
        var bunq = new FakeBunq { SessionServerDelay = TimeSpan.FromSeconds(1) };
        using var context = await Fixtures.CreateContextAsync(bunq);
        var store = new BunqMemoryContextStore();
        var options = Fixtures.Options();
        options.ContextStore = store;
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), options);
        bunq.Route = r => UserAnswer(bunq, r);
        Assert.Equal(1, bunq.SessionServerCalls);
        bunq.ExpireSession();

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default);
        })).ToArray();
        start.SetResult();
        var answers = await Task.WhenAll(callers);

        Assert.All(answers, a => Assert.Equal(200, a.StatusCode));
        Assert.Equal(2, bunq.SessionServerCalls);
        // Every caller first tried the dead session, so the renewal really was contended.
        Assert.True(bunq.RequestsTo("user/42").Count(r => r.Header("X-Bunq-Client-Authentication") == "session-token-1-c0ffee") >= 2);
        Assert.Equal("session-token-2-c0ffee", context.Session!.Token);
        using var saved = await store.LoadAsync();
        Assert.Equal("session-token-2-c0ffee", saved!.Session!.Token);
    }

    [Fact]
    public async Task A_401_that_is_not_about_the_session_is_not_retried()
    {
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq);
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), Fixtures.Options());
        bunq.Route = _ => StubAnswer.Error(401, "The request signature is invalid.", "x");
        await Assert.ThrowsAsync<BunqUnauthorizedException>(() => client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default));
        Assert.Equal(1, bunq.SessionServerCalls);
        Assert.Single(bunq.RequestsTo("user/42"));
    }

    [Fact]
    public async Task The_retry_after_a_new_session_happens_only_once()
    {
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq);
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), Fixtures.Options());
        bunq.Route = _ => StubAnswer.Error(401, "Insufficient authorisation.", "x");
        await Assert.ThrowsAsync<BunqUnauthorizedException>(() => client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default));
        Assert.Equal(2, bunq.SessionServerCalls);
        Assert.Equal(2, bunq.RequestsTo("user/42").Count());
    }

    [Fact]
    public async Task A_session_is_renewed_ahead_of_expiry_and_extended_by_use()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var bunq = new FakeBunq { SessionTimeoutSeconds = 600 };
        using var context = await Fixtures.CreateContextAsync(bunq, time);
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), Fixtures.Options(time));
        bunq.Route = r => UserAnswer(bunq, r);
        Assert.Equal(time.GetUtcNow().AddSeconds(600), context.SessionExpiresAt);

        time.Advance(TimeSpan.FromSeconds(300));
        await client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default);
        Assert.Equal(1, bunq.SessionServerCalls);
        Assert.Equal(time.GetUtcNow().AddSeconds(600), context.SessionExpiresAt);

        time.Advance(TimeSpan.FromSeconds(580));
        await client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default);
        Assert.Equal(2, bunq.SessionServerCalls);
        Assert.Single(bunq.RequestsTo("user/42"), r => r.Header("X-Bunq-Client-Authentication") == "session-token-2-c0ffee");
    }

    [Fact]
    public async Task Resetting_the_session_opens_a_new_session_and_saves_it()
    {
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq);
        var store = new BunqMemoryContextStore();
        var options = Fixtures.Options();
        options.ContextStore = store;
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), options);
        await client.ResetSessionAsync();
        Assert.Equal(2, bunq.SessionServerCalls);
        using var saved = await store.LoadAsync();
        Assert.Equal(context.Session!.Token, saved!.Session!.Token);
    }

    [Fact]
    public async Task A_restored_context_whose_session_ran_out_gets_a_new_one_on_first_use_and_saves_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var bunq = new FakeBunq();
        var store = new BunqMemoryContextStore();
        using (var created = await Fixtures.CreateContextAsync(bunq, time)) await store.SaveAsync(created);
        time.Advance(TimeSpan.FromDays(2));

        using var restored = await BunqApiContext.RestoreAsync(store);
        var options = Fixtures.Options(time);
        options.ContextStore = store;
        using var client = new BunqApiClient(restored, new HttpClient(bunq, disposeHandler: false), options);
        bunq.Route = r => bunq.IsSessionValid(r) ? StubAnswer.Ok("""{"Response":[{"Id":{"id":1}}]}""") : StubAnswer.Error(401, "Insufficient authorisation.", "x");

        await client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default);

        Assert.Equal(2, bunq.SessionServerCalls);
        Assert.Single(bunq.RequestsTo("user/42"));
        using var saved = await store.LoadAsync();
        Assert.Equal("session-token-2-c0ffee", saved!.Session!.Token);
        Assert.Equal(time.GetUtcNow().AddHours(1), saved.SessionExpiresAt);
    }

    [Fact]
    public async Task A_cancelled_call_is_not_sent()
    {
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq);
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), Fixtures.Options());
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), cts.Token));
        Assert.Empty(bunq.RequestsTo("user/42"));
    }
}
