using System.Collections.Concurrent;
using System.Net;
using Bunq.Emulator;
using Bunq.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.AspNetCore.Tests;

/// <summary>OAuth connect against the emulator's authorize and token endpoints.</summary>
public sealed class OAuthTests
{
    private const string Redirect = "https://app.example/bunq/return";

    private static BunqOAuthClient Client(BunqEmulator emulator, BunqEmulatorOAuthClient registered, HttpMessageHandler? handler = null)
        => new(new BunqOAuthOptions
        {
            ClientId = registered.ClientId,
            ClientSecret = registered.ClientSecret,
            RedirectUri = Redirect,
            AuthorizeUrl = emulator.OAuthAuthorizeUrl,
            TokenUrl = emulator.OAuthTokenUrl,
        }, handler is null ? null : new HttpClient(handler));

    /// <summary>The user's browser: follows the authorize URL to bunq, which (auto-approving) redirects to the app.</summary>
    private static async Task<(string Code, string? State)> ApproveAsync(Uri authorizeUrl)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var answer = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var location = answer.Headers.Location!;
        Assert.StartsWith(Redirect + "?", location.ToString());
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        return (query["code"]!, query["state"]);
    }

    [Fact]
    public async Task Authorize_exchange_and_a_context_for_the_token_act_for_the_granting_user_through_the_UserApiKey()
    {
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false });
        var registered = emulator.RegisterOAuthClient(Redirect);
        var wire = new Recorder();
        using var oauth = Client(emulator, registered, wire);

        var authorization = oauth.CreateAuthorization();
        Assert.NotEqual(authorization.State, oauth.CreateAuthorization().State);
        Assert.True(authorization.State.Length >= 43, "256 bits of state");
        var query = System.Web.HttpUtility.ParseQueryString(authorization.Url.Query);
        Assert.Equal(("code", registered.ClientId, Redirect, authorization.State), (query["response_type"], query["client_id"], query["redirect_uri"], query["state"]));

        var (code, state) = await ApproveAsync(authorization.Url);
        Assert.Equal(authorization.State, state);
        var token = await oauth.ExchangeCodeAsync(code, state, authorization.State);

        // As bunq documents: a POST with every parameter in the query and no body.
        var sent = Assert.Single(wire.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal(0, sent.BodyLength);
        var sentQuery = System.Web.HttpUtility.ParseQueryString(sent.Uri.Query);
        Assert.Equal(("authorization_code", code, Redirect, registered.ClientId, registered.ClientSecret),
            (sentQuery["grant_type"], sentQuery["code"], sentQuery["redirect_uri"], sentQuery["client_id"], sentQuery["client_secret"]));
        Assert.Equal("bearer", token.TokenType);
        Assert.DoesNotContain(token.AccessToken, token.ToString());

        using var context = await BunqOAuthClient.CreateContextAsync(token, new BunqContextOptions { Environment = BunqEnvironment.Custom(emulator.BaseUrl) });
        using var api = new BunqApiClient(context, options: new BunqClientOptions { RateLimits = { Enabled = false } });
        var connection = await BunqOAuthConnection.ReadAsync(api, context.UserId);

        Assert.Equal(context.UserId, connection.UserId);
        Assert.Equal("UserCompany", connection.RequestedBy.ObjectType);
        Assert.Equal("UserPerson", connection.GrantedBy.ObjectType);
        Assert.Equal(3, new[] { connection.UserId, connection.RequestedBy.Id, connection.GrantedBy.Id }.Distinct().Count());

        // The UserApiKey's id in the path, the granting user's account ids below it.
        var accounts = await api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{context.UserId}/monetary-account-bank"), default);
        using var listed = System.Text.Json.JsonDocument.Parse(accounts.Body);
        var account = listed.RootElement.GetProperty("Response")[0].GetProperty("MonetaryAccountBank");
        Assert.Equal(connection.GrantedBy.Id, account.GetProperty("user_id").GetInt64());

        // A code is good once.
        var again = await Assert.ThrowsAsync<BunqOAuthException>(() => oauth.ExchangeCodeAsync(code, state, authorization.State));
        Assert.Equal(("invalid_grant", 400), (again.Error, again.StatusCode));
    }

    [Fact]
    public async Task A_redirect_with_another_state_is_refused_before_any_call_and_the_code_stays_unspent()
    {
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false });
        var registered = emulator.RegisterOAuthClient(Redirect);
        var wire = new Recorder();
        using var oauth = Client(emulator, registered, wire);
        var authorization = oauth.CreateAuthorization();
        var (code, _) = await ApproveAsync(authorization.Url);

        var forged = await Assert.ThrowsAsync<BunqOAuthException>(() => oauth.ExchangeCodeAsync(code, "attacker-state", authorization.State));
        var missing = await Assert.ThrowsAsync<BunqOAuthException>(() => oauth.ExchangeCodeAsync(code, null, authorization.State));

        Assert.Equal(("invalid_state", (int?)null), (forged.Error, forged.StatusCode));
        Assert.Equal("invalid_state", missing.Error);
        Assert.Empty(wire.Requests);
        var token = await oauth.ExchangeCodeAsync(code, authorization.State, authorization.State);
        Assert.False(string.IsNullOrEmpty(token.AccessToken));
    }

    [Fact]
    public async Task An_expired_code_gives_bunqs_invalid_grant_as_a_typed_exception()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false, Clock = clock });
        var registered = emulator.RegisterOAuthClient(Redirect);
        using var oauth = Client(emulator, registered);
        var authorization = oauth.CreateAuthorization();
        var (code, state) = await ApproveAsync(authorization.Url);

        clock.Advance(emulator.OAuthCodeLifetime + TimeSpan.FromSeconds(1));
        var expired = await Assert.ThrowsAsync<BunqOAuthException>(() => oauth.ExchangeCodeAsync(code, state, authorization.State));

        Assert.Equal("invalid_grant", expired.Error);
        Assert.Equal(400, expired.StatusCode);
        Assert.Equal("The authorization code is invalid or expired.", expired.Description);
        Assert.DoesNotContain(registered.ClientSecret, expired.Message);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_invalid_client_and_a_redirect_uri_never_registered_gets_no_code()
    {
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false });
        var registered = emulator.RegisterOAuthClient(Redirect);
        using var wrong = Client(emulator, registered with { ClientSecret = "not-the-secret" });
        var authorization = wrong.CreateAuthorization();
        var (code, state) = await ApproveAsync(authorization.Url);

        var failure = await Assert.ThrowsAsync<BunqOAuthException>(() => wrong.ExchangeCodeAsync(code, state, authorization.State));
        Assert.Equal(("invalid_client", 401), (failure.Error, failure.StatusCode));
        Assert.DoesNotContain("not-the-secret", failure.Message);

        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var elsewhere = authorization.Url.ToString().Replace(Uri.EscapeDataString(Redirect), Uri.EscapeDataString("https://evil.example/steal"), StringComparison.Ordinal);
        using var answer = await browser.GetAsync(elsewhere);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
    }

    [Fact]
    public async Task Revoking_sends_the_owner_an_OAUTH_callback_and_the_token_stops_working()
    {
        var revoked = new ConcurrentQueue<BunqCallbackEvent>();
        await using var host = await CallbackHost.StartAsync(o => o.OnCategory("OAUTH", (e, _) =>
        {
            revoked.Enqueue(e);
            return Task.CompletedTask;
        }));
        var owner = await host.Accessor.GetUserIdAsync();
        await host.Api.EnsureCallbacksAsync(owner, host.CallbackUrl, new[] { "OAUTH" });
        var registered = host.Emulator.RegisterOAuthClient(Redirect, host.App.Configuration["Bunq:ApiKey"]);
        using var oauth = Client(host.Emulator, registered);
        var authorization = oauth.CreateAuthorization();
        var (code, state) = await ApproveAsync(authorization.Url);
        var token = await oauth.ExchangeCodeAsync(code, state, authorization.State);
        using var context = await BunqOAuthClient.CreateContextAsync(token, new BunqContextOptions { Environment = BunqEnvironment.Custom(host.Emulator.BaseUrl) });
        using var api = new BunqApiClient(context, options: new BunqClientOptions { RateLimits = { Enabled = false } });
        var connection = await BunqOAuthConnection.ReadAsync(api, context.UserId);
        Assert.Equal(owner, connection.RequestedBy.Id);

        Assert.True(host.Emulator.RevokeOAuth(token.AccessToken));

        await CallbackHost.WaitUntilAsync(() => revoked.Count == 1, "the OAUTH callback reaches the owner's handler");
        var e = Assert.Single(revoked);
        Assert.Equal(("OAUTH", "OAUTH_REVOKED", "UserApiKey"), (e.Callback.Category, e.Callback.EventType, e.Callback.ObjectType));
        await Assert.ThrowsAnyAsync<BunqApiException>(() => BunqOAuthConnection.ReadAsync(api, context.UserId));
        Assert.False(host.Emulator.RevokeOAuth(token.AccessToken));
    }

    private sealed class Recorder : DelegatingHandler
    {
        public Recorder() : base(new SocketsHttpHandler { AllowAutoRedirect = false }) { }

        public ConcurrentQueue<(string Method, Uri Uri, long BodyLength)> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var length = request.Content is null ? 0 : (await request.Content.ReadAsByteArrayAsync(cancellationToken)).LongLength;
            Requests.Enqueue((request.Method.Method, request.RequestUri!, length));
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
