using Bunq.Runtime.Wire;
using Microsoft.Extensions.Logging;

namespace Bunq.Runtime;

/// <summary>How the runtime talks to bunq: headers, signature checks, rate limits, retries and sessions.</summary>
public sealed class BunqClientOptions
{
    /// <summary>bunq puts no restriction on it; it shows in bunq's logs, so name your app.</summary>
    public string UserAgent { get; set; } = "Bunq.CodeGen/0.1";

    /// <summary><c>X-Bunq-Language</c>: <c>en_US</c> or <c>nl_NL</c>; the language of translated error descriptions.</summary>
    public string Language { get; set; } = "en_US";

    /// <summary><c>X-Bunq-Region</c>.</summary>
    public string Region { get; set; } = "nl_NL";

    /// <summary><c>X-Bunq-Geolocation</c>: "longitude latitude altitude radius country"; all zeroes when unknown.</summary>
    public string Geolocation { get; set; } = "0 0 0 0 000";

    /// <summary>
    /// Check <c>X-Bunq-Server-Signature</c> on every answer against the installation's server key. Switching
    /// this off removes the protection against a tampering proxy, so it is refused (<see cref="InvalidOperationException"/>
    /// on the first call) unless the base URL is a loopback address: a local emulator.
    /// </summary>
    public bool VerifyServerSignature { get; set; } = true;

    /// <summary>bunq's published limits, enforced on this side before sending.</summary>
    public BunqRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>
    /// A limiter to share between clients: bunq counts per IP address, so several contexts in one process should
    /// share one <see cref="BunqRateLimiter"/>, and several processes behind one IP the Redis limiter of
    /// Bunq.Runtime.Redis. The runtime disposes each lease when the call's answer has arrived. When null, each client
    /// has its own <see cref="BunqRateLimiter"/> built from <see cref="RateLimits"/>.
    /// </summary>
    public System.Threading.RateLimiting.PartitionedRateLimiter<BunqEndpoint>? RateLimiter { get; set; }

    /// <summary>
    /// How often one call is sent again: after a 429 (any method; bunq did not execute it), and for GET and DELETE
    /// after a network failure, a timeout or a signed 5xx. A POST or PUT is re-sent only when bunq provably did not
    /// execute it (429, a connection that never opened, a session bunq says is gone); always with the same request id.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first wait before a retry when bunq sent no <c>Retry-After</c>; doubled on each further attempt, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest one attempt may wait for its whole answer; a POST/PUT that runs out after its body left is <see cref="BunqAmbiguousResultException"/>.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest one call may take, its retries and waits included; per call: <see cref="BunqCallOptions.Timeout"/>.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The largest JSON answer read; a larger one is refused (<see cref="BunqResponseTooLargeException"/>) as soon as it passes the limit.</summary>
    public long MaxJsonResponseBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The largest binary answer (attachment content, exports) read.</summary>
    public long MaxBinaryResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>No wait after a 429 is longer than this, whatever <c>Retry-After</c> says.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A session with less time left than this is replaced before the next call.</summary>
    public TimeSpan SessionRenewalMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Assumed session lifetime when the session-server answer carries no <c>session_timeout</c> (PSD2's first session lasts one hour).</summary>
    public TimeSpan DefaultSessionTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Where a renewed session is saved, so a restart does not open yet another session.</summary>
    public IBunqContextStore? ContextStore { get; set; }

    /// <summary>The clock for session expiry, rate limits and retry waits.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Called for every difference between an answer and bunq's spec that the reader tolerated (an unknown field, an
    /// aliased key, a fraction in an integer, …); see docs/wire-drift.md. The logger warns once per operation, kind and
    /// field, and the <c>bunq.client.wire_drift</c> counter of the <c>Bunq.Runtime</c> meter counts every one. Called on the
    /// thread that reads the answer; keep it quick and do not throw.
    /// </summary>
    public Action<Json.BunqDriftEvent>? OnWireDrift { get; set; }

    /// <summary>Receives one line per call (method, path, status, ids, duration); never keys, tokens, signatures or bodies.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>
    /// Optional certificate pinning, as bunq recommends: base64 SHA-256 hashes of the DER SubjectPublicKeyInfo of
    /// certificates bunq's server presents (<c>openssl x509 -pubkey -noout | openssl pkey -pubin -outform der |
    /// openssl dgst -sha256 -binary | base64</c>). When set, a TLS connection is accepted only if its chain validates
    /// and holds a certificate with one of these keys; pin a backup key too, or a certificate rotation locks you out.
    /// Enforced by the handler of <see cref="CreateHttpHandler"/>, which the runtime uses for the HTTP clients it makes;
    /// pass your own <c>HttpClient</c> only when it is built over that handler.
    /// </summary>
    public IList<string> PinnedPublicKeys { get; set; } = new List<string>();

    /// <summary>
    /// Roots to validate the server's chain against instead of the system's (a private deployment, or an emulator
    /// with its own certificate). Empty: the system's trusted roots.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection TrustedRootCertificates { get; set; } = new();

    /// <summary>
    /// The handler to build any HTTP client for the runtime over: it follows no redirects, enforces
    /// <see cref="PinnedPublicKeys"/> and <see cref="TrustedRootCertificates"/> on every TLS connection, and checks every
    /// answer (signature, size, status) before any handler above it sees it.
    /// </summary>
    public HttpMessageHandler CreateHttpHandler() => new BunqWireHandler(BunqTls.CreateHandler(this));

    // The runtime's own timeouts apply; HttpClient's 100 s default would cut across them.
    internal HttpClient CreateHttpClient() => new(CreateHttpHandler(), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    /// <summary>Refuses an unverified connection to anything but this machine.</summary>
    internal void ValidateFor(BunqEnvironment environment)
    {
        if (!VerifyServerSignature && !environment.BaseUrl.IsLoopback)
        {
            throw new InvalidOperationException(
                $"VerifyServerSignature = false is allowed only for a loopback base URL (a local emulator), not for {environment.Name} ({environment.BaseUrl.Host}): without it a tampering proxy goes unnoticed.");
        }
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(UserAgent)) throw new ArgumentException("UserAgent must not be empty.", nameof(UserAgent));
        if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries cannot be negative.");
        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromHours(1)) throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), RetryBaseDelay, "RetryBaseDelay must be between 0 and 1 hour.");
        if (MaxRetryDelay < RetryBaseDelay) throw new ArgumentOutOfRangeException(nameof(MaxRetryDelay), MaxRetryDelay, "MaxRetryDelay cannot be shorter than RetryBaseDelay.");
        if (AttemptTimeout <= TimeSpan.Zero && AttemptTimeout != System.Threading.Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "AttemptTimeout must be positive (or infinite).");
        if (CallTimeout <= TimeSpan.Zero && CallTimeout != System.Threading.Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(nameof(CallTimeout), CallTimeout, "CallTimeout must be positive (or infinite).");
        if (MaxJsonResponseBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxJsonResponseBytes), MaxJsonResponseBytes, "MaxJsonResponseBytes must be positive.");
        if (MaxBinaryResponseBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxBinaryResponseBytes), MaxBinaryResponseBytes, "MaxBinaryResponseBytes must be positive.");
        ArgumentNullException.ThrowIfNull(RateLimits);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(PinnedPublicKeys);
        foreach (var pin in PinnedPublicKeys)
        {
            if (!BunqTls.IsPin(pin)) throw new ArgumentException("Each pinned public key must be the base64 SHA-256 (32 bytes) of a SubjectPublicKeyInfo.", nameof(PinnedPublicKeys));
        }
    }
}

/// <summary>
/// bunq's limits per IP address and endpoint: GET 3, POST 5, PUT 2 within any 3 seconds; <c>/session-server</c>
/// 1 within 30 seconds. bunq publishes none for DELETE; the PUT limit is assumed.
/// </summary>
public sealed class BunqRateLimitOptions
{
    /// <summary>False turns the limiter off, e.g. behind a shared limiter of your own; bunq then answers 429 when a limit is hit.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>GET requests per endpoint and <see cref="Window"/> (bunq: 3 per 3 seconds).</summary>
    public int GetLimit { get; set; } = BunqWireFacts.GetLimit;

    /// <summary>POST requests per endpoint and <see cref="Window"/> (bunq: 5 per 3 seconds).</summary>
    public int PostLimit { get; set; } = BunqWireFacts.PostLimit;

    /// <summary>PUT requests per endpoint and <see cref="Window"/> (bunq: 2 per 3 seconds).</summary>
    public int PutLimit { get; set; } = BunqWireFacts.PutLimit;

    /// <summary>DELETE requests per endpoint and <see cref="Window"/>; bunq documents none, 2 per 3 seconds is the PUT budget.</summary>
    public int DeleteLimit { get; set; } = BunqWireFacts.PutLimit;

    /// <summary>The sliding window of the per-method limits.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(BunqWireFacts.RateLimitWindowSeconds);

    /// <summary><c>POST /session-server</c> calls per <see cref="SessionServerWindow"/> (bunq: 1 per 30 seconds).</summary>
    public int SessionServerLimit { get; set; } = BunqWireFacts.SessionServerLimit;

    /// <summary>The window of <see cref="SessionServerLimit"/>.</summary>
    public TimeSpan SessionServerWindow { get; set; } = TimeSpan.FromSeconds(BunqWireFacts.SessionServerWindowSeconds);

    /// <summary>The rule for one endpoint: how many calls within which window; a limit of 0 means none.</summary>
    public (int Limit, TimeSpan Window) LimitFor(BunqEndpoint endpoint)
    {
        if (endpoint.IsSessionServer) return (SessionServerLimit, SessionServerWindow);
        var limit = endpoint.Method switch
        {
            "GET" => GetLimit,
            "POST" => PostLimit,
            "PUT" => PutLimit,
            "DELETE" => DeleteLimit,
            _ => 0,
        };
        return (limit, Window);
    }
}
