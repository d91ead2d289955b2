using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bunq.Runtime;
using Bunq.Runtime.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunq.Robustness.Tests.Support;

/// <summary>One request as a hostile server received it.</summary>
internal sealed record Seen(string Method, string Path, string? RequestId, string? Authentication, string? Signature, byte[] Body);

/// <summary>
/// A real HTTP(S) server on 127.0.0.1 (Kestrel, an ephemeral port) that records every request and answers however
/// <see cref="Handler"/> says: the far side of the attack tests, over real sockets.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostileServer(WebApplication app) => _app = app;

    /// <summary><c>http://127.0.0.1:PORT</c> or <c>https://…</c>.</summary>
    public string Origin { get; private set; } = "";

    public int Port { get; private set; }

    public ConcurrentQueue<Seen> Seen { get; } = new();

    public Func<HttpContext, Seen, Task> Handler { get; set; } = (context, _) =>
    {
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    };

    public static async Task<HostileServer> StartAsync(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        var server = new HostileServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        server.Origin = $"{(certificate is null ? "http" : "https")}://127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}";
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var seen = new Seen(context.Request.Method, context.Request.Path.Value ?? "", Header(context, "X-Bunq-Client-Request-Id"),
            Header(context, "X-Bunq-Client-Authentication"), Header(context, "X-Bunq-Client-Signature"), buffer.ToArray());
        Seen.Enqueue(seen);
        await Handler(context, seen);
    }

    private static string? Header(HttpContext context, string name)
        => context.Request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    public int Count(string method, string pathSuffix) => Seen.Count(s => s.Method == method && s.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>
/// A hostile server that plays bunq for installation, device-server and session-server (signed with the stub's
/// server key, so a context can be made against it), and answers every other call through <see cref="Route"/>.
/// </summary>
internal sealed class HostileBunq : IAsyncDisposable
{
    public const string PaymentPath = "user/42/monetary-account/9/payment";

    private static readonly StubBunq Keys = new();
    private int _sessions;

    private HostileBunq(HostileServer server)
    {
        Server = server;
        server.Handler = HandleAsync;
    }

    public HostileServer Server { get; }

    public string BaseUrl => Server.Origin + "/v1";

    public static RSA ServerKey => Keys.ServerKey;

    public int Sessions => _sessions;

    /// <summary>Every call that is not part of making a context.</summary>
    public Func<HttpContext, Seen, Task> Route { get; set; } = (context, _) => AnswerAsync(context, 200, """{"Response":[{"Id":{"id":1}}]}""");

    public static async Task<HostileBunq> StartAsync(X509Certificate2? certificate = null) => new(await HostileServer.StartAsync(certificate));

    public static BunqClientOptions Options(X509Certificate2? root = null)
    {
        var options = new BunqClientOptions
        {
            RateLimits = new BunqRateLimitOptions { Enabled = false },
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        };
        if (root is not null) options.TrustedRootCertificates.Add(root);
        return options;
    }

    public Task<BunqApiContext> CreateContextAsync(BunqClientOptions options) => BunqApiContext.CreateAsync(new BunqContextOptions
    {
        ApiKey = StubBunq.ApiKey,
        Environment = BunqEnvironment.Custom(BaseUrl),
        ClientKey = StubBunq.ClientKey,
        ClientOptions = options,
    });

    public static BunqRequest Payment(string? requestId = null) => new(HttpMethod.Post, PaymentPath)
    {
        Body = """{"amount":{"value":"12.50","currency":"EUR"},"counterparty_alias":{"type":"EMAIL","value":"bravo@bunq.example"},"description":"lunch"}"""u8.ToArray(),
        ContentType = "application/json",
        SignatureRequired = true,
        OperationId = "CREATE_Payment",
        CallOptions = requestId is null ? null : new BunqCallOptions { RequestId = requestId },
    };

    /// <summary>An answer signed by bunq's key (or not), with extra headers.</summary>
    public static async Task AnswerAsync(HttpContext context, int status, string json, bool signed = true, Action<HttpResponse>? headers = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.Headers["X-Bunq-Client-Response-Id"] = Guid.NewGuid().ToString();
        if (signed) response.Headers["X-Bunq-Server-Signature"] = BunqSigner.Sign(ServerKey, body);
        headers?.Invoke(response);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext context, int status, string description, bool signed = true)
        => AnswerAsync(context, status, $$"""{"Error":[{"error_description":"{{description}}","error_description_translated":"{{description}}"}]}""", signed);

    private Task HandleAsync(HttpContext context, Seen seen)
    {
        var path = seen.Path;
        if (seen.Method == "POST" && path.EndsWith("/installation", StringComparison.Ordinal)) return AnswerAsync(context, 200, Keys.InstallationJson, signed: false);
        if (path.EndsWith("/device-server", StringComparison.Ordinal)) return AnswerAsync(context, 200, """{"Response":[{"Id":{"id":3}}]}""");
        if (path.EndsWith("/session-server", StringComparison.Ordinal))
        {
            var n = Interlocked.Increment(ref _sessions);
            return AnswerAsync(context, 200, Keys.SessionJson("HOSTILE_SESSION_" + n.ToString(CultureInfo.InvariantCulture)));
        }
        return Route(context, seen);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> Shared = new(Create);

    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, made once per run.</summary>
    public static X509Certificate2 Loopback => Shared.Value;

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(2));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
