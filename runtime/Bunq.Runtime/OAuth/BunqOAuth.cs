using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bunq.Runtime;

/// <summary>Your OAuth client as registered with bunq (bunq Developer, or <c>POST /user/{id}/oauth-client</c>).</summary>
[System.Diagnostics.DebuggerDisplay("{ToString(),nq}")]
public sealed class BunqOAuthOptions
{
    /// <summary>The OAuth client id bunq issued for your app.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret; sent only to the token endpoint, never logged, serialised or shown.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [System.Runtime.Serialization.IgnoreDataMember]
    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    public string ClientSecret { get; set; } = "";

    /// <summary>A redirect URL registered for the client; bunq sends the user back here with <c>code</c> and <c>state</c>.</summary>
    public string RedirectUri { get; set; } = "";

    /// <summary>bunq's authorization page: <c>https://oauth.bunq.com/auth</c> (see <see cref="ForEnvironment"/>).</summary>
    public Uri AuthorizeUrl { get; set; } = ProductionAuthorizeUrl;

    /// <summary>bunq's token endpoint: <c>https://api.oauth.bunq.com/v1/token</c>.</summary>
    public Uri TokenUrl { get; set; } = ProductionTokenUrl;

    /// <summary>Bounds the token call.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>bunq's production authorization page.</summary>
    public static readonly Uri ProductionAuthorizeUrl = new("https://oauth.bunq.com/auth");
    /// <summary>bunq's production token endpoint.</summary>
    public static readonly Uri ProductionTokenUrl = new("https://api.oauth.bunq.com/v1/token");
    /// <summary>The sandbox authorization page.</summary>
    public static readonly Uri SandboxAuthorizeUrl = new("https://oauth.sandbox.bunq.com/auth");
    /// <summary>The sandbox token endpoint.</summary>
    public static readonly Uri SandboxTokenUrl = new("https://api-oauth.sandbox.bunq.com/v1/token");

    /// <summary>Never shows the client secret.</summary>
    public override string ToString() => $"BunqOAuthOptions({ClientId}, {TokenUrl.Host}, client secret {(string.IsNullOrEmpty(ClientSecret) ? "not set" : "set")})";

    /// <summary>bunq's documented OAuth URLs for production or the sandbox (bunq's API docs, "OAuth").</summary>
    public BunqOAuthOptions ForEnvironment(BunqEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment == BunqEnvironment.Production)
        {
            AuthorizeUrl = ProductionAuthorizeUrl;
            TokenUrl = ProductionTokenUrl;
        }
        else if (environment == BunqEnvironment.Sandbox)
        {
            AuthorizeUrl = SandboxAuthorizeUrl;
            TokenUrl = SandboxTokenUrl;
        }
        else
        {
            throw new ArgumentException("A custom environment has no documented OAuth URLs; set AuthorizeUrl and TokenUrl (the emulator gives them).", nameof(environment));
        }
        return this;
    }
}

/// <summary>Where to send the user, and the <see cref="State"/> to keep (in the user's session or an HttpOnly cookie) until bunq sends them back.</summary>
/// <remarks>
/// The state guards against forged redirects, so it stays out of logs and dumps: <see cref="ToString"/> and the
/// debugger show neither it nor the URL's query (which carries it too), and serialisers skip it.
/// </remarks>
[System.Diagnostics.DebuggerDisplay("{ToString(),nq}")]
public sealed record BunqOAuthAuthorization(
    [property: System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)] Uri Url,
    [property: System.Text.Json.Serialization.JsonIgnore, System.Runtime.Serialization.IgnoreDataMember, System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)] string State)
{
    /// <summary>The authorization page without its query; the state is never shown.</summary>
    public override string ToString() => $"BunqOAuthAuthorization({Url.GetLeftPart(UriPartial.Path)}, state ***)";
}

/// <summary>bunq's answer to the code exchange. The access token works as an API key: create a context for it.</summary>
public sealed class BunqOAuthToken
{
    internal BunqOAuthToken(string accessToken, string? tokenType, string? state)
    {
        AccessToken = accessToken;
        TokenType = tokenType;
        State = state;
    }

    /// <summary>The secret that opens sessions for the connected user; store it like an API key.</summary>
    public string AccessToken { get; }

    /// <summary><c>bearer</c>.</summary>
    public string? TokenType { get; }

    /// <summary>The <c>state</c> bunq echoed in the token answer, when it did; the redirect's state is checked before the exchange.</summary>
    public string? State { get; }

    /// <summary>Never shows the token.</summary>
    public override string ToString() => $"BunqOAuthToken({TokenType ?? "bearer"}, ***)";
}

/// <summary>
/// OAuth failed: bunq's error (<c>{"error":"invalid_grant","error_description":…}</c>, e.g. a used or expired code), or
/// the returned <c>state</c> does not match (<see cref="Error"/> = <c>invalid_state</c>: possibly a forged redirect; no call was made).
/// </summary>
public sealed class BunqOAuthException : BunqException
{
    /// <summary>Creates the exception for the OAuth error <paramref name="error"/>; <paramref name="statusCode"/> is null when it came back on the redirect.</summary>
    public BunqOAuthException(string error, string? description, int? statusCode)
        : base($"bunq OAuth failed: {error}" + (string.IsNullOrWhiteSpace(description) ? "" : $" ({description})") + (statusCode is { } s ? $", HTTP {s}" : ""), null)
    {
        Error = error;
        Description = description;
        StatusCode = statusCode;
    }

    /// <summary>The OAuth error code: <c>invalid_grant</c>, <c>invalid_client</c>, <c>invalid_request</c>, <c>invalid_state</c>, …</summary>
    public string Error { get; }

    /// <summary>bunq's <c>error_description</c>, when it sent one.</summary>
    public string? Description { get; }

    /// <summary>The HTTP status of bunq's answer; null when no call was made.</summary>
    public int? StatusCode { get; }
}

/// <summary>
/// Connects other bunq users to your app (bunq's API docs, "OAuth"): the authorization URL with a CSRF <c>state</c>, the
/// code → access-token exchange (parameters in the query, no body, as bunq documents), and a context for the token.
/// </summary>
public sealed class BunqOAuthClient : IDisposable
{
    private readonly BunqOAuthOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <param name="options">The client id, secret, redirect URL and bunq's URLs.</param>
    /// <param name="httpClient">For the token call; one is made (and disposed with this client) when null.</param>
    public BunqOAuthClient(BunqOAuthOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientId, nameof(options.ClientId));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientSecret, nameof(options.ClientSecret));
        if (!Uri.TryCreate(options.RedirectUri, UriKind.Absolute, out _)) throw new ArgumentException("RedirectUri must be an absolute URL registered with bunq.", nameof(options));
        RequireSecure(options.TokenUrl, nameof(options.TokenUrl));
        RequireSecure(options.AuthorizeUrl, nameof(options.AuthorizeUrl));
        _options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = options.Timeout };
    }

    /// <summary>A URL for the user's browser with a fresh, unguessable <c>state</c> (256 random bits).</summary>
    public BunqOAuthAuthorization CreateAuthorization()
    {
        var state = Base64Url(RandomNumberGenerator.GetBytes(32));
        var query = "response_type=code"
            + "&client_id=" + Uri.EscapeDataString(_options.ClientId)
            + "&redirect_uri=" + Uri.EscapeDataString(_options.RedirectUri)
            + "&state=" + Uri.EscapeDataString(state);
        var builder = new UriBuilder(_options.AuthorizeUrl) { Query = query };
        return new BunqOAuthAuthorization(builder.Uri, state);
    }

    /// <summary>
    /// Exchanges the <paramref name="code"/> bunq put on the redirect for an access token, after checking that the
    /// redirect's <paramref name="returnedState"/> is the <paramref name="expectedState"/> of <see cref="CreateAuthorization"/>
    /// (constant-time; a mismatch throws <see cref="BunqOAuthException"/> <c>invalid_state</c> before any call).
    /// </summary>
    public async Task<BunqOAuthToken> ExchangeCodeAsync(string code, string? returnedState, string expectedState, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedState);
        if (returnedState is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(returnedState), Encoding.UTF8.GetBytes(expectedState)))
        {
            throw new BunqOAuthException("invalid_state", "The state on the redirect is not the one this app issued.", null);
        }
        if (string.IsNullOrWhiteSpace(code)) throw new BunqOAuthException("invalid_request", "The redirect carries no code.", null);

        // bunq: "Pass the following parameters as GET variables … The request should only contain URL parameters. No body is expected."
        var query = "grant_type=authorization_code"
            + "&code=" + Uri.EscapeDataString(code)
            + "&redirect_uri=" + Uri.EscapeDataString(_options.RedirectUri)
            + "&client_id=" + Uri.EscapeDataString(_options.ClientId)
            + "&client_secret=" + Uri.EscapeDataString(_options.ClientSecret);
        using var request = new HttpRequestMessage(HttpMethod.Post, new UriBuilder(_options.TokenUrl) { Query = query }.Uri);
        using var answer = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await answer.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)answer.StatusCode;
        string? accessToken = null, tokenType = null, state = null, error = null, description = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                accessToken = Text(document.RootElement, "access_token");
                tokenType = Text(document.RootElement, "token_type");
                state = Text(document.RootElement, "state");
                error = Text(document.RootElement, "error");
                description = Text(document.RootElement, "error_description");
            }
        }
        catch (JsonException)
        {
            // Not bunq's JSON (a proxy page): the status says what happened.
        }
        if (status is < 200 or > 299 || error is not null || string.IsNullOrEmpty(accessToken))
        {
            throw new BunqOAuthException(error ?? (status is >= 200 and <= 299 ? "invalid_response" : "http_" + status.ToString(CultureInfo.InvariantCulture)),
                description ?? (status is >= 200 and <= 299 ? "The token answer carries no access_token." : null), status);
        }
        return new BunqOAuthToken(accessToken, tokenType, state);
    }

    /// <summary>
    /// A context for the connected user: installation, device and session with the access token as API key. Its
    /// <see cref="BunqApiContext.UserId"/> is the UserApiKey's id — the user id of every call you make for this user
    /// (see <see cref="BunqOAuthConnection"/>).
    /// </summary>
    public static Task<BunqApiContext> CreateContextAsync(BunqOAuthToken token, BunqContextOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(options);
        options.ApiKey = token.AccessToken;
        // The options get their limiter now, so a client later built with the same options counts against the same budget.
        options.ClientOptions.RateLimiter ??= new BunqRateLimiter(options.ClientOptions.RateLimits, options.ClientOptions.TimeProvider);
        return BunqApiContext.CreateAsync(options, cancellationToken);
    }

    /// <summary>Disposes the HTTP client the flow created for itself; a caller's own is left alone.</summary>
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    private static void RequireSecure(Uri url, string name)
    {
        if (!url.IsAbsoluteUri || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
        {
            throw new ArgumentException($"{name} must be an https:// URL (http:// only for a local emulator).", name);
        }
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>One side of an OAuth connection: the user's id, its object type (<c>UserPerson</c>, <c>UserCompany</c>, …) and name.</summary>
public sealed record BunqOAuthUser(long Id, string ObjectType, string? DisplayName);

/// <summary>
/// What <c>GET /user/{id}</c> answers for an OAuth context: a <c>UserApiKey</c>. Its <see cref="UserId"/> is the user id
/// of every path; <see cref="GrantedBy"/> is the bunq user who connected, whose items (monetary accounts, payments) keep
/// their own ids: <c>user/{UserId}/monetary-account/{an account id of GrantedBy}/payment</c>. <see cref="RequestedBy"/>
/// is you, the owner of the OAuth client.
/// </summary>
public sealed record BunqOAuthConnection(long UserId, BunqOAuthUser RequestedBy, BunqOAuthUser GrantedBy)
{
    /// <summary>Reads the UserApiKey of <paramref name="userId"/>; <see cref="BunqResponseFormatException"/> when the user is not a UserApiKey.</summary>
    public static async Task<BunqOAuthConnection> ReadAsync(IBunqApiClient api, long userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var response = await api.SendAsync(new BunqRequest(Wire.BunqWireFacts.ReadUser, userId), cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            if (document.RootElement.TryGetProperty("Response", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("UserApiKey", out var key)) continue;
                    var requested = Anchored(key, "requested_by_user", response.ResponseId);
                    var granted = Anchored(key, "granted_by_user", response.ResponseId);
                    var id = key.TryGetProperty("id", out var idValue) && idValue.TryGetInt64(out var v) ? v : userId;
                    return new BunqOAuthConnection(id, requested, granted);
                }
            }
        }
        catch (JsonException ex)
        {
            throw new BunqResponseFormatException("The user answer is not valid JSON.", response.ResponseId, ex);
        }
        throw new BunqResponseFormatException($"User {userId} is not a UserApiKey: the context was not made for an OAuth access token.", response.ResponseId);
    }

    private static BunqOAuthUser Anchored(JsonElement key, string name, string? responseId)
    {
        if (key.TryGetProperty(name, out var anchor) && anchor.ValueKind == JsonValueKind.Object)
        {
            foreach (var variant in anchor.EnumerateObject())
            {
                if (variant.Value.ValueKind != JsonValueKind.Object) continue;
                var value = variant.Value;
                if (value.TryGetProperty("id", out var id) && id.TryGetInt64(out var userId))
                {
                    var name2 = value.TryGetProperty("display_name", out var display) && display.ValueKind == JsonValueKind.String ? display.GetString() : null;
                    return new BunqOAuthUser(userId, variant.Name, name2);
                }
            }
        }
        throw new BunqResponseFormatException($"The UserApiKey has no {name} with an id.", responseId);
    }
}
