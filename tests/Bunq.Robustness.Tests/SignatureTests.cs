using System.Text;
using Bunq.Emulator;
using Bunq.Robustness.Tests.Support;
using Bunq.Runtime;

namespace Bunq.Robustness.Tests;

/// <summary>
/// The server signature cannot be bypassed: a missing header is a failure (not a skip), a signature over other bytes
/// or by another key fails, and the check covers JSON, binary and error answers alike — nothing of a rejected answer
/// reaches the caller, not even the error details.
/// </summary>
public sealed class SignatureTests
{
    public static TheoryData<Signing, string> Cases()
    {
        var data = new TheoryData<Signing, string>();
        foreach (var signing in new[] { Signing.Missing, Signing.OtherBody, Signing.OtherKey, Signing.Garbage })
        {
            foreach (var answer in new[] { "json", "binary", "error-with-data", "empty" })
            {
                data.Add(signing, answer);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_signature_is_refused_for_every_kind_of_answer(Signing signing, string answer)
    {
        var stub = new StubBunq();
        using var context = await stub.CreateContextAsync();
        using var api = new BunqApiClient(context, new HttpClient(stub, disposeHandler: false), StubBunq.Options());
        var (request, reply) = Answer(answer);
        stub.Route = (_, _) => reply with { Signing = signing };

        var thrown = await Assert.ThrowsAnyAsync<BunqException>(() => api.SendAsync(request, default));
        // A POST's unverified answer says nothing about whether bunq executed it: the signature failure comes inside.
        var ex = request.Method == HttpMethod.Post
            ? Assert.IsType<BunqSignatureException>(Assert.IsType<BunqAmbiguousResultException>(thrown).InnerException)
            : Assert.IsType<BunqSignatureException>(thrown);

        Assert.Equal(stub.LastResponseId, ex.ResponseId);
        Assert.Equal(reply.Status, ex.StatusCode);
        // The error answer's text must not leak through the refusal either.
        Assert.DoesNotContain("Balance too low", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Balance too low", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("binary")]
    [InlineData("error-with-data")]
    [InlineData("empty")]
    public async Task A_valid_signature_passes(string answer)
    {
        // The control for the theory above: the same answers, correctly signed, get through.
        var stub = new StubBunq();
        using var context = await stub.CreateContextAsync();
        using var api = new BunqApiClient(context, new HttpClient(stub, disposeHandler: false), StubBunq.Options());
        var (request, reply) = Answer(answer);
        stub.Route = (_, _) => reply;
        if (reply.Status >= 400)
        {
            var error = await Assert.ThrowsAsync<BunqUserErrorException>(() => api.SendAsync(request, default));
            Assert.Equal("Balance too low", error.Errors.Single().Description);
        }
        else
        {
            var response = await api.SendAsync(request, default);
            Assert.Equal(reply.Body, response.Body.ToArray());
        }
    }

    [Theory]
    [InlineData(Signing.Missing)]
    [InlineData(Signing.OtherKey)]
    [InlineData(Signing.OtherBody)]
    public async Task The_session_server_answer_is_checked_while_creating_the_context(Signing signing)
    {
        // The installation answer brings the key and cannot be checked; device-server and session-server can and are.
        var stub = new StubBunq();
        stub.SessionServer = () => StubReply.Json(stub.SessionJson("FORGED_SESSION")) with { Signing = signing };
        // POST session-server: bunq may have opened the session, so the outcome is unknown; the signature failure is inside.
        var ambiguous = await Assert.ThrowsAsync<BunqAmbiguousResultException>(() => stub.CreateContextAsync());
        Assert.Equal(BunqAmbiguousReason.UnverifiedAnswer, ambiguous.Reason);
        var ex = Assert.IsType<BunqSignatureException>(ambiguous.InnerException);
        Assert.Equal(stub.LastResponseId, ex.ResponseId);
    }

    [Fact]
    public async Task A_tampering_proxy_in_front_of_the_emulator_is_caught()
    {
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false });
        var proxy = new Recorder(new SocketsHttpHandler());
        using var http = new HttpClient(proxy);
        var options = new BunqClientOptions { RateLimits = new BunqRateLimitOptions { Enabled = false } };
        using var context = await BunqApiContext.CreateAsync(new BunqContextOptions
        {
            ApiKey = emulator.CreateSandboxUser(),
            Environment = BunqEnvironment.Custom(emulator.BaseUrl),
            HttpClient = http,
            ClientKey = StubBunq.ClientKey,
            ClientOptions = options,
        });
        using var api = new BunqApiClient(context, http, options);
        var accounts = new BunqRequest(HttpMethod.Get, $"user/{context.UserId}/monetary-account");
        Assert.NotEmpty((await api.SendAsync(accounts, default)).Body.ToArray());

        // The proxy changes one byte of the body and keeps bunq's (the emulator's) signature.
        proxy.Tamper = (_, response, body) =>
        {
            var changed = (byte[])body.Clone();
            var at = Array.IndexOf(changed, (byte)'5');
            changed[at < 0 ? changed.Length / 2 : at] = (byte)'9';
            var type = response.Content.Headers.ContentType;
            response.Content = new ByteArrayContent(changed);
            response.Content.Headers.ContentType = type;
            return Task.CompletedTask;
        };
        await Assert.ThrowsAsync<BunqSignatureException>(() => api.SendAsync(accounts, default));

        // The proxy drops the signature of an error answer.
        proxy.Tamper = (_, response, _) =>
        {
            response.Headers.Remove("X-Bunq-Server-Signature");
            return Task.CompletedTask;
        };
        var missing = await Assert.ThrowsAsync<BunqSignatureException>(() => api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{context.UserId}/monetary-account/987654/payment/1"), default));
        Assert.Equal(404, missing.StatusCode);
        Assert.Equal(proxy.Exchanges.Last().ResponseHeaders["X-Bunq-Client-Response-Id"], missing.ResponseId);
    }

    private static (BunqRequest Request, StubReply Reply) Answer(string kind) => kind switch
    {
        "json" => (new BunqRequest(HttpMethod.Get, "user/42/monetary-account/1/payment/5"),
            StubReply.Json("""{"Response":[{"Payment":{"id":5,"amount":{"value":"-1000000.00","currency":"EUR"}}}]}""")),
        "binary" => (new BunqRequest(HttpMethod.Get, "user/42/monetary-account/1/attachment/3/content") { ExpectsBinary = true },
            new StubReply(200, new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x00, 0xFF, 0x10 }, "application/pdf")),
        "error-with-data" => (new BunqRequest(HttpMethod.Post, "user/42/monetary-account/1/payment") { Body = Encoding.UTF8.GetBytes("{}") },
            StubReply.Json("""{"Error":[{"error_description":"Balance too low","error_description_translated":"Saldo te laag"}]}""", 490)),
        _ => (new BunqRequest(HttpMethod.Delete, "user/42/monetary-account/1/payment/5"), new StubReply(200, Array.Empty<byte>())),
    };
}
