using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bunq.Runtime;
using Bunq.Runtime.Security;

namespace Bunq.Benchmarks.Runtime;

/// <summary>An API context with a long session, restored from its JSON form (no network, no installation).</summary>
internal static class RuntimeFixture
{
    public const string BaseUrl = "https://bench.invalid/v1/";

    /// <summary>
    /// The runtime skips the server-signature check only for a loopback base URL (a local emulator); the handler
    /// answers in memory either way, so the unchecked client differs from the others only in that check.
    /// </summary>
    public const string LoopbackBaseUrl = "http://127.0.0.1/v1/";

    public static BunqApiContext Context(RSA clientKey, RSA serverKey, string baseUrl = BaseUrl)
    {
        var json =
            "{\"format\":\"bunq-api-context\",\"version\":1,\"environment\":\"Custom\",\"base_url\":\"" + baseUrl + "\",\"api_key\":\"bench-api-key\"," +
            "\"permitted_ips\":[],\"installation\":{\"token\":\"bench-installation-token\"," +
            "\"client_private_key\":" + Quote(BunqSigner.ExportPrivateKeyPem(clientKey)) + ",\"server_public_key\":" + Quote(BunqSigner.ExportPublicKeyPem(serverKey)) + "}," +
            "\"session\":{\"token\":\"bench-session-token\",\"user_id\":7701,\"timeout_seconds\":3155760000,\"expires_at\":\"2200-01-01T00:00:00Z\"}}";
        return BunqContextJson.Read(Encoding.UTF8.GetBytes(json));
    }

    private static string Quote(string text) => "\"" + System.Text.Json.JsonEncodedText.Encode(text).ToString() + "\"";
}

/// <summary>Answers every request at once with the same body, signed by the server key as bunq signs its answers.</summary>
internal sealed class FixedAnswerHandler : HttpMessageHandler
{
    private readonly byte[] _body;
    private readonly string _signature;

    public FixedAnswerHandler(byte[] body, RSA serverKey)
    {
        _body = body;
        _signature = BunqSigner.Sign(serverKey, body);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var answer = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(_body) };
        answer.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        answer.Headers.TryAddWithoutValidation("X-Bunq-Client-Response-Id", "3b8f7f1e-1a8f-4c4e-9a57-1f4d8f0e6d21");
        answer.Headers.TryAddWithoutValidation("X-Bunq-Server-Signature", _signature);
        return Task.FromResult(answer);
    }
}

/// <summary>
/// A clock that moves two seconds on every reading: bunq's rate limiter (on by default) then does all its bookkeeping
/// but never has to wait, so its cost is measured without its sleeps.
/// </summary>
internal sealed class SteppingClock : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Add(ref _ticks, TimeSpan.TicksPerSecond * 2), TimeSpan.Zero);
}
