using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bunq.Emulator;
using Bunq.Robustness.Tests.Support;
using Bunq.Runtime;

namespace Bunq.Robustness.Tests;

/// <summary>HTTPS for anything but this machine, and optional pinning of the server's public key (bunq recommends it).</summary>
public sealed class TransportTests
{
    [Theory]
    [InlineData("http://api.bunq.com/v1")]
    [InlineData("http://10.0.0.5:8080/v1")]
    [InlineData("http://bunq-proxy.internal/v1")]
    [InlineData("ftp://api.bunq.com/v1")]
    public void Plain_http_to_another_machine_is_refused(string url)
    {
        var ex = Assert.Throws<ArgumentException>(() => BunqEnvironment.Custom(url));
        Assert.Contains("HTTPS", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.bunq.com/v1")]
    [InlineData("https://bunq-proxy.internal/v1")]
    [InlineData("http://127.0.0.1:5000/v1")]
    [InlineData("http://localhost:5000/v1")]
    [InlineData("http://[::1]:5000/v1")]
    public void Https_and_loopback_are_accepted(string url)
    {
        Assert.NotNull(BunqEnvironment.Custom(url));
    }

    [Fact]
    public async Task A_saved_context_pointing_at_plain_http_elsewhere_is_not_restored()
    {
        using var context = await new StubBunq().CreateContextAsync();
        var saved = System.Text.Encoding.UTF8.GetString(BunqContextJson.Write(context));
        Assert.Contains(StubBunq.BaseUrl, saved, StringComparison.Ordinal);
        var moved = saved.Replace("http://127.0.0.1:5098/v1", "http://bunq.attacker.example/v1", StringComparison.Ordinal);

        var ex = Assert.Throws<BunqContextStoreException>(() => BunqContextJson.Read(System.Text.Encoding.UTF8.GetBytes(moved)));
        Assert.Equal(BunqContextStoreError.Damaged, ex.Error);
        Assert.Contains("HTTPS", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pin_that_is_not_a_sha256_is_refused_up_front()
    {
        using var context = await new StubBunq().CreateContextAsync();
        var options = new BunqClientOptions { PinnedPublicKeys = { "not-a-pin" } };
        Assert.Throws<ArgumentException>(() => new BunqApiClient(context, options: options));
    }

    [Fact]
    public async Task Pinned_key_of_the_emulators_certificate_connects()
    {
        using var certificate = SelfSigned(out var pin);
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false, ServerCertificate = certificate });
        Assert.StartsWith("https://127.0.0.1:", emulator.BaseUrl, StringComparison.Ordinal);
        var options = Options(certificate, pin);

        using var context = await CreateAsync(emulator, options);
        using var api = new BunqApiClient(context, options: options);
        var accounts = await api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{context.UserId}/monetary-account"), default);
        Assert.Equal(200, accounts.StatusCode);
    }

    [Fact]
    public async Task A_different_pin_fails_before_anything_is_sent()
    {
        using var certificate = SelfSigned(out _);
        using var other = RSA.Create(2048);
        var wrongPin = Convert.ToBase64String(SHA256.HashData(other.ExportSubjectPublicKeyInfo()));
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false, ServerCertificate = certificate });

        var ex = await Assert.ThrowsAsync<BunqTransportException>(() => CreateAsync(emulator, Options(certificate, wrongPin)));
        Assert.False(ex.RequestSent);
        Assert.NotNull(ex.RequestId);
        var http = Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.IsType<System.Security.Authentication.AuthenticationException>(http.InnerException);
    }

    [Fact]
    public async Task A_pin_does_not_replace_chain_validation()
    {
        // The right pin, but the self-signed certificate is not trusted: still refused (pins add to validation).
        using var certificate = SelfSigned(out var pin);
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false, ServerCertificate = certificate });
        var options = StubBunq.Options();
        options.PinnedPublicKeys.Add(pin);
        var ex = await Assert.ThrowsAsync<BunqTransportException>(() => CreateAsync(emulator, options));
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task Without_pins_the_trusted_root_alone_connects()
    {
        using var certificate = SelfSigned(out _);
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false, ServerCertificate = certificate });
        var options = StubBunq.Options();
        options.TrustedRootCertificates.Add(certificate);
        using var context = await CreateAsync(emulator, options);
        Assert.True(context.HasSession);
    }

    [Fact]
    public async Task Pins_hold_under_dependency_injection()
    {
        using var certificate = SelfSigned(out var pin);
        using var other = RSA.Create(2048);
        var wrongPin = Convert.ToBase64String(SHA256.HashData(other.ExportSubjectPublicKeyInfo()));
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false, ServerCertificate = certificate });
        using var context = await CreateAsync(emulator, Options(certificate, pin));

        foreach (var (usedPin, works) in new[] { (pin, true), (wrongPin, false) })
        {
            var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
            services.AddBunq(o =>
            {
                o.Context = context;
                o.Client = Options(certificate, usedPin);
            });
            await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
            var api = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IBunqApiClient>(provider);
            var call = api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{context.UserId}/monetary-account"), default);
            if (works) Assert.Equal(200, (await call).StatusCode);
            else Assert.False((await Assert.ThrowsAsync<BunqTransportException>(() => call)).RequestSent);
        }
    }

    private static BunqClientOptions Options(X509Certificate2 root, string pin)
    {
        var options = StubBunq.Options();
        options.TrustedRootCertificates.Add(root);
        options.PinnedPublicKeys.Add(pin);
        return options;
    }

    private static Task<BunqApiContext> CreateAsync(BunqEmulator emulator, BunqClientOptions options)
        => BunqApiContext.CreateAsync(new BunqContextOptions
        {
            ApiKey = emulator.CreateSandboxUser(),
            Environment = BunqEnvironment.Custom(emulator.BaseUrl),
            ClientKey = StubBunq.ClientKey,
            ClientOptions = options,
            // No HttpClient: the runtime makes its own over the handler that enforces the options.
        });

    /// <summary>A certificate for 127.0.0.1 made here; its pin is base64(SHA-256(SubjectPublicKeyInfo)).</summary>
    private static X509Certificate2 SelfSigned(out string pin)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        pin = Convert.ToBase64String(SHA256.HashData(created.PublicKey.ExportSubjectPublicKeyInfo()));
        // Through PKCS#12 so that Kestrel gets a key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
