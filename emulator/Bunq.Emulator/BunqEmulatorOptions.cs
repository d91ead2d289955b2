using Bunq.Runtime.Wire;
using Microsoft.Extensions.Logging;

namespace Bunq.Emulator;

/// <summary>How to start a <see cref="BunqEmulator"/>.</summary>
public sealed class BunqEmulatorOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one (see <see cref="BunqEmulator.BaseUrl"/>).</summary>
    public int Port { get; set; }

    /// <summary>An OpenAPI document of bunq's API; null serves the spec embedded in this assembly.</summary>
    public string? SpecPath { get; set; }

    /// <summary>Seeds the generator of ids, keys, tokens and IBANs so that runs can be repeated.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Enforce bunq's rate limits (429). On by default, like bunq.</summary>
    public bool RateLimits { get; set; } = true;

    /// <summary>The limits enforced when <see cref="RateLimits"/> is on.</summary>
    public BunqEmulatorRateLimits RateLimit { get; set; } = new();

    /// <summary>Gets one line per request: method, path, status, response id. Never keys, tokens or signatures.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>The clock for timestamps, session expiry and rate limits; tests may pass their own.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>
    /// The server's RSA private key (PKCS#8 or PKCS#1 PEM), for a server key that stays the same across
    /// runs; null generates a fresh 2048-bit key.
    /// </summary>
    public string? ServerPrivateKeyPem { get; set; }

    /// <summary>
    /// Serve HTTPS with this certificate (which must carry its private key) instead of plain HTTP, to test TLS and
    /// certificate pinning against the emulator; <see cref="BunqEmulator.BaseUrl"/> then starts with <c>https://</c>.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; set; }

    /// <summary>
    /// A file to keep the server key and all state in (read at start when it exists, written after every request),
    /// so a client's saved API context survives a restart. Takes precedence over <see cref="ServerPrivateKeyPem"/>
    /// once the file exists. Null: everything lives in memory only.
    /// </summary>
    public string? StatePath { get; set; }

    /// <summary>
    /// How often each callback is POSTed (same body, same signature). bunq resends a callback it saw fail or time out,
    /// up to 5 more times; 2 or more lets a receiver test that it drops the resends.
    /// </summary>
    public int CallbackDeliveries { get; set; } = 1;

    /// <summary>
    /// Send drifted answers, to see the client's drift report (docs/wire-drift.md): every object of a JSON answer's
    /// <c>Response</c> elements carries an extra field, <c>emulator_drift_probe</c>, that bunq's spec does not declare.
    /// </summary>
    public bool Drift { get; set; }

    /// <summary>The balance every new sandbox user's MonetaryAccountBank starts with.</summary>
    public decimal StartingBalance { get; set; } = 500m;
}

/// <summary>bunq's limits per IP address and endpoint (its docs, "Rate limits").</summary>
public sealed class BunqEmulatorRateLimits
{
    /// <summary>GET requests allowed per window (bunq: 3 per 3 seconds).</summary>
    public int Get { get; set; } = BunqWireFacts.GetLimit;

    /// <summary>POST requests allowed per window (bunq: 5 per 3 seconds).</summary>
    public int Post { get; set; } = BunqWireFacts.PostLimit;

    /// <summary>PUT requests allowed per window (bunq: 2 per 3 seconds).</summary>
    public int Put { get; set; } = BunqWireFacts.PutLimit;

    /// <summary>bunq documents no DELETE limit; 0 means none.</summary>
    public int Delete { get; set; }

    /// <summary>The sliding window the GET, POST, PUT and DELETE limits count in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(BunqWireFacts.RateLimitWindowSeconds);

    /// <summary><c>POST /session-server</c> calls allowed per <see cref="SessionServerWindow"/> (bunq: 1 per 30 seconds).</summary>
    public int SessionServer { get; set; } = BunqWireFacts.SessionServerLimit;

    /// <summary>The window of <see cref="SessionServer"/>.</summary>
    public TimeSpan SessionServerWindow { get; set; } = TimeSpan.FromSeconds(BunqWireFacts.SessionServerWindowSeconds);
}
