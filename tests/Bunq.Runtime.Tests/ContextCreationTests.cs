using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bunq.Runtime.Security;

namespace Bunq.Runtime.Tests;

public sealed class ContextCreationTests
{
    [Fact]
    public async Task Creating_a_context_runs_installation_device_and_session_with_the_right_tokens_and_signatures()
    {
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq);

        var calls = bunq.Requests.ToArray();
        Assert.Equal(new[] { "installation", "device-server", "session-server" }, calls.Select(c => c.Path));
        Assert.All(calls, c => Assert.Equal(HttpMethod.Post, c.Method));

        var installation = calls[0];
        Assert.Null(installation.Header("X-Bunq-Client-Authentication"));
        Assert.Null(installation.Header("X-Bunq-Client-Signature"));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", installation.Json.GetProperty("client_public_key").GetString());

        var device = calls[1];
        Assert.Equal(bunq.InstallationToken, device.Header("X-Bunq-Client-Authentication"));
        Assert.NotNull(device.Header("X-Bunq-Client-Signature"));
        Assert.Equal("runtime tests", device.Json.GetProperty("description").GetString());
        Assert.Equal(Fixtures.ApiKey, device.Json.GetProperty("secret").GetString());
        Assert.Equal(new[] { "1.2.3.4", "*" }, device.Json.GetProperty("permitted_ips").EnumerateArray().Select(e => e.GetString()));

        var session = calls[2];
        Assert.Equal(bunq.InstallationToken, session.Header("X-Bunq-Client-Authentication"));
        Assert.Equal(Fixtures.ApiKey, session.Json.GetProperty("secret").GetString());
        Assert.True(BunqSigner.Verify(bunq.ClientKey!, session.Body, session.Header("X-Bunq-Client-Signature")));
        Assert.Empty(bunq.BadSignatures);

        Assert.Equal(42, context.UserId);
        Assert.Equal(TimeSpan.FromSeconds(3600), context.SessionTimeout);
        Assert.Equal("session-token-1-c0ffee", context.Session!.Token);
        Assert.Equal(bunq.ClientPublicKeyPem, context.ClientPublicKeyPem);
        Assert.Equal(BunqSigner.ExportPublicKeyPem(bunq.ServerKey), context.ServerPublicKeyPem);
    }

    [Theory]
    [InlineData("UserPerson")]
    [InlineData("UserCompany")]
    [InlineData("UserPaymentServiceProvider")]
    public async Task The_user_id_and_timeout_come_from_any_user_type(string userType)
    {
        var bunq = new FakeBunq { UserType = userType, UserId = 9_000_000_001, SessionTimeoutSeconds = 604800 };
        using var context = await Fixtures.CreateContextAsync(bunq);
        Assert.Equal(9_000_000_001, context.UserId);
        Assert.Equal(TimeSpan.FromDays(7), context.SessionTimeout);
    }

    [Fact]
    public async Task An_OAuth_UserApiKey_takes_its_timeout_from_the_requesting_user()
    {
        var bunq = new FakeBunq { UserType = "UserApiKey", UserId = 77 };
        using var context = await Fixtures.CreateContextAsync(bunq);
        Assert.Equal(77, context.UserId);
        Assert.Equal(TimeSpan.FromSeconds(900), context.SessionTimeout);
    }

    [Fact]
    public async Task A_missing_session_timeout_falls_back_to_the_default()
    {
        var bunq = new FakeBunq { SessionTimeoutSeconds = null };
        using var context = await Fixtures.CreateContextAsync(bunq);
        Assert.Equal(TimeSpan.FromHours(1), context.SessionTimeout);
    }

    [Fact]
    public async Task A_device_server_error_surfaces_as_a_typed_exception()
    {
        var bunq = new FakeBunq();
        var options = new BunqContextOptions
        {
            ApiKey = Fixtures.ApiKey,
            Environment = BunqEnvironment.Custom("http://127.0.0.1:5099/v1"),
            HttpClient = new HttpClient(new ErrorOnDevice(bunq), disposeHandler: false),
            ClientOptions = Fixtures.Options(),
        };
        var ex = await Assert.ThrowsAsync<BunqBadRequestException>(() => BunqApiContext.CreateAsync(options));
        Assert.Contains("API key is unknown", ex.Message);
    }

    private sealed class ErrorOnDevice(FakeBunq inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var answer = await base.SendAsync(request, cancellationToken);
            if (!request.RequestUri!.AbsolutePath.EndsWith("device-server", StringComparison.Ordinal)) return answer;
            var body = Encoding.UTF8.GetBytes("""{"Error":[{"error_description":"API key is unknown.","error_description_translated":"API key is unknown."}]}""");
            var error = new HttpResponseMessage(System.Net.HttpStatusCode.BadRequest) { Content = new ByteArrayContent(body) };
            error.Headers.TryAddWithoutValidation("X-Bunq-Server-Signature", BunqSigner.Sign(inner.ServerKey, body));
            return error;
        }
    }

    [Fact]
    public async Task Psd2_registers_the_certificate_and_uses_the_returned_api_key()
    {
        using var certificateKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=My App PISP AISP, C=NL", certificateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        var bunq = new FakeBunq { UserType = "UserPaymentServiceProvider", UserId = 5 };
        RecordedRequest? credentialCall = null;
        bunq.Psd2 = r =>
        {
            credentialCall = r;
            return StubAnswer.Ok("""{"Response":[{"CredentialPasswordIp":{"id":55,"status":"PENDING_FIRST_USE","token_value":"psd2-api-key-from-bunq"}}]}""");
        };
        using var context = await BunqApiContext.CreatePsd2Async(new BunqPsd2ContextOptions
        {
            Certificate = certificate,
            CertificateChain = new X509Certificate2Collection(certificate),
            Environment = BunqEnvironment.Custom("http://127.0.0.1:5099/v1"),
            HttpClient = new HttpClient(bunq, disposeHandler: false),
            ClientOptions = Fixtures.Options(),
        });

        Assert.Equal(new[] { "installation", "payment-service-provider-credential", "device-server", "session-server" }, bunq.Requests.Select(r => r.Path));
        Assert.NotNull(credentialCall);
        Assert.Equal(bunq.InstallationToken, credentialCall!.Header("X-Bunq-Client-Authentication"));
        var json = credentialCall.Json;
        var sentCertificate = X509Certificate2.CreateFromPem(json.GetProperty("client_payment_service_provider_certificate").GetString());
        Assert.Equal(certificate.Thumbprint, sentCertificate.Thumbprint);
        Assert.Contains("-----BEGIN CERTIFICATE-----", json.GetProperty("client_payment_service_provider_certificate_chain").GetString());
        var signedData = Encoding.UTF8.GetBytes(bunq.ClientPublicKeyPem + bunq.InstallationToken);
        using var certificatePublic = certificate.GetRSAPublicKey()!;
        Assert.True(BunqSigner.Verify(certificatePublic, signedData, json.GetProperty("client_public_key_signature").GetString()));
        Assert.Equal("psd2-api-key-from-bunq", bunq.ApiKeySeen);
        Assert.Equal(5, context.UserId);
        Assert.Empty(bunq.BadSignatures);
    }

    [Fact]
    public async Task Psd2_without_a_private_key_is_refused_before_any_call()
    {
        using var certificateKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=My App AISP", certificateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);
        var bunq = new FakeBunq();
        await Assert.ThrowsAsync<ArgumentException>(() => BunqApiContext.CreatePsd2Async(new BunqPsd2ContextOptions
        {
            Certificate = publicOnly,
            HttpClient = new HttpClient(bunq, disposeHandler: false),
        }));
        Assert.Empty(bunq.Requests);
    }

    [Fact]
    public void Environments_resolve_paths_under_v1()
    {
        Assert.Equal("https://api.bunq.com/v1/user/1/monetary-account?count=10", BunqEnvironment.Production.Resolve("user/1/monetary-account?count=10").AbsoluteUri);
        Assert.Equal("https://public-api.sandbox.bunq.com/v1/installation", BunqEnvironment.Sandbox.Resolve("installation").AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/v1/session-server", BunqEnvironment.Custom("http://127.0.0.1:5000/v1").Resolve("session-server").AbsoluteUri);
        Assert.Same(BunqEnvironment.Sandbox, BunqEnvironment.Custom("https://public-api.sandbox.bunq.com/v1"));
    }
}
