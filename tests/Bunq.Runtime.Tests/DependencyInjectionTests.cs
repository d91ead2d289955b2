using Microsoft.Extensions.DependencyInjection;

namespace Bunq.Runtime.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddBunq_restores_the_context_from_the_store_and_calls_through_the_factory_client()
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
    public void AddBunq_without_a_context_or_store_fails_when_resolved()
    {
        var services = new ServiceCollection();
        services.AddBunq(_ => { });
        using var provider = services.BuildServiceProvider();
        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IBunqApiClient>());
    }
}
