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

    /// <summary>Timeouts, retries, limits and telemetry of the registered client.</summary>
    public BunqClientOptions Client { get; set; } = new();

    /// <summary>
    /// When the <see cref="ContextStore"/> holds no context yet, one is created with these options (on the first call,
    /// once however many calls arrive together) and saved; null means an empty store is an error.
    /// </summary>
    public BunqContextOptions? CreateContext { get; set; }
}

/// <summary>Registers the bunq client, its context and the <c>"Bunq"</c> HTTP client with the runtime's handler.</summary>
public static class BunqServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the runtime takes from <see cref="IHttpClientFactory"/>; configure it with <c>AddHttpClient(BunqServiceCollectionExtensions.HttpClientName)</c>.</summary>
    public const string HttpClientName = "Bunq";

    /// <summary>Registers <see cref="IBunqApiClient"/> as a singleton over a named, factory-managed <see cref="HttpClient"/>.</summary>
    public static IServiceCollection AddBunq(this IServiceCollection services, Action<BunqOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        // The factory's request logging must never show the token or signatures, whatever its default redaction is.
        services.AddHttpClient(HttpClientName)
            // The runtime's handler, so that BunqClientOptions.PinnedPublicKeys and TrustedRootCertificates hold under DI too.
            .ConfigurePrimaryHttpMessageHandler(static provider => provider.GetRequiredService<IOptions<BunqOptions>>().Value.Client.CreateHttpHandler())
            // The runtime's attempt and call timeouts govern; HttpClient's own would cut a payment off mid-flight.
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(static name =>
                name.StartsWith("X-Bunq-", StringComparison.OrdinalIgnoreCase) || name.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
        services.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Http.IHttpMessageHandlerBuilderFilter, BunqHandlerFilter>());
        services.TryAddSingleton(static provider => BunqContextSource.Create(provider));
        services.TryAddSingleton<BunqApiClient>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<BunqOptions>>().Value;
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            // The source first: it gives the options their one rate limiter before the client's transport takes it.
            var source = provider.GetRequiredService<BunqContextSource>();
            return new BunqApiClient(source.GetAsync, () => factory.CreateClient(HttpClientName), options.Client);
        });
        services.TryAddSingleton<IBunqContextAccessor, BunqContextAccessor>();
        services.TryAddSingleton<IBunqApiClient>(provider => provider.GetRequiredService<BunqApiClient>());
        return services;
    }
}

/// <summary>
/// Keeps the answer check closest to the wire on the <c>"Bunq"</c> client whatever else is configured on it: a user's
/// <c>ConfigurePrimaryHttpMessageHandler</c> gets wrapped (and its redirects switched off where the type allows), so
/// handlers added with <c>AddHttpMessageHandler</c> or <c>AddStandardResilienceHandler</c> sit above the check and only
/// ever see answers whose signature holds, and never a POST/PUT failure they could re-send.
/// </summary>
internal sealed class BunqHandlerFilter : Microsoft.Extensions.Http.IHttpMessageHandlerBuilderFilter
{
    public Action<Microsoft.Extensions.Http.HttpMessageHandlerBuilder> Configure(Action<Microsoft.Extensions.Http.HttpMessageHandlerBuilder> next)
        => builder =>
        {
            next(builder);
            if (builder.Name != BunqServiceCollectionExtensions.HttpClientName || builder.PrimaryHandler is BunqWireHandler) return;
            switch (builder.PrimaryHandler)
            {
                case SocketsHttpHandler sockets: sockets.AllowAutoRedirect = false; break;
                case HttpClientHandler client: client.AllowAutoRedirect = false; break;
            }
            builder.PrimaryHandler = new BunqWireHandler(builder.PrimaryHandler);
        };
}

/// <summary>
/// Restores the context once, on first use, or creates (and saves) it when the store is empty and creation options are
/// given; concurrent first calls share one restore or creation. A failure is tried again on the next call instead of
/// being cached.
/// </summary>
internal sealed class StoreContextLoader
{
    private readonly IBunqContextStore _store;
    private readonly Func<CancellationToken, Task<BunqApiContext>>? _create;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BunqApiContext? _context;

    public StoreContextLoader(IBunqContextStore store, Func<CancellationToken, Task<BunqApiContext>>? create = null)
    {
        _store = store;
        _create = create;
    }

    public async Task<BunqApiContext> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _context) is { } ready) return ready;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_context is null)
            {
                var loaded = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
                if (loaded is null)
                {
                    if (_create is null) throw new BunqContextStoreException(BunqContextStoreError.NotFound, "The store holds no API context.");
                    loaded = await _create(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await _store.SaveAsync(loaded, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        // Not kept, so nobody else would ever dispose its keys.
                        loaded.Dispose();
                        throw;
                    }
                }
                Volatile.Write(ref _context, loaded);
            }
            return _context!;
        }
        finally
        {
            _gate.Release();
        }
    }
}
