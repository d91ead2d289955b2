using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bunq.Runtime;

/// <summary>
/// The runtime's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>: subscribe
/// with OpenTelemetry's <c>AddSource("Bunq.Runtime")</c> and <c>AddMeter("Bunq.Runtime")</c> (docs/observability.md).
/// Span names and tags carry endpoint templates (<c>user/{id}/monetary-account/{id}/payment</c>), never ids, tokens,
/// keys or bodies. Without a listener nothing is allocated: <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and unheard instruments are skipped.
/// </summary>
public static class BunqTelemetry
{
    /// <summary>The name of the runtime's <see cref="ActivitySource"/> and <see cref="Meter"/>: pass it to <c>AddSource</c> and <c>AddMeter</c>.</summary>
    public const string Name = "Bunq.Runtime";

    private static readonly string? Version = typeof(BunqTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>The source of the runtime's activities, one per call sent to bunq.</summary>
    public static readonly ActivitySource ActivitySource = new(Name, Version);

    /// <summary>The runtime's metrics: calls, durations, retries, limiter waits and drift (docs/observability.md).</summary>
    public static readonly Meter Meter = new(Name, Version);

    /// <summary>One call, its retries and limiter waits included; tagged with method, endpoint template and status.</summary>
    internal static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "bunq.client.request.duration", "s", "Duration of a call to bunq, retries and rate-limit waits included.");

    /// <summary>Every 429 bunq sent, including those a retry then got past: the sign that the fleet's budget is not shared.</summary>
    internal static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "bunq.client.throttled", "{response}", "429 Too Many Requests answers received from bunq.");

    internal static readonly Histogram<double> LimiterWait = Meter.CreateHistogram<double>(
        "bunq.client.limiter.wait", "s", "Time an attempt waited for the client-side rate limiter (bunq's per-IP budget).");

    /// <summary>Session-server calls this process made (first sessions and renewals); a fleet should make one per user and expiry.</summary>
    internal static readonly Counter<long> SessionRenewals = Meter.CreateCounter<long>(
        "bunq.client.session.renewals", "{session}", "Sessions opened with POST /session-server.");

    /// <summary>Answers discarded because X-Bunq-Server-Signature was missing or did not match.</summary>
    internal static readonly Counter<long> SignatureFailures = Meter.CreateCounter<long>(
        "bunq.client.signature.failures", "{response}", "Answers whose server signature was missing or wrong.");

    /// <summary>The name of <see cref="WireDrift"/>.</summary>
    public const string WireDriftName = "bunq.client.wire_drift";

    /// <summary>
    /// Differences between bunq's answers and the spec the client was generated from that the reader tolerated, tagged
    /// with operation, kind and field (docs/wire-drift.md); <see cref="Json.BunqDriftReporter"/> counts into it.
    /// </summary>
    public static readonly Counter<long> WireDrift = Meter.CreateCounter<long>(
        WireDriftName, "{event}", "Differences between bunq's answers and its spec that the reader tolerated.");

    internal const string TagMethod = "http.request.method";
    internal const string TagEndpoint = "url.template";
    internal const string TagStatus = "http.response.status_code";
    internal const string TagOperation = "bunq.operation";
    internal const string TagRequestId = "bunq.request_id";
    internal const string TagResponseId = "bunq.response_id";
    internal const string TagRetries = "bunq.retries";
    internal const string TagLimiterWait = "bunq.limiter.wait_ms";
    internal const string TagErrorType = "error.type";
}
