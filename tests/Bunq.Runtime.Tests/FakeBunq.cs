using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bunq.Runtime.Security;

namespace Bunq.Runtime.Tests;

/// <summary>One request as the stub saw it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, string Path, Dictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>What the stub answers; signed with the server key unless told otherwise.</summary>
internal sealed class StubAnswer
{
    public StubAnswer(int status, byte[] body)
    {
        Status = status;
        Body = body;
    }

    public StubAnswer(int status, string body) : this(status, Encoding.UTF8.GetBytes(body))
    {
    }

    public int Status { get; }

    public byte[] Body { get; }

    public string ContentType { get; init; } = "application/json";

    public bool Sign { get; init; } = true;

    /// <summary>Sign these bytes instead of the body (a tampered answer).</summary>
    public byte[]? SignOver { get; init; }

    public string? RawSignature { get; init; }

    public Dictionary<string, string> Headers { get; init; } = new();

    public static StubAnswer Ok(string json) => new(200, json);

    public static StubAnswer Error(int status, string description, string translated) =>
        new(status, $$$"""{"Error":[{"error_description":"{{{description}}}","error_description_translated":"{{{translated}}}"}]}""");
}

/// <summary>
/// A stand-in for bunq behind an HttpMessageHandler: installation, device-server, session-server and the PSD2
/// credential behave like bunq's; other paths go to <see cref="Route"/>. Every answer is signed with
/// <see cref="ServerKey"/>, every signed request is checked against the installed client key.
/// </summary>
internal sealed class FakeBunq : HttpMessageHandler
{
    private int _sessionCount;
    private int _responseCount;

    public RSA ServerKey { get; } = TestKeys.Server;

    public RSA? ClientKey { get; private set; }

    public string? ClientPublicKeyPem { get; private set; }

    public string InstallationToken { get; } = "installation-token-7f3a1b";

    public string ApiKeySeen { get; private set; } = "";

    public long UserId { get; set; } = 42;

    public string UserType { get; set; } = "UserPerson";

    public long? SessionTimeoutSeconds { get; set; } = 3600;

    /// <summary>The one session token bunq accepts now; null after <see cref="ExpireSession"/>.</summary>
    public string? ValidSessionToken { get; private set; }

    public int SessionServerCalls => Volatile.Read(ref _sessionCount);

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Requests whose X-Bunq-Client-Signature did not verify against the installed client key.</summary>
    public ConcurrentQueue<string> BadSignatures { get; } = new();

    public Func<RecordedRequest, StubAnswer>? Route { get; set; }

    /// <summary>Answers the PSD2 credential call; the default checks the signature and returns an API key.</summary>
    public Func<RecordedRequest, StubAnswer>? Psd2 { get; set; }

    /// <summary>Delays session-server so concurrent callers really overlap.</summary>
    public TimeSpan SessionServerDelay { get; set; }

    public void ExpireSession() => ValidSessionToken = null;

    public IEnumerable<RecordedRequest> RequestsTo(string path) => Requests.Where(r => r.Path == path);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in request.Headers) headers[h.Key] = string.Join(",", h.Value);
        if (request.Content is not null) foreach (var h in request.Content.Headers) headers[h.Key] = string.Join(",", h.Value);
        var path = request.RequestUri!.PathAndQuery;
        var v1 = path.IndexOf("/v1/", StringComparison.Ordinal);
        path = v1 >= 0 ? path[(v1 + 4)..] : path.TrimStart('/');
        var recorded = new RecordedRequest(request.Method, path, headers, body);
        Requests.Enqueue(recorded);

        if (ClientKey is not null && headers.TryGetValue("X-Bunq-Client-Signature", out var signature) && !BunqSigner.Verify(ClientKey, body, signature))
        {
            BadSignatures.Enqueue(path);
        }

        var answer = path switch
        {
            "installation" => Installation(recorded),
            "device-server" => Device(recorded),
            "session-server" => await SessionAsync(recorded),
            "payment-service-provider-credential" => (Psd2 ?? DefaultPsd2)(recorded),
            _ => Route?.Invoke(recorded) ?? StubAnswer.Error(404, "Route not found.", "Not found."),
        };
        return Render(answer);
    }

    private StubAnswer Installation(RecordedRequest request)
    {
        ClientPublicKeyPem = request.Json.GetProperty("client_public_key").GetString()!;
        ClientKey = BunqSigner.ImportPublicKeyPem(ClientPublicKeyPem);
        var serverPem = JsonEncodedText.Encode(BunqSigner.ExportPublicKeyPem(ServerKey));
        return StubAnswer.Ok($$$"""{"Response":[{"Id":{"id":101}},{"Token":{"id":102,"created":"2026-01-01 10:00:00.000000","updated":"2026-01-01 10:00:00.000000","token":"{{{InstallationToken}}}"}},{"ServerPublicKey":{"server_public_key":"{{{serverPem}}}"}}]}""");
    }

    private StubAnswer Device(RecordedRequest request)
    {
        if (request.Header("X-Bunq-Client-Authentication") != InstallationToken) return StubAnswer.Error(401, "Insufficient authorisation.", "x");
        ApiKeySeen = request.Json.GetProperty("secret").GetString()!;
        return StubAnswer.Ok("""{"Response":[{"Id":{"id":201}}]}""");
    }

    private async Task<StubAnswer> SessionAsync(RecordedRequest request)
    {
        if (request.Header("X-Bunq-Client-Authentication") != InstallationToken) return StubAnswer.Error(401, "Insufficient authorisation.", "x");
        if (request.Header("X-Bunq-Client-Signature") is null) return StubAnswer.Error(466, "Request signature is required.", "x");
        if (SessionServerDelay > TimeSpan.Zero) await Task.Delay(SessionServerDelay);
        var n = Interlocked.Increment(ref _sessionCount);
        var token = $"session-token-{n}-c0ffee";
        ValidSessionToken = token;
        var timeout = SessionTimeoutSeconds is { } t ? $",\"session_timeout\":{t}" : "";
        var user = UserType == "UserApiKey"
            ? "{\"UserApiKey\":{\"id\":" + UserId + ",\"requested_by_user\":{\"UserPerson\":{\"id\":7,\"session_timeout\":900}},\"granted_by_user\":{\"UserPerson\":{\"id\":8}}}}"
            : "{\"" + UserType + "\":{\"id\":" + UserId + ",\"display_name\":\"Test\"" + timeout + "}}";
        return StubAnswer.Ok("{\"Response\":[{\"Id\":{\"id\":" + (300 + n) + "}},{\"Token\":{\"id\":" + (400 + n) + ",\"token\":\"" + token + "\"}}," + user + "]}");
    }

    private StubAnswer DefaultPsd2(RecordedRequest request) =>
        StubAnswer.Ok("""{"Response":[{"CredentialPasswordIp":{"id":55,"status":"PENDING_FIRST_USE","token_value":"psd2-api-key-from-bunq"}}]}""");

    public bool IsSessionValid(RecordedRequest request) =>
        ValidSessionToken is not null && request.Header("X-Bunq-Client-Authentication") == ValidSessionToken;

    private HttpResponseMessage Render(StubAnswer answer)
    {
        var message = new HttpResponseMessage((HttpStatusCode)answer.Status) { Content = new ByteArrayContent(answer.Body) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", answer.ContentType);
        message.Headers.TryAddWithoutValidation("X-Bunq-Client-Response-Id", $"resp-{Interlocked.Increment(ref _responseCount)}");
        if (answer.RawSignature is not null) message.Headers.TryAddWithoutValidation("X-Bunq-Server-Signature", answer.RawSignature);
        else if (answer.Sign) message.Headers.TryAddWithoutValidation("X-Bunq-Server-Signature", BunqSigner.Sign(ServerKey, answer.SignOver ?? answer.Body));
        foreach (var (k, v) in answer.Headers) message.Headers.TryAddWithoutValidation(k, v);
        return message;
    }
}

/// <summary>RSA keys are slow to make; the tests share a few.</summary>
internal static class TestKeys
{
    public static readonly RSA Server = RSA.Create(2048);

    /// <summary>Contexts copy the key they are given, so one shared client key is safe.</summary>
    public static readonly RSA Client = RSA.Create(2048);
}

/// <summary>Collects every formatted log line and exception text.</summary>
internal sealed class CapturingLogger : Microsoft.Extensions.Logging.ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Lines.Enqueue(formatter(state, exception) + (exception is null ? "" : " | " + exception));
    }
}

internal static class Fixtures
{
    public const string ApiKey = "sandbox_0123456789abcdef0123456789abcdef0123456789abcdef01234567";

    public static BunqClientOptions Options(TimeProvider? time = null, Microsoft.Extensions.Logging.ILogger? logger = null) => new()
    {
        RateLimits = new BunqRateLimitOptions { Enabled = false },
        TimeProvider = time ?? TimeProvider.System,
        Logger = logger,
        RetryBaseDelay = TimeSpan.Zero,
    };

    public static async Task<BunqApiContext> CreateContextAsync(FakeBunq bunq, TimeProvider? time = null, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        return await BunqApiContext.CreateAsync(new BunqContextOptions
        {
            ApiKey = ApiKey,
            Environment = BunqEnvironment.Custom("http://127.0.0.1:5099/v1"),
            Description = "runtime tests",
            PermittedIps = new List<string> { "1.2.3.4", "*" },
            HttpClient = new HttpClient(bunq, disposeHandler: false),
            ClientKey = TestKeys.Client,
            ClientOptions = Options(time, logger),
        });
    }
}
