using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bunq.Runtime;

/// <summary>Adds <see cref="BunqHealthCheck"/> to ASP.NET Core's health checks.</summary>
public static class BunqHealthChecksBuilderExtensions
{
    /// <summary>Adds <see cref="BunqHealthCheck"/> over the <see cref="BunqApiClient"/> that <c>AddBunq</c> registers.</summary>
    public static IHealthChecksBuilder AddBunq(this IHealthChecksBuilder builder, string name = "bunq", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, static provider => new BunqHealthCheck(provider.GetRequiredService<BunqApiClient>()), HealthStatus.Degraded, tags));
    }
}
