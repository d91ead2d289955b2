using Bunq.Robustness.Tests.Support;
using Bunq.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Bunq.Robustness.Tests;

/// <summary>
/// An unsigned 3xx from "bunq" (a hijacked DNS name, a compromised proxy) must not carry the session token, the client
/// signature or a signed payment anywhere: every status, same and cross origin, HTTP and HTTPS, real sockets.
/// </summary>
public sealed class RedirectTests
{
    public static TheoryData<int, bool, bool> Matrix()
    {
        var data = new TheoryData<int, bool, bool>();
        foreach (var status in new[] { 301, 302, 303, 307, 308 })
        {
            foreach (var crossOrigin in new[] { false, true })
            {
                foreach (var https in new[] { false, true }) data.Add(status, crossOrigin, https);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_redirect_is_never_followed_and_is_a_typed_error(int status, bool crossOrigin, bool https)
    {
        var certificate = https ? TestCertificates.Loopback : null;
        await using var bunq = await HostileBunq.StartAsync(certificate);
        await using var elsewhere = await HostileServer.StartAsync(certificate);
        var location = crossOrigin
            ? $"{(https ? "https" : "http")}://localhost:{elsewhere.Port}/steal"
            : "/v1/user/42/monetary-account/9/elsewhere";
        bunq.Route = (context, _) =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        };
        var options = HostileBunq.Options(certificate);
        using var context = await bunq.CreateContextAsync(options);
        // The runtime's own HTTP client: the one BunqApiClient makes over BunqClientOptions.CreateHttpHandler().
        using var api = new BunqApiClient(context, options: options);

        var ex = await Assert.ThrowsAsync<BunqRedirectException>(() => api.SendAsync(HostileBunq.Payment("pay-redirect-1"), default));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(crossOrigin ? "localhost" : "127.0.0.1", ex.LocationHost);
        Assert.Equal("pay-redirect-1", ex.RequestId);
        Assert.Empty(elsewhere.Seen);
        Assert.Equal(0, bunq.Server.Count("GET", "/elsewhere") + bunq.Server.Count("POST", "/elsewhere"));
        Assert.Equal(1, bunq.Server.Count("POST", "/payment"));
    }

    [Fact]
    public async Task The_hostile_redirect_would_be_followed_by_an_ordinary_client()
    {
        // Control: the same redirect does reach the other origin when an HttpClient follows redirects, so the tests
        // above would see a leak if the runtime followed one.
        await using var bunq = await HostileBunq.StartAsync();
        await using var elsewhere = await HostileServer.StartAsync();
        bunq.Route = (context, _) =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = $"http://localhost:{elsewhere.Port}/steal";
            return Task.CompletedTask;
        };
        using var plain = new HttpClient();
        using var post = new HttpRequestMessage(HttpMethod.Post, bunq.BaseUrl + "/" + HostileBunq.PaymentPath) { Content = new StringContent("{}") };
        post.Headers.TryAddWithoutValidation("X-Bunq-Client-Authentication", "SECRET_SESSION");
        using var response = await plain.SendAsync(post);
        var stolen = Assert.Single(elsewhere.Seen);
        Assert.Equal("POST", stolen.Method);
        Assert.Equal("SECRET_SESSION", stolen.Authentication);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Under_dependency_injection_no_redirect_is_followed_even_over_a_users_primary_handler(bool usersPrimaryHandler)
    {
        await using var bunq = await HostileBunq.StartAsync();
        await using var elsewhere = await HostileServer.StartAsync();
        bunq.Route = (context, _) =>
        {
            context.Response.StatusCode = 308;
            context.Response.Headers.Location = $"http://localhost:{elsewhere.Port}/steal";
            return Task.CompletedTask;
        };
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        var services = new ServiceCollection();
        services.AddBunq(o =>
        {
            o.Context = context;
            o.Client = options;
        });
        // HttpClientHandler follows redirects by default; AddBunq's filter switches that off and keeps its check under it.
        if (usersPrimaryHandler) services.AddHttpClient(BunqServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler());
        await using var provider = services.BuildServiceProvider();
        var api = provider.GetRequiredService<IBunqApiClient>();

        var ex = await Assert.ThrowsAsync<BunqRedirectException>(() => api.SendAsync(HostileBunq.Payment(), default));
        Assert.Equal(308, ex.StatusCode);
        Assert.Empty(elsewhere.Seen);
    }

    [Fact]
    public async Task Over_a_users_own_redirect_following_client_the_answer_from_elsewhere_is_still_refused()
    {
        // Documented limit: a client not built over CreateHttpHandler() follows the redirect itself (the request
        // leaves), but the runtime refuses what comes back from the other origin, signed or not.
        await using var bunq = await HostileBunq.StartAsync();
        await using var elsewhere = await HostileServer.StartAsync();
        elsewhere.Handler = (context, _) => HostileBunq.AnswerAsync(context, 200, """{"Response":[{"Id":{"id":666}}]}""");
        bunq.Route = (context, _) =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = $"http://localhost:{elsewhere.Port}/steal";
            return Task.CompletedTask;
        };
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        using var followsRedirects = new HttpClient();
        using var api = new BunqApiClient(context, followsRedirects, options);

        var ex = await Assert.ThrowsAsync<BunqRedirectException>(() => api.SendAsync(HostileBunq.Payment(), default));
        Assert.Equal("localhost", ex.LocationHost);
        Assert.Single(elsewhere.Seen);
    }
}
