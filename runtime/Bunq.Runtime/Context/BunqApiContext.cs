using System.Buffers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Bunq.Runtime.Json;
using Bunq.Runtime.Security;
using Bunq.Runtime.Wire;
using Microsoft.Extensions.Logging;

namespace Bunq.Runtime;

/// <summary>
/// Everything a client needs to call bunq as one user: the environment, the API key, the installation
/// (client key pair, installation token, bunq's server key) and the current session. Create it once with
/// <see cref="CreateAsync(BunqContextOptions, CancellationToken)"/>, save it with an <see cref="IBunqContextStore"/>
/// and restore it on later runs: registering a device again for every run is slow and rate limited.
/// Thread-safe; sessions are replaced atomically.
/// </summary>
[System.Diagnostics.DebuggerDisplay("{ToString(),nq}")]
public sealed class BunqApiContext : IDisposable
{
    private readonly SemaphoreSlim _sessionGate = new(1, 1);
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    private BunqSession? _session;

    internal BunqApiContext(
        BunqEnvironment environment,
        string apiKey,
        RSA clientKey,
        string installationToken,
        RSA serverPublicKey,
        string? deviceDescription,
        IReadOnlyList<string> permittedIps,
        BunqSession? session)
    {
        Environment = environment;
        ApiKey = apiKey;
        ClientKey = clientKey;
        ClientPublicKeyPem = BunqSigner.ExportPublicKeyPem(clientKey);
        InstallationToken = installationToken;
        ServerPublicKey = serverPublicKey;
        ServerPublicKeyPem = BunqSigner.ExportPublicKeyPem(serverPublicKey);
        DeviceDescription = deviceDescription;
        PermittedIps = permittedIps;
        _session = session;
    }

    /// <summary>The bunq environment (production, sandbox or a custom base URL) the context was created in.</summary>
    public BunqEnvironment Environment { get; }

    /// <summary>The installation's public key as sent to bunq (SPKI PEM).</summary>
    public string ClientPublicKeyPem { get; }

    /// <summary>bunq's key for this installation (SPKI PEM); answers are verified against it.</summary>
    public string ServerPublicKeyPem { get; }

    /// <summary>The description the device was registered with at bunq (<c>POST /device-server</c>).</summary>
    public string? DeviceDescription { get; }

    /// <summary>The IP addresses the API key may be used from (<c>permitted_ips</c>); empty means only the registering address.</summary>
    public IReadOnlyList<string> PermittedIps { get; }

    /// <summary>The id of the logged-in user (UserPerson, UserCompany, UserApiKey or UserPaymentServiceProvider); the first segment of most paths.</summary>
    public long UserId => _session?.UserId ?? throw new InvalidOperationException("The context has no session.");

    /// <summary>True once a session (<c>POST /session-server</c>) has been opened and not dropped.</summary>
    public bool HasSession => _session is not null;

    /// <summary>When the session runs out unless used; moves forward with every successful call.</summary>
    public DateTimeOffset? SessionExpiresAt => _session?.ExpiresAt;

    /// <summary>The session lifetime bunq gave (the user's auto-logout time).</summary>
    public TimeSpan? SessionTimeout => _session?.Timeout;

    /// <summary>
    /// True when <paramref name="signatureBase64"/> (an <c>X-Bunq-Server-Signature</c>) signs <paramref name="body"/> under
    /// bunq's key for this installation: how a callback proves it comes from bunq. Never throws for bad input.
    /// </summary>
    public bool VerifyServerSignature(ReadOnlySpan<byte> body, string? signatureBase64) => BunqSigner.Verify(ServerPublicKey, body, signatureBase64);

    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    internal string ApiKey { get; }

    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    internal RSA ClientKey { get; }

    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    internal string InstallationToken { get; }

    internal RSA ServerPublicKey { get; }

    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    internal BunqSession? Session => Volatile.Read(ref _session);

    /// <summary>Registers an installation, a device and a session for an API key (or OAuth access token).</summary>
    public static async Task<BunqApiContext> CreateAsync(BunqContextOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ApiKey, nameof(options.ApiKey));
        ArgumentNullException.ThrowIfNull(options.Environment);
        var ownsHttp = options.HttpClient is null;
        var http = options.HttpClient ?? options.ClientOptions.CreateHttpClient();
        try
        {
            var transport = new BunqTransport(() => http, options.ClientOptions);
            return await CreateCoreAsync(transport, options.Environment, options.ApiKey, options.Description, options.PermittedIps.ToArray(), options.ClientKey, psd2: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (ownsHttp) http.Dispose();
        }
    }

    /// <summary>
    /// Registers as a PSD2 service provider: installation, <c>POST /payment-service-provider-credential</c> with the
    /// certificate, chain and a signature (by the certificate's key) of the installation's public key followed by the
    /// installation token; bunq's answer carries the API key for device-server and session-server.
    /// </summary>
    public static async Task<BunqApiContext> CreatePsd2Async(BunqPsd2ContextOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Certificate, nameof(options.Certificate));
        ArgumentNullException.ThrowIfNull(options.Environment);
        if (options.Certificate.GetRSAPrivateKey() is not { } probe)
        {
            throw new ArgumentException("The PSD2 certificate must carry its RSA private key.", nameof(options));
        }
        probe.Dispose();
        var ownsHttp = options.HttpClient is null;
        var http = options.HttpClient ?? options.ClientOptions.CreateHttpClient();
        try
        {
            var transport = new BunqTransport(() => http, options.ClientOptions);
            return await CreateCoreAsync(transport, options.Environment, apiKey: null, options.Description, options.PermittedIps.ToArray(), options.ClientKey, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (ownsHttp) http.Dispose();
        }
    }

    /// <summary>Loads a saved context; throws <see cref="BunqContextStoreException"/> when the store holds none or it is damaged.</summary>
    public static async Task<BunqApiContext> RestoreAsync(IBunqContextStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.LoadAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new BunqContextStoreException(BunqContextStoreError.NotFound, "The store holds no API context.");
    }

    private static async Task<BunqApiContext> CreateCoreAsync(
        BunqTransport transport, BunqEnvironment environment, string? apiKey, string description, string[] permittedIps,
        RSA? givenKey, BunqPsd2ContextOptions? psd2, CancellationToken cancellationToken)
    {
        var clientKey = givenKey is null ? BunqSigner.CreateKey() : CopyKey(givenKey);
        RSA? serverKey = null;
        try
        {
            var clientPublicKeyPem = BunqSigner.ExportPublicKeyPem(clientKey);
            var installationBody = WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("client_public_key"u8, clientPublicKeyPem);
                w.WriteEndObject();
            });
            var installationResponse = await transport.SendAsync(environment,
                new BunqRequest(BunqWireFacts.CreateInstallation) { Body = installationBody, ContentType = "application/json" },
                token: null, clientKey: null, serverKey: null, cancellationToken).ConfigureAwait(false);
            var installation = BunqEnvelope.ReadMulti<InstallationAnswer>(installationResponse);
            if (string.IsNullOrEmpty(installation.Token) || string.IsNullOrEmpty(installation.ServerPublicKey))
            {
                throw new BunqResponseFormatException("The installation answer lacks its Token or ServerPublicKey.", installationResponse.ResponseId);
            }
            try
            {
                serverKey = BunqSigner.ImportPublicKeyPem(installation.ServerPublicKey);
            }
            catch (CryptographicException ex)
            {
                throw new BunqResponseFormatException("The installation answer's server public key is not a PEM RSA key.", installationResponse.ResponseId, ex);
            }
            // The installation answer could not be verified (there was no key yet); everything after it is.
            transport.Logger.LogInformation("bunq installation created (response id {ResponseId})", installationResponse.ResponseId);

            if (psd2 is not null)
            {
                apiKey = await RegisterPsd2Async(transport, environment, psd2, clientKey, clientPublicKeyPem, installation.Token, serverKey, cancellationToken).ConfigureAwait(false);
            }

            var deviceBody = WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("description"u8, description);
                w.WriteString("secret"u8, apiKey);
                w.WriteStartArray("permitted_ips"u8);
                foreach (var ip in permittedIps) w.WriteStringValue(ip);
                w.WriteEndArray();
                w.WriteEndObject();
            });
            var deviceResponse = await transport.SendAsync(environment,
                new BunqRequest(BunqWireFacts.CreateDeviceServer) { Body = deviceBody, ContentType = "application/json" },
                installation.Token, clientKey, serverKey, cancellationToken).ConfigureAwait(false);
            transport.Logger.LogInformation("bunq device registered (response id {ResponseId})", deviceResponse.ResponseId);

            var context = new BunqApiContext(environment, apiKey!, clientKey, installation.Token, serverKey, description, permittedIps, session: null);
            await context.RenewSessionAsync(transport, staleToken: null, cancellationToken).ConfigureAwait(false);
            return context;
        }
        catch
        {
            clientKey.Dispose();
            serverKey?.Dispose();
            throw;
        }
    }

    private static async Task<string> RegisterPsd2Async(
        BunqTransport transport, BunqEnvironment environment, BunqPsd2ContextOptions psd2, RSA clientKey, string clientPublicKeyPem,
        string installationToken, RSA serverKey, CancellationToken cancellationToken)
    {
        string signature;
        using (var certificateKey = psd2.Certificate!.GetRSAPrivateKey()!)
        {
            signature = BunqSigner.Sign(certificateKey, Encoding.UTF8.GetBytes(clientPublicKeyPem + installationToken));
        }
        var chain = new StringBuilder();
        foreach (var certificate in psd2.CertificateChain) chain.Append(certificate.ExportCertificatePem()).Append('\n');
        var body = WriteJson(w =>
        {
            w.WriteStartObject();
            w.WriteString("client_payment_service_provider_certificate"u8, psd2.Certificate!.ExportCertificatePem());
            w.WriteString("client_payment_service_provider_certificate_chain"u8, chain.ToString().TrimEnd('\n'));
            w.WriteString("client_public_key_signature"u8, signature);
            w.WriteEndObject();
        });
        var response = await transport.SendAsync(environment,
            new BunqRequest(BunqWireFacts.CreatePaymentServiceProviderCredential) { Body = body, ContentType = "application/json" },
            installationToken, clientKey, serverKey, cancellationToken).ConfigureAwait(false);
        var credential = BunqEnvelope.ReadMulti<Psd2CredentialAnswer>(response);
        if (string.IsNullOrEmpty(credential.TokenValue))
        {
            throw new BunqResponseFormatException("The payment-service-provider-credential answer carries no token_value.", response.ResponseId);
        }
        transport.Logger.LogInformation("bunq PSD2 credential registered (response id {ResponseId})", response.ResponseId);
        return credential.TokenValue;
    }

    /// <summary>
    /// Opens a new session unless another caller already replaced <paramref name="staleToken"/>: many callers that
    /// saw the same expired session cause exactly one session-server call. Returns true when this call opened it.
    /// </summary>
    internal async Task<bool> RenewSessionAsync(BunqTransport transport, string? staleToken, CancellationToken cancellationToken)
    {
        await _sessionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = Session;
            var now = transport.Time.GetUtcNow();
            if (current is not null && current.Token != staleToken && !current.IsExpiring(now, transport.Options.SessionRenewalMargin))
            {
                return false;
            }
            var body = WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("secret"u8, ApiKey);
                w.WriteEndObject();
            });
            var response = await transport.SendAsync(Environment,
                new BunqRequest(BunqWireFacts.CreateSessionServer) { Body = body, ContentType = "application/json" },
                InstallationToken, ClientKey, ServerPublicKey, cancellationToken).ConfigureAwait(false);
            var answer = BunqEnvelope.ReadMulti<SessionServerAnswer>(response);
            if (string.IsNullOrEmpty(answer.Token) || answer.UserId is null)
            {
                throw new BunqResponseFormatException("The session-server answer lacks its Token or user.", response.ResponseId);
            }
            var timeout = answer.SessionTimeout is > 0 ? TimeSpan.FromSeconds(answer.SessionTimeout.Value) : transport.Options.DefaultSessionTimeout;
            var session = new BunqSession(answer.Token, answer.UserId.Value, timeout, transport.Time.GetUtcNow() + timeout);
            Volatile.Write(ref _session, session);
            BunqTelemetry.SessionRenewals.Add(1);
            transport.Logger.LogInformation("bunq session opened for {UserType} {UserId}, lasting {Timeout} (response id {ResponseId})",
                answer.UserType, answer.UserId, timeout, response.ResponseId);
            return true;
        }
        finally
        {
            _sessionGate.Release();
        }
    }

    /// <summary>
    /// Takes the session of <paramref name="stored"/>, the same installation as saved by another instance: it opened a
    /// session while this one waited, so this one need not open another. False when it is another installation.
    /// </summary>
    internal bool AdoptSession(BunqApiContext stored)
    {
        if (stored.Session is not { } session || !string.Equals(stored.ClientPublicKeyPem, ClientPublicKeyPem, StringComparison.Ordinal)) return false;
        Volatile.Write(ref _session, new BunqSession(session.Token, session.UserId, session.Timeout, session.ExpiresAt));
        return true;
    }

    private static RSA CopyKey(RSA key)
    {
        if (key.KeySize < BunqSigner.KeySize) throw new ArgumentException("bunq requires an RSA key of at least 2048 bits.", nameof(key));
        var copy = RSA.Create();
        copy.ImportPkcs8PrivateKey(key.ExportPkcs8PrivateKey(), out _);
        return copy;
    }

    internal static byte[] WriteJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Disposes the context's RSA keys; the context cannot sign or verify afterwards.</summary>
    public void Dispose()
    {
        ClientKey.Dispose();
        ServerPublicKey.Dispose();
        _sessionGate.Dispose();
    }

    /// <summary>Never shows the API key, tokens or keys.</summary>
    public override string ToString()
        => $"BunqApiContext({Environment.Name}, user {(_session is { } s ? s.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")})";
}
