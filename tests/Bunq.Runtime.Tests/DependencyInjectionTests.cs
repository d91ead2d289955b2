using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunq.Runtime.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task Registering_bunq_restores_the_context_from_the_store_and_calls_through_the_factory_client()
    {
        var bunq = new FakeBunq();
        var store = new BunqMemoryContextStore();
        using (var created = await Fixtures.CreateContextAsync(bunq)) await store.SaveAsync(created);
        bunq.Route = r => bunq.IsSessionValid(r) ? StubAnswer.Ok("""{"Response":[{"Id":{"id":5}}]}""") : StubAnswer.Error(401, "Insufficient authorisation.", "x");

        var services = new ServiceCollection();
        services.AddBunq(options =>
        {
            options.ContextStore = store;
            options.Client.RateLimits.Enabled = false;
            options.Client.UserAgent = "di-test/1";
        });
        services.AddHttpClient(BunqServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => bunq);
        await using var provider = services.BuildServiceProvider();

        var api = provider.GetRequiredService<IBunqApiClient>();
        Assert.Same(api, provider.GetRequiredService<IBunqApiClient>());
        var response = await api.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default);

        Assert.Equal(5, Json.BunqEnvelope.ReadId(response));
        Assert.Equal("di-test/1", bunq.RequestsTo("user/42").Single().Header("User-Agent"));
    }

    [Fact]
    public async Task Registering_bunq_creates_the_context_under_the_same_rate_limiter_as_its_calls()
    {
        var bunq = new FakeBunq();
        bunq.Route = r => bunq.IsSessionValid(r) ? StubAnswer.Ok("""{"Response":[{"Id":{"id":5}}]}""") : StubAnswer.Error(401, "Insufficient authorisation.", "x");
        var services = new ServiceCollection();
        services.AddBunq(options =>
        {
            options.ContextStore = new BunqMemoryContextStore();
            options.CreateContext = new BunqContextOptions { ApiKey = Fixtures.ApiKey, Environment = BunqEnvironment.Custom("http://127.0.0.1:5099/v1"), ClientKey = TestKeys.Client };
            options.Client.RetryBaseDelay = TimeSpan.Zero;
        });
        services.AddHttpClient(BunqServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => bunq);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<BunqOptions>>().Value.Client;

        var api = provider.GetRequiredService<IBunqApiClient>();
        await api.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default);

        // Set before either transport was built: creation and calls take the one instance, not one limiter each.
        Assert.IsType<BunqRateLimiter>(client.RateLimiter);
        Assert.Single(bunq.RequestsTo("session-server"));
    }

    [Fact]
    public void Registering_bunq_without_a_context_or_a_store_fails_when_resolved()
    {
        var services = new ServiceCollection();
        services.AddBunq(_ => { });
        using var provider = services.BuildServiceProvider();
        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IBunqApiClient>());
    }
}

public sealed class StoreContextLoaderTests
{
    [Fact]
    public async Task A_failed_restore_is_retried_and_a_successful_one_is_kept()
    {
        var store = new FlakyStore(new BunqMemoryContextStore());
        using (var created = await Fixtures.CreateContextAsync(new FakeBunq())) await store.Inner.SaveAsync(created);
        var loader = new StoreContextLoader(store);

        await Assert.ThrowsAsync<BunqContextStoreException>(() => loader.GetAsync(default));
        var first = await loader.GetAsync(default);
        var second = await loader.GetAsync(default);

        Assert.Same(first, second);
        Assert.Equal(2, store.Loads);
        first.Dispose();
    }

    [Fact]
    public async Task A_created_context_that_cannot_be_saved_is_disposed()
    {
        BunqApiContext? created = null;
        var loader = new StoreContextLoader(new FailingSaveStore(), async ct => created = await Fixtures.CreateContextAsync(new FakeBunq()));

        await Assert.ThrowsAsync<BunqContextStoreException>(() => loader.GetAsync(default));

        Assert.NotNull(created);
        // Its RSA key is gone: nothing holds the context, so nothing else would ever free it.
        Assert.Throws<ObjectDisposedException>(() => created!.ClientKey.ExportParameters(false));
    }

    private sealed class FailingSaveStore : IBunqContextStore
    {
        public Task SaveAsync(BunqApiContext context, CancellationToken cancellationToken = default)
            => throw new BunqContextStoreException(BunqContextStoreError.Io, "disk full");

        public Task<BunqApiContext?> LoadAsync(CancellationToken cancellationToken = default) => Task.FromResult<BunqApiContext?>(null);
    }

    private sealed class FlakyStore(BunqMemoryContextStore inner) : IBunqContextStore
    {
        public BunqMemoryContextStore Inner => inner;

        public int Loads { get; private set; }

        public Task SaveAsync(BunqApiContext context, CancellationToken cancellationToken = default) => inner.SaveAsync(context, cancellationToken);

        public Task<BunqApiContext?> LoadAsync(CancellationToken cancellationToken = default)
        {
            Loads++;
            if (Loads == 1) throw new BunqContextStoreException(BunqContextStoreError.Io, "disk not mounted yet");
            return inner.LoadAsync(cancellationToken);
        }
    }
}

public sealed class FactoryLoggingTests
{
    [Fact]
    public async Task The_http_client_factorys_trace_logging_does_not_see_tokens_or_signatures()
    {
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq);
        bunq.Route = _ => StubAnswer.Ok("""{"Response":[{"Id":{"id":5}}]}""");
        var logger = new CapturingLogger();

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace).AddProvider(new Provider(logger)));
        services.AddBunq(o =>
        {
            o.Context = context;
            o.Client.RateLimits.Enabled = false;
        });
        services.AddHttpClient(BunqServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => bunq);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IBunqApiClient>().SendAsync(new BunqRequest(HttpMethod.Post, "user/42/payment") { Body = "{}"u8.ToArray() }, default);

        var call = bunq.RequestsTo("user/42/payment").Single();
        var text = string.Join("\n", logger.Lines);
        Assert.Contains("X-Bunq-Client-Authentication", text);
        Assert.DoesNotContain(context.Session!.Token, text);
        Assert.DoesNotContain(call.Header("X-Bunq-Client-Signature")!, text);
    }

    private sealed class Provider(CapturingLogger logger) : Microsoft.Extensions.Logging.ILoggerProvider
    {
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
