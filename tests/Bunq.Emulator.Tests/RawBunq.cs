using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>One answer, with the server signature already checked when the server key is known.</summary>
internal sealed record RawResponse(int Status, byte[] Body, string? ContentType, string? ResponseId, string? RequestIdEcho, string? ServerSignature, bool? SignatureValid)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    public JsonArray ResponseArray => Json["Response"]!.AsArray();

    /// <summary>The value under <paramref name="key"/> in the first Response element that has it.</summary>
    public JsonObject Element(string key)
        => ResponseArray.OfType<JsonObject>().Select(e => e[key]).OfType<JsonObject>().FirstOrDefault()
           ?? throw new InvalidOperationException($"no {key} in {Encoding.UTF8.GetString(Body)}");

    public string ErrorDescription => Json["Error"]![0]!["error_description"]!.GetValue<string>();

    public override string ToString() => $"{Status} {Encoding.UTF8.GetString(Body)}";
}

/// <summary>
/// A bunq client written from bunq's documentation with nothing but HttpClient and RSA, so that
/// the emulator is checked against the docs and not against the runtime it is meant to test.
/// </summary>
internal sealed class RawBunq : IDisposable
{
    private readonly HttpClient _http = new();
    private int _requestNumber;

    public RawBunq(string baseUrl)
    {
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public RSA ClientKey { get; } = TestKeys.Client;

    public RSA? ServerKey { get; private set; }

    public string? InstallationToken { get; private set; }

    public string? SessionToken { get; private set; }

    public string? ApiKey { get; private set; }

    public long UserId { get; private set; }

    public long AccountId { get; private set; }

    public static async Task<RawBunq> ConnectAsync(BunqEmulator emulator, string? apiKey = null)
    {
        var bunq = new RawBunq(emulator.BaseUrl);
        await bunq.CreateContextAsync(apiKey);
        return bunq;
    }

    /// <summary>bunq's "Using our API directly": installation, device-server, session-server.</summary>
    public async Task CreateContextAsync(string? apiKey = null)
    {
        if (apiKey is null)
        {
            var sandbox = await SendAsync(HttpMethod.Post, "sandbox-user-person", "{}", token: null);
            apiKey = sandbox.Element("ApiKey")["api_key"]!.GetValue<string>();
        }
        ApiKey = apiKey;
        var installBody = new JsonObject { ["client_public_key"] = ClientKey.ExportSubjectPublicKeyInfoPem() }.ToJsonString();
        var installation = await SendAsync(HttpMethod.Post, "installation", installBody, token: null, sign: false);
        Check(installation);
        InstallationToken = installation.Element("Token")["token"]!.GetValue<string>();
        ServerKey = RSA.Create();
        ServerKey.ImportFromPem(installation.Element("ServerPublicKey")["server_public_key"]!.GetValue<string>());
        var device = await SendAsync(HttpMethod.Post, "device-server",
            new JsonObject { ["description"] = "emulator test", ["secret"] = apiKey, ["permitted_ips"] = new JsonArray("*") }.ToJsonString(),
            InstallationToken);
        Check(device);
        var session = await SendAsync(HttpMethod.Post, "session-server", new JsonObject { ["secret"] = apiKey }.ToJsonString(), InstallationToken);
        Check(session);
        SessionToken = session.Element("Token")["token"]!.GetValue<string>();
        UserId = session.Element("UserPerson")["id"]!.GetValue<long>();
        var accounts = await SendAsync(HttpMethod.Get, $"user/{UserId}/monetary-account-bank", null);
        Check(accounts);
        AccountId = accounts.Element("MonetaryAccountBank")["id"]!.GetValue<long>();
    }

    public Task<RawResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<RawResponse> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body.ToJsonString());

    public Task<RawResponse> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body.ToJsonString());

    /// <summary>
    /// Sends one call with bunq's headers. <paramref name="token"/> defaults to the session token;
    /// the body is signed unless <paramref name="sign"/> is false or <paramref name="signature"/> overrides it.
    /// </summary>
    public async Task<RawResponse> SendAsync(HttpMethod method, string path, string? json, string? token = "", bool sign = true, string? signature = null,
        byte[]? bytes = null, string? contentType = null, string? description = null)
    {
        using var request = new HttpRequestMessage(method, BaseUrl + "/" + path);
        var body = bytes ?? (json is null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(json));
        if (json is not null || bytes is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }
        request.Headers.TryAddWithoutValidation("Cache-Control", "no-cache");
        request.Headers.TryAddWithoutValidation("User-Agent", "emulator-tests/1.0");
        request.Headers.TryAddWithoutValidation("X-Bunq-Language", "en_US");
        request.Headers.TryAddWithoutValidation("X-Bunq-Region", "nl_NL");
        request.Headers.TryAddWithoutValidation("X-Bunq-Geolocation", "0 0 0 0 000");
        var requestId = "req-" + Interlocked.Increment(ref _requestNumber);
        request.Headers.TryAddWithoutValidation("X-Bunq-Client-Request-Id", requestId);
        var auth = token == "" ? SessionToken : token;
        if (auth is not null) request.Headers.TryAddWithoutValidation("X-Bunq-Client-Authentication", auth);
        if (description is not null) request.Headers.TryAddWithoutValidation("X-Bunq-Attachment-Description", description);
        if (signature is not null) request.Headers.TryAddWithoutValidation("X-Bunq-Client-Signature", signature);
        else if (sign && (json is not null || bytes is not null)) request.Headers.TryAddWithoutValidation("X-Bunq-Client-Signature", Sign(body));

        using var response = await _http.SendAsync(request);
        var responseBody = await response.Content.ReadAsByteArrayAsync();
        var serverSignature = Header(response, "X-Bunq-Server-Signature");
        bool? valid = null;
        if (ServerKey is not null)
        {
            valid = serverSignature is not null && ServerKey.VerifyData(responseBody, Convert.FromBase64String(serverSignature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        var echo = Header(response, "X-Bunq-Client-Request-Id");
        Assert.Equal(requestId, echo);
        return new RawResponse((int)response.StatusCode, responseBody, response.Content.Headers.ContentType?.MediaType,
            Header(response, "X-Bunq-Client-Response-Id"), echo, serverSignature, valid);
    }

    public string Sign(byte[] body) => Convert.ToBase64String(ClientKey.SignData(body, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static void Check(RawResponse response)
    {
        if (response.Status != 200) throw new Xunit.Sdk.XunitException("Expected 200, got " + response);
        if (response.SignatureValid == false) throw new Xunit.Sdk.XunitException("Server signature does not verify: " + response);
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public void Dispose()
    {
        _http.Dispose();
        ServerKey?.Dispose();
    }
}

/// <summary>A clock the test moves by hand, so rate-limit tests do not depend on the machine's speed.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2025, 4, 17, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
