using Bunq.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the callback pipeline: source and signature checks, resend de-duplication and the background dispatch to handlers.</summary>
public static class BunqCallbackServiceCollectionExtensions
{
    /// <summary>
    /// The callback kit: options and handlers, the counters (<see cref="BunqCallbackStats"/>) and the background worker
    /// that runs the handlers. Needs <c>AddBunq</c> (the context's server key checks signatures; the client confirms).
    /// </summary>
    public static IServiceCollection AddBunqCallbacks(this IServiceCollection services, Action<BunqCallbackOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.TryAddSingleton<BunqCallbackStats>();
        services.TryAddSingleton<BunqCallbackEndpoint>();
        services.TryAddSingleton<BunqCallbackConfirmer>();
        services.AddHostedService<BunqCallbackWorker>();
        return services;
    }
}

/// <summary>Maps the endpoint bunq posts its callbacks to.</summary>
public static class BunqCallbackEndpointRouteBuilderExtensions
{
    /// <summary>
    /// <c>POST <paramref name="pattern"/></c>: bunq's callbacks, checked (size, source, signature, shape, resend) and
    /// answered at once; the handlers of <c>AddBunqCallbacks</c> run in the background.
    /// </summary>
    public static IEndpointConventionBuilder MapBunqCallbacks(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var endpoint = endpoints.ServiceProvider.GetService<BunqCallbackEndpoint>()
            ?? throw new InvalidOperationException("MapBunqCallbacks needs services.AddBunqCallbacks(…) (and services.AddBunq(…)).");
        return endpoints.MapPost(pattern, endpoint.HandleAsync).WithDisplayName("bunq callbacks");
    }
}
