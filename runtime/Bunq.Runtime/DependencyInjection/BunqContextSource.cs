using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bunq.Runtime;

/// <summary>The one context of a service provider: given, or restored from (or created into) the store on first use.</summary>
internal sealed class BunqContextSource
{
    private readonly Func<CancellationToken, Task<BunqApiContext>> _get;

    private BunqContextSource(Func<CancellationToken, Task<BunqApiContext>> get) => _get = get;

    public Task<BunqApiContext> GetAsync(CancellationToken cancellationToken) => _get(cancellationToken);

    /// <summary>The context if it has been restored or created already, without causing it.</summary>
    public BunqApiContext? Current { get; private set; }

    public static BunqContextSource Create(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<BunqOptions>>().Value;
        var client = options.Client;
        client.ContextStore ??= options.ContextStore;
        client.Logger ??= provider.GetService<ILoggerFactory>()?.CreateLogger("Bunq.Runtime");
        // One limiter for the provider: the context's creation (installation, device, session) and the client's
        // calls count against the same budget, as bunq counts them.
        client.RateLimiter ??= new BunqRateLimiter(client.RateLimits, client.TimeProvider);
        BunqContextSource? source = null;
        if (options.Context is { } ready)
        {
            var task = Task.FromResult(ready);
            source = new BunqContextSource(_ => task) { Current = ready };
            return source;
        }
        if (options.ContextStore is not { } store)
        {
            throw new InvalidOperationException("AddBunq needs BunqOptions.Context or BunqOptions.ContextStore (or a configuration section with a ContextFile).");
        }
        Func<CancellationToken, Task<BunqApiContext>>? create = null;
        if (options.CreateContext is { } creation)
        {
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            create = async cancellationToken =>
            {
                // The factory's client, so that the handler (pins, trusted roots) and any test handler apply here too.
                using var http = factory.CreateClient(BunqServiceCollectionExtensions.HttpClientName);
                creation.HttpClient = http;
                creation.ClientOptions = client;
                try
                {
                    return await BunqApiContext.CreateAsync(creation, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    creation.HttpClient = null;
                }
            };
        }
        var loader = new StoreContextLoader(store, create);
        source = new BunqContextSource(async cancellationToken =>
        {
            var context = await loader.GetAsync(cancellationToken).ConfigureAwait(false);
            source!.Current = context;
            return context;
        });
        return source;
    }
}
