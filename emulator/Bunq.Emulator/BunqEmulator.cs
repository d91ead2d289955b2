using System.Globalization;
using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Model;
using Bunq.Emulator.Protocol;
using Bunq.Emulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Bunq.Runtime.Wire;

namespace Bunq.Emulator;

/// <summary>
/// A bunq API on 127.0.0.1 for tests and local development: sandbox users, installation, device and
/// session with real RSA signatures both ways, bunq's status codes and rate limits, every operation
/// of the spec over an in-memory store, money that moves, and callbacks.
/// </summary>
public sealed class BunqEmulator : IAsyncDisposable
{
    private const string EmbeddedSpec = "Bunq.Emulator.bunq.com.json";

    private readonly WebApplication _app;
    private readonly BunqProtocol _protocol;
    private readonly CallbackDispatcher _callbacks;
    private readonly ILogger? _logger;
    private EmulatorStateFile? _state;

    private BunqEmulator(WebApplication app, BunqProtocol protocol, CallbackDispatcher callbacks, EmulatorStore store, Bank bank, ILogger? logger)
    {
        _app = app;
        _protocol = protocol;
        _callbacks = callbacks;
        _logger = logger;
        Store = store;
        Bank = bank;
    }

    /// <summary>The API root, <c>http://127.0.0.1:PORT/v1</c> (https with <see cref="BunqEmulatorOptions.ServerCertificate"/>), like bunq's <c>https://public-api.sandbox.bunq.com/v1</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The PEM the emulator answers in <c>ServerPublicKey</c>; its signatures verify with this key.</summary>
    public string ServerPublicKeyPem => _protocol.ServerPublicKeyPem;

    /// <summary>How many operations of the spec are routed.</summary>
    public int OperationCount => _protocol.Operations.Count;

    internal EmulatorStore Store { get; }

    internal Bank Bank { get; }

    /// <summary>Starts an emulator configured by <paramref name="options"/> (a fresh bank, or the one saved at its state path) and returns once it serves.</summary>
    public static async Task<BunqEmulator> StartAsync(BunqEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BunqEmulatorOptions();
        var operations = LoadOperations(options.SpecPath);
        var stateFile = options.StatePath is null ? null : new EmulatorStateFile(options.StatePath);
        var saved = stateFile?.Read();
        var store = new EmulatorStore(firstId: 1);
        var bank = new Bank(store, options.Clock, options.Seed, options.StartingBalance);
        var limiter = options.RateLimits ? new RateLimiter(options.RateLimit, options.Clock) : null;
        var protocol = new BunqProtocol(operations, store, bank, limiter, EmulatorStateFile.ServerPrivateKey(saved) ?? options.ServerPrivateKeyPem) { Drift = options.Drift };
        if (saved is not null) EmulatorStateFile.Restore(saved, store, bank, protocol);
        var callbacks = new CallbackDispatcher(store, body => protocol.Sign(body), options.Logger, options.CallbackDeliveries);

        // An empty builder: no environment variables (Kestrel__Endpoints__…, ASPNETCORE_URLS), no appsettings.json
        // beside the binaries, no command line. The one endpoint below is the only place the emulator listens.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(BunqEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        var certificate = options.ServerCertificate;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        var emulator = new BunqEmulator(app, protocol, callbacks, store, bank, options.Logger) { _state = stateFile };
        app.Run(emulator.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? Array.Empty<string>();
        // Whatever configured it, the emulator reports only what it listens on and listens only on loopback.
        if (addresses.Length != 1 || !Uri.TryCreate(addresses[0], UriKind.Absolute, out var bound) || !IPAddress.TryParse(bound.Host, out var ip) || !IPAddress.IsLoopback(ip))
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"The emulator would listen on {string.Join(", ", addresses)}; it listens on 127.0.0.1 only.");
        }
        var port = bound.Port;
        emulator.BaseUrl = $"{(certificate is null ? "http" : "https")}://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/v1";
        return emulator;
    }

    /// <summary>Creates a sandbox UserPerson with its accounts, as <c>POST /sandbox-user-person</c> does; returns its API key.</summary>
    public string CreateSandboxUser()
    {
        var apiKey = _protocol.CreateSandboxUser(company: false);
        _state?.Write(Store, Bank, _protocol);
        return apiKey;
    }

    /// <summary>Creates a sandbox UserCompany, as <c>POST /sandbox-user-company</c> does; returns its API key.</summary>
    public string CreateSandboxCompany()
    {
        var apiKey = _protocol.CreateSandboxUser(company: true);
        _state?.Write(Store, Bank, _protocol);
        return apiKey;
    }

    /// <summary>bunq's OAuth authorization page here: <c>http://127.0.0.1:PORT/oauth/auth</c> (bunq: <c>https://oauth.bunq.com/auth</c>).</summary>
    public Uri OAuthAuthorizeUrl => new(BaseUrl[..^"/v1".Length] + "/oauth/auth");

    /// <summary>bunq's OAuth token endpoint here: <c>http://127.0.0.1:PORT/oauth/v1/token</c> (bunq: <c>https://api.oauth.bunq.com/v1/token</c>).</summary>
    public Uri OAuthTokenUrl => new(BaseUrl[..^"/v1".Length] + "/oauth/v1/token");

    /// <summary>How long an authorization code can be exchanged (default 10 minutes, by the emulator's clock).</summary>
    public TimeSpan OAuthCodeLifetime
    {
        get => _protocol.OAuth.CodeLifetime;
        set => _protocol.OAuth.CodeLifetime = value;
    }

    /// <summary>
    /// Registers an OAuth client with one redirect URL, owned by the user of <paramref name="ownerApiKey"/> or else a new
    /// sandbox UserCompany (the app's developer, who requests access). Its authorize page approves at once, as a new
    /// sandbox UserPerson each time.
    /// </summary>
    public BunqEmulatorOAuthClient RegisterOAuthClient(string redirectUri, string? ownerApiKey = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(redirectUri);
        return _protocol.Locked(() =>
        {
            var owner = ownerApiKey is null
                ? Bank.CreateUser(company: true)
                : Bank.UserByApiKey(ownerApiKey) ?? throw new ArgumentException("No sandbox user has this API key.", nameof(ownerApiKey));
            return _protocol.OAuth.Register(owner, redirectUri);
        });
    }

    /// <summary>
    /// The granting user revokes the connection: the access token opens no session any more, its sessions end, and the
    /// owner's OAUTH notification filters get a callback (<c>OAUTH</c> / <c>OAUTH_REVOKED</c> with the UserApiKey).
    /// Returns false for a token that is not a live connection.
    /// </summary>
    public bool RevokeOAuth(string accessToken)
    {
        var revoked = _protocol.Locked(() =>
        {
            var user = _protocol.OAuth.Revoke(accessToken);
            if (user is null) return false;
            var data = Store.Find(State.Bank.Users, user.Id)!.Data;
            Bank.Notify(new Notification(user.RequestedBy!.Id, null, "OAUTH", "OAUTH_REVOKED", "UserApiKey", data));
            return true;
        });
        _callbacks.Dispatch(_protocol.DrainNotifications());
        return revoked;
    }

    /// <summary>Ends every session now, so that clients can test re-creating a session after bunq's 401.</summary>
    public void ExpireSessions() => _protocol.ExpireSessions();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Query) query[name] = value.ToString();
        var path = (request.PathBase + request.Path).Value ?? "/";
        var emulatorRequest = new EmulatorRequest(
            request.Method.ToUpperInvariant(),
            path,
            query,
            buffer.ToArray(),
            request.ContentType,
            Header(request, "X-Bunq-Client-Authentication"),
            Header(request, "X-Bunq-Client-Signature"),
            Header(request, BunqWireFacts.AttachmentDescriptionHeader),
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            Header(request, "X-Bunq-Client-Request-Id"));

        EmulatorAnswer answer;
        try
        {
            answer = _protocol.Handle(emulatorRequest);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the type and place: a message could quote a request body, and bodies carry API keys.
            _logger?.LogError("{Method} {Path} failed inside the emulator: {Error} in {Site}", emulatorRequest.Method, path, ex.GetType().Name, ex.TargetSite?.Name);
            answer = Wire.Error(500, "Something went wrong on bunq's end.");
        }

        var responseId = Guid.NewGuid().ToString();
        var response = context.Response;
        response.StatusCode = answer.StatusCode;
        response.ContentType = answer.ContentType;
        response.ContentLength = answer.Body.Length;
        response.Headers["X-Bunq-Client-Response-Id"] = responseId;
        if (answer.Location is not null) response.Headers.Location = answer.Location;
        var requestId = Header(request, "X-Bunq-Client-Request-Id");
        if (requestId is not null) response.Headers["X-Bunq-Client-Request-Id"] = requestId;
        response.Headers["X-Bunq-Server-Signature"] = _protocol.Sign(answer.Body);
        await response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
        _logger?.LogInformation("{Method} {Path} {Status} {ResponseId}", emulatorRequest.Method, path, answer.StatusCode, responseId);

        _callbacks.Dispatch(_protocol.DrainNotifications());
        _state?.Write(Store, Bank, _protocol);
    }

    private static string? Header(HttpRequest request, string name)
        => request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    /// <summary>
    /// The operations as the generator's model sees them, so that the emulator and generated clients agree on keys,
    /// shapes, tokens and signatures. There is no second reader: a spec the model cannot build is refused with its
    /// diagnostics (<see cref="BunqEmulatorSpecException"/>), never served by guesswork.
    /// </summary>
    // Building the model takes a while; every emulator serving the embedded spec shares one (immutable) result.
    private static readonly Lazy<IReadOnlyList<EmulatorOperation>> Embedded = new(() => LoadOperationsUncached(null));

    internal static IReadOnlyList<EmulatorOperation> LoadOperations(string? specPath)
        => specPath is null ? Embedded.Value : LoadOperationsUncached(specPath);

    private static IReadOnlyList<EmulatorOperation> LoadOperationsUncached(string? specPath)
    {
        string text;
        if (specPath is null)
        {
            using var stream = typeof(BunqEmulator).Assembly.GetManifestResourceStream(EmbeddedSpec)
                ?? throw new InvalidOperationException("The embedded bunq spec is missing.");
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
        }
        else
        {
            text = File.ReadAllText(specPath);
        }
        var path = specPath ?? "bunq.com.json";
        var model = ApiModelBuilder.Build(path, text);
        if (model.HasErrors || model.Resources.Count == 0)
        {
            var errors = model.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToCompilerString()).ToArray();
            throw new BunqEmulatorSpecException(path, errors);
        }
        return FromModel(model);
    }

    internal static IReadOnlyList<EmulatorOperation> FromModel(ApiModel model)
    {
        var types = new Dictionary<string, ApiType>(StringComparer.Ordinal);
        foreach (var type in model.Types) types[type.Name] = type;
        var operations = new List<EmulatorOperation>();
        foreach (var resource in model.Resources)
        {
            foreach (var op in resource.Operations)
            {
                IReadOnlyCollection<string> fields = op.ResponseType is { } name && types.TryGetValue(name, out var type)
                    ? type.Properties.Select(p => p.JsonName).ToArray()
                    : Array.Empty<string>();
                operations.Add(EmulatorOperation.FromModel(op, fields));
            }
        }
        return operations;
    }

    /// <summary>Stops the emulator's server and releases its port; the in-memory bank is discarded.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _callbacks.DisposeAsync().ConfigureAwait(false);
        _protocol.Dispose();
    }

    /// <summary>
    /// What <c>bunq-codegen emulate</c> runs (the tool parses the command line): prints
    /// <c>{"baseUrl":…,"apiKey":…}</c> as the first line of <paramref name="stdout"/>, then one line per request,
    /// until <paramref name="cancellationToken"/>, Ctrl+C or SIGTERM stops it. Returns the process exit code.
    /// </summary>
    public static async Task<int> RunAsync(BunqEmulatorOptions options, TextWriter stdout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        var output = TextWriter.Synchronized(stdout);
        options.Logger = new LineLogger(output);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await using var emulator = await StartAsync(options, stop.Token).ConfigureAwait(false);
            var apiKey = emulator.CreateSandboxUser();
            var banner = new JsonObject { ["baseUrl"] = emulator.BaseUrl, ["apiKey"] = apiKey };
            await output.WriteLineAsync(Wire.ToJson(banner)).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    internal static string Version => typeof(BunqEmulator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
}
