using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bunq.Runtime;

/// <summary>What a client knows of its own health: its session, and the last call that succeeded and the last that failed.</summary>
public sealed record BunqHealthSnapshot(
    bool ContextLoaded,
    DateTimeOffset? SessionExpiresAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string? LastFailure,
    int? LastFailureStatus);

/// <summary>The last outcomes of the calls of one transport; cheap enough to update on every call.</summary>
internal sealed class BunqHealthRecorder
{
    private readonly object _gate = new();
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastFailureAt;
    private string? _lastFailure;
    private int? _lastFailureStatus;

    public void Success(DateTimeOffset now)
    {
        lock (_gate) _lastSuccess = now;
    }

    public void Failure(DateTimeOffset now, Exception failure)
    {
        // The type and status only: what failed, never a message that might quote an answer.
        var status = failure switch
        {
            BunqApiException api => api.StatusCode,
            BunqSignatureException signature => signature.StatusCode,
            _ => (int?)null,
        };
        lock (_gate)
        {
            _lastFailureAt = now;
            _lastFailure = failure.GetType().Name;
            _lastFailureStatus = status;
        }
    }

    public BunqHealthSnapshot Snapshot(BunqApiContext? context)
    {
        lock (_gate) return new BunqHealthSnapshot(context is not null, context?.SessionExpiresAt, _lastSuccess, _lastFailureAt, _lastFailure, _lastFailureStatus);
    }
}

/// <summary>
/// A health check over a <see cref="BunqApiClient"/>: unhealthy when its session has run out (and could not be
/// renewed: the client renews ahead of expiry on every call), degraded when the last call failed, healthy otherwise.
/// Its data shows the session's expiry and the last failure's type and status; never a token or a message.
/// Register with <c>services.AddHealthChecks().AddBunq()</c>.
/// </summary>
public sealed class BunqHealthCheck : IHealthCheck
{
    private readonly BunqApiClient _client;
    private readonly TimeProvider _time;

    /// <summary>A check that reports the health of <paramref name="client"/> (its session's expiry, its last successful call) to health probes.</summary>
    public BunqHealthCheck(BunqApiClient client, TimeProvider? timeProvider = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = _client.GetHealth();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        if (health.SessionExpiresAt is { } expires) data["sessionExpiresAt"] = expires;
        if (health.LastSuccessAt is { } success) data["lastSuccessAt"] = success;
        if (health.LastFailureAt is { } failedAt) data["lastFailureAt"] = failedAt;
        if (health.LastFailure is { } failure) data["lastFailure"] = failure;
        if (health.LastFailureStatus is { } status) data["lastFailureStatus"] = status;
        var now = _time.GetUtcNow();
        HealthCheckResult result;
        if (health.ContextLoaded && (health.SessionExpiresAt is null || health.SessionExpiresAt <= now))
        {
            result = HealthCheckResult.Unhealthy("The bunq session has run out and no call has renewed it.", data: data);
        }
        else if (health.LastFailureAt is { } at && (health.LastSuccessAt is not { } ok || at > ok))
        {
            result = HealthCheckResult.Degraded(
                $"The last bunq call failed ({health.LastFailure}{(health.LastFailureStatus is { } s ? " " + s : "")}).", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy(health.ContextLoaded ? "bunq session valid." : "No bunq call yet.", data);
        }
        return Task.FromResult(result);
    }
}
