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
    /// this off removes the protection against a tampering proxy; only do it against a local emulator.
    /// </summary>
    public bool VerifyServerSignature { get; set; } = true;

    /// <summary>bunq's published limits, enforced on this side before sending.</summary>
    public BunqRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>
    /// A limiter to share between clients: bunq counts per IP address, so several contexts in one process
    /// should share one. When null, each client has its own limiter built from <see cref="RateLimits"/>.
    /// </summary>
    public BunqRateLimiter? RateLimiter { get; set; }

    /// <summary>How often a call answered with 429 is sent again before <see cref="BunqTooManyRequestsException"/> is thrown.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first wait after a 429 without <c>Retry-After</c>; doubled on each further attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

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
    /// field, and the <c>bunq.wire.drift</c> counter of the <c>Bunq.Runtime</c> meter counts every one. Called on the
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
    /// A handler that enforces <see cref="PinnedPublicKeys"/> and <see cref="TrustedRootCertificates"/> on every TLS
    /// connection; with neither set, it is an ordinary <see cref="SocketsHttpHandler"/> with the system's validation.
    /// </summary>
    public HttpMessageHandler CreateHttpHandler() => BunqTls.CreateHandler(this);

    internal HttpClient CreateHttpClient() => new(CreateHttpHandler(), disposeHandler: true);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(UserAgent)) throw new ArgumentException("UserAgent must not be empty.", nameof(UserAgent));
        if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries cannot be negative.");
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
    public bool Enabled { get; set; } = true;

    public int GetLimit { get; set; } = 3;

    public int PostLimit { get; set; } = 5;

    public int PutLimit { get; set; } = 2;

    public int DeleteLimit { get; set; } = 2;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(3);

    public int SessionServerLimit { get; set; } = 1;

    public TimeSpan SessionServerWindow { get; set; } = TimeSpan.FromSeconds(30);
}
