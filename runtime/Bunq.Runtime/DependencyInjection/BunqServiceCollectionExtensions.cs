using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bunq.Runtime;

/// <summary>What <see cref="BunqServiceCollectionExtensions.AddBunq"/> registers: a context (given, or restored from a store on first use) and client options.</summary>
public sealed class BunqOptions
{
    /// <summary>A ready context; takes precedence over <see cref="ContextStore"/>.</summary>
    public BunqApiContext? Context { get; set; }

    /// <summary>Where the context is restored from on the first call, and where renewed sessions are saved.</summary>
    public IBunqContextStore? ContextStore { get; set; }

    public BunqClientOptions Client { get; set; } = new();
}

public static class BunqServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the runtime takes from <see cref="IHttpClientFactory"/>; configure it with <c>AddHttpClient(BunqServiceCollectionExtensions.HttpClientName)</c>.</summary>
    public const string HttpClientName = "Bunq";

    /// <summary>Registers <see cref="IBunqApiClient"/> as a singleton over a named, factory-managed <see cref="HttpClient"/>.</summary>
    public static IServiceCollection AddBunq(this IServiceCollection services, Action<BunqOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddHttpClient(HttpClientName);
        services.Configure(configure);
        services.TryAddSingleton<BunqApiClient>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<BunqOptions>>().Value;
            var client = options.Client;
            client.ContextStore ??= options.ContextStore;
            client.Logger ??= provider.GetService<ILoggerFactory>()?.CreateLogger("Bunq.Runtime");
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            Func<CancellationToken, Task<BunqApiContext>> context;
            if (options.Context is { } ready)
            {
                var task = Task.FromResult(ready);
                context = _ => task;
            }
            else if (options.ContextStore is { } store)
            {
                var lazy = new Lazy<Task<BunqApiContext>>(() => BunqApiContext.RestoreAsync(store, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
                context = async ct => await lazy.Value.WaitAsync(ct).ConfigureAwait(false);
            }
            else
            {
                throw new InvalidOperationException("AddBunq needs BunqOptions.Context or BunqOptions.ContextStore.");
            }
            return new BunqApiClient(context, () => factory.CreateClient(HttpClientName), client);
        });
        services.TryAddSingleton<IBunqApiClient>(provider => provider.GetRequiredService<BunqApiClient>());
        return services;
    }
}
