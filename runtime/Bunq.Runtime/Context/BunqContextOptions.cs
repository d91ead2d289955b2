using System.Security.Cryptography.X509Certificates;

namespace Bunq.Runtime;

/// <summary>What <see cref="BunqApiContext.CreateAsync(BunqContextOptions, CancellationToken)"/> needs to register a device and open a session.</summary>
[System.Diagnostics.DebuggerDisplay("{ToString(),nq}")]
public sealed class BunqContextOptions
{
    /// <summary>
    /// An API key from the bunq app, a sandbox key, or an OAuth access token (which works as an API key). Never
    /// serialised, shown by the debugger or by <see cref="ToString"/>: options objects end up in logs and config dumps.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [System.Runtime.Serialization.IgnoreDataMember]
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    public string ApiKey { get; set; } = "";

    /// <summary>Where the context is created: <see cref="BunqEnvironment.Sandbox"/> unless set.</summary>
    public BunqEnvironment Environment { get; set; } = BunqEnvironment.Sandbox;

    /// <summary>The device-server description; shows in the bunq app's list of devices.</summary>
    public string Description { get; set; } = "Bunq.CodeGen";

    /// <summary>
    /// IPs the device may call from. Empty binds the key to the calling IP; <c>"*"</c> (with the current IP)
    /// turns a key into a wildcard key.
    /// </summary>
    public IList<string> PermittedIps { get; set; } = new List<string>();

    /// <summary>The HTTP client for the creation calls; a new one is made (and disposed) when null.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>A pre-generated 2048-bit installation key pair to use instead of a new one; the context keeps its own copy.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    public System.Security.Cryptography.RSA? ClientKey { get; set; }

    /// <summary>Headers, logging, clock and limits for the creation calls.</summary>
    public BunqClientOptions ClientOptions { get; set; } = new();

    /// <summary>Never shows the API key or the client key.</summary>
    public override string ToString() => $"BunqContextOptions({Environment.Name}, \"{Description}\", API key {(string.IsNullOrEmpty(ApiKey) ? "not set" : "set")})";
}

/// <summary>
/// What <see cref="BunqApiContext.CreatePsd2Async"/> needs: a PSD2 (QSEAL, or a pseudo certificate in the sandbox)
/// certificate with its RSA private key, and its chain. bunq answers with an API key that opens the session.
/// </summary>
[System.Diagnostics.DebuggerDisplay("{ToString(),nq}")]
public sealed class BunqPsd2ContextOptions
{
    /// <summary>The certificate; must carry its RSA private key, which signs the installation's public key.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    public X509Certificate2? Certificate { get; set; }

    /// <summary>The intermediate and root certificates; for a self-signed sandbox certificate, the certificate itself.</summary>
    public X509Certificate2Collection CertificateChain { get; set; } = new();

    /// <summary>Where the context is created: <see cref="BunqEnvironment.Sandbox"/> unless set.</summary>
    public BunqEnvironment Environment { get; set; } = BunqEnvironment.Sandbox;

    /// <summary>The device description bunq shows in the app's list of connected devices.</summary>
    public string Description { get; set; } = "Bunq.CodeGen PSD2";

    /// <summary>The IP addresses the registration allows (<c>permitted_ips</c>); empty allows only the address that registers.</summary>
    public IList<string> PermittedIps { get; set; } = new List<string>();

    /// <summary>The HTTP client for the setup calls; build it over <see cref="BunqClientOptions.CreateHttpHandler"/>. Null: the context creates its own.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>A pre-generated 2048-bit installation key pair to use instead of a new one; the context keeps its own copy.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    public System.Security.Cryptography.RSA? ClientKey { get; set; }

    /// <summary>Timeouts, retries, limits and telemetry for the calls the context makes.</summary>
    public BunqClientOptions ClientOptions { get; set; } = new();

    /// <summary>Never shows the certificate's key or the client key.</summary>
    public override string ToString() => $"BunqPsd2ContextOptions({Environment.Name}, \"{Description}\", certificate {Certificate?.Subject ?? "not set"})";
}
