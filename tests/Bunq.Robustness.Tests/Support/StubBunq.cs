using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bunq.Runtime;
using Bunq.Runtime.Security;

namespace Bunq.Robustness.Tests.Support;

/// <summary>How an answer's <c>X-Bunq-Server-Signature</c> is made.</summary>
public enum Signing
{
    /// <summary>By the server key over the body: what bunq does.</summary>
    Valid,
    /// <summary>No header at all.</summary>
    Missing,
    /// <summary>By the server key, over different bytes.</summary>
    OtherBody,
    /// <summary>Over the body, by a key the client never saw.</summary>
    OtherKey,
    /// <summary>A header that is not base64.</summary>
    Garbage,
}

/// <summary>One answer of the stub.</summary>
internal sealed record StubReply(int Status, byte[] Body, string ContentType = "application/json", Signing Signing = Signing.Valid)
{
    public static StubReply Json(string json, int status = 200) => new(status, Encoding.UTF8.GetBytes(json));
}

/// <summary>
/// bunq behind an <see cref="HttpMessageHandler"/>: installation, device-server and session-server answer like bunq
/// (replaceable, to feed hostile answers), everything else goes to <see cref="Route"/>. Each answer carries a fresh
/// response id (<see cref="LastResponseId"/>) and is signed as its <see cref="StubReply.Signing"/> says.
/// </summary>
internal sealed class StubBunq : HttpMessageHandler
{
    public const string BaseUrl = "http://127.0.0.1:5098/v1";
    public const string ApiKey = "sandbox_stub_api_key_0123456789abcdef0123456789abcdef";

    private static readonly Lazy<RSA> SharedServerKey = new(() => BunqSigner.CreateKey());
    private static readonly Lazy<RSA> SharedOtherKey = new(() => BunqSigner.CreateKey());
    private static readonly Lazy<RSA> SharedClientKey = new(() => BunqSigner.CreateKey());

    private int _responses;
    private int _sessions;

    public RSA ServerKey => SharedServerKey.Value;

    /// <summary>A 2048-bit key made once per test run: key generation is the slow part of creating a context.</summary>
    public static RSA ClientKey => SharedClientKey.Value;

    public Func<HttpRequestMessage, byte[], StubReply> Route { get; set; } = (_, _) => StubReply.Json("""{"Response":[]}""");

    public Func<StubReply>? Installation { get; set; }

    public Func<StubReply>? SessionServer { get; set; }

    public string? LastResponseId { get; private set; }

    public ConcurrentQueue<string> Paths { get; } = new();

    public string CurrentSessionToken => "SESSION_TOKEN_" + _sessions.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_c0ffee";

    public const string InstallationToken = "INSTALLATION_TOKEN_5eb1f0c2a0d94c1e";

    public string InstallationJson => $$$"""
        {"Response":[{"Id":{"id":1}},{"Token":{"id":2,"created":"2026-01-01 00:00:00.000000","updated":"2026-01-01 00:00:00.000000","token":"{{{InstallationToken}}}"}},{"ServerPublicKey":{"server_public_key":{{{System.Text.Json.JsonSerializer.Serialize(BunqSigner.ExportPublicKeyPem(ServerKey))}}}}}]}
        """;

    public string SessionJson(string token) => $$$"""
        {"Response":[{"Id":{"id":7}},{"Token":{"id":8,"created":"2026-01-01 00:00:00.000000","updated":"2026-01-01 00:00:00.000000","token":"{{{token}}}"}},{"UserPerson":{"id":42,"display_name":"Stub","session_timeout":3600}}]}
        """;

    public async Task<BunqApiContext> CreateContextAsync(BunqClientOptions? options = null)
        => await BunqApiContext.CreateAsync(new BunqContextOptions
        {
            ApiKey = ApiKey,
            Environment = BunqEnvironment.Custom(BaseUrl),
            HttpClient = new HttpClient(this, disposeHandler: false),
            ClientKey = ClientKey,
            ClientOptions = options ?? Options(),
        });

    public static BunqClientOptions Options() => new()
    {
        RateLimits = new BunqRateLimitOptions { Enabled = false },
        MaxRetries = 0,
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        Paths.Enqueue(request.Method.Method + " " + path);
        StubReply reply;
        if (path.EndsWith("/installation", StringComparison.Ordinal) && request.Method == HttpMethod.Post)
        {
            reply = Installation?.Invoke() ?? StubReply.Json(InstallationJson);
        }
        else if (path.EndsWith("/device-server", StringComparison.Ordinal))
        {
            reply = StubReply.Json("""{"Response":[{"Id":{"id":3}}]}""");
        }
        else if (path.EndsWith("/session-server", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _sessions);
            reply = SessionServer?.Invoke() ?? StubReply.Json(SessionJson(CurrentSessionToken));
        }
        else
        {
            reply = Route(request, body);
        }

        var responseId = "stub-response-" + Interlocked.Increment(ref _responses).ToString(System.Globalization.CultureInfo.InvariantCulture);
        LastResponseId = responseId;
        var answer = new HttpResponseMessage((HttpStatusCode)reply.Status) { Content = new ByteArrayContent(reply.Body) };
        answer.Content.Headers.TryAddWithoutValidation("Content-Type", reply.ContentType);
        answer.Headers.TryAddWithoutValidation("X-Bunq-Client-Response-Id", responseId);
        var signature = reply.Signing switch
        {
            Signing.Valid => BunqSigner.Sign(ServerKey, reply.Body),
            Signing.OtherBody => BunqSigner.Sign(ServerKey, Encoding.UTF8.GetBytes("""{"Response":[{"Id":{"id":666}}]}""")),
            Signing.OtherKey => BunqSigner.Sign(SharedOtherKey.Value, reply.Body),
            Signing.Garbage => "not base64 at all %%%",
            _ => null,
        };
        if (signature is not null) answer.Headers.TryAddWithoutValidation("X-Bunq-Server-Signature", signature);
        return answer;
    }
}
