using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bunq.Emulator.State;

namespace Bunq.Emulator.Protocol;

/// <summary>
/// bunq's OAuth (its API docs, "OAuth"): <c>GET /oauth/auth</c> (the authorization page; auto-approved by a fresh
/// sandbox user, answered with a 302 to <c>redirect_uri?code=…&amp;state=…</c>) and <c>POST /oauth/v1/token</c> (the
/// code exchange: parameters in the query, no body; <c>{"access_token","token_type","state"}</c> or
/// <c>{"error","error_description"}</c>). The access token is the API key of a new UserApiKey.
/// </summary>
internal sealed class OAuthServer
{
    private readonly Bank _bank;
    private readonly Dictionary<string, (BunqEmulatorOAuthClient Client, SandboxUser Owner, HashSet<string> RedirectUris)> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);

    internal OAuthServer(Bank bank, EmulatorStore store)
    {
        _bank = bank;
        _ = store;
    }

    /// <summary>How long a code can be exchanged; RFC 6749 recommends at most 10 minutes, bunq does not say.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    private sealed record IssuedCode(string ClientId, string RedirectUri, string? State, SandboxUser GrantedBy, DateTimeOffset IssuedAt);

    internal BunqEmulatorOAuthClient Register(SandboxUser owner, string redirectUri)
    {
        var client = new BunqEmulatorOAuthClient(_bank.NewToken(), _bank.NewToken(), owner.ApiKey);
        _clients[client.ClientId] = (client, owner, new HashSet<string>(StringComparer.Ordinal) { redirectUri });
        return client;
    }

    /// <summary>Ends the connection of <paramref name="accessToken"/>; returns the UserApiKey, or null for an unknown token.</summary>
    internal SandboxUser? Revoke(string accessToken)
    {
        var user = _bank.UserByApiKey(accessToken);
        if (user?.GrantedBy is null || user.Revoked) return null;
        user.Revoked = true;
        return user;
    }

    /// <summary>The path for the granting user's items, when <paramref name="relative"/> goes below the UserApiKey itself.</summary>
    internal static string? Delegate(string relative, long apiKeyUserId, long grantedById)
    {
        var prefix = "/user/" + apiKeyUserId.ToString(CultureInfo.InvariantCulture) + "/";
        return relative.StartsWith(prefix, StringComparison.Ordinal)
            ? "/user/" + grantedById.ToString(CultureInfo.InvariantCulture) + "/" + relative[prefix.Length..]
            : null;
    }

    internal EmulatorAnswer Handle(EmulatorRequest request)
    {
        return (request.Method, request.Path) switch
        {
            ("GET", "/oauth/auth") => Authorize(request),
            ("POST", "/oauth/v1/token") => Token(request),
            _ => Error(404, "not_found", "No such OAuth endpoint."),
        };
    }

    private EmulatorAnswer Authorize(EmulatorRequest request)
    {
        var q = request.Query;
        if (Get(q, "response_type") != "code") return Error(400, "unsupported_response_type", "bunq supports the authorization code grant: response_type=code.");
        if (Get(q, "client_id") is not { } clientId || !_clients.TryGetValue(clientId, out var client)) return Error(400, "invalid_client", "Unknown client_id.");
        // Never redirect to a URL the client did not register: that is how codes are stolen.
        if (Get(q, "redirect_uri") is not { } redirect || !client.RedirectUris.Contains(redirect)) return Error(400, "invalid_request", "The redirect_uri is not registered for this client.");
        var granting = _bank.CreateUser(company: false);
        var code = _bank.NewToken();
        var state = Get(q, "state");
        _codes[code] = new IssuedCode(clientId, redirect, state, granting, _bank.Now);
        var location = redirect + (redirect.Contains('?') ? "&" : "?") + "code=" + Uri.EscapeDataString(code)
            + (state is null ? "" : "&state=" + Uri.EscapeDataString(state));
        return new EmulatorAnswer(302, Array.Empty<byte>(), "text/plain") { Location = location };
    }

    private EmulatorAnswer Token(EmulatorRequest request)
    {
        var q = request.Query;
        if (request.Body.Length > 0) return Error(400, "invalid_request", "The request should only contain URL parameters. No body is expected.");
        if (Get(q, "grant_type") != "authorization_code") return Error(400, "unsupported_grant_type", "grant_type must be authorization_code.");
        if (Get(q, "client_id") is not { } clientId || !_clients.TryGetValue(clientId, out var client) || Get(q, "client_secret") != client.Client.ClientSecret)
        {
            return Error(401, "invalid_client", "The client credentials are invalid.");
        }
        if (Get(q, "code") is not { } code || !_codes.Remove(code, out var issued) || issued.ClientId != clientId
            || _bank.Now - issued.IssuedAt > CodeLifetime)
        {
            return Error(400, "invalid_grant", "The authorization code is invalid or expired.");
        }
        if (Get(q, "redirect_uri") != issued.RedirectUri) return Error(400, "invalid_grant", "The redirect_uri does not match the authorization request.");
        var apiKeyUser = _bank.CreateApiKeyUser(client.Owner, issued.GrantedBy);
        var answer = new JsonObject { ["access_token"] = apiKeyUser.ApiKey, ["token_type"] = "bearer", ["state"] = issued.State };
        return Wire.Json(200, answer);
    }

    private static string? Get(IReadOnlyDictionary<string, string> query, string name) => query.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static EmulatorAnswer Error(int status, string error, string description)
        => new(status, Encoding.UTF8.GetBytes(Wire.ToJson(new JsonObject { ["error"] = error, ["error_description"] = description })), "application/json");
}
