using System.Text.Json;
using Bunq.Runtime.Json;
using Bunq.Runtime.Wire;

namespace Bunq.Runtime;

/// <summary>
/// Sandbox users for trying things out: <c>POST /sandbox-user-person</c> or <c>/sandbox-user-company</c> needs no
/// context and answers with a fresh API key. There is no installation yet, so the answer's signature cannot be checked;
/// that is why this refuses the production environment.
/// </summary>
public static class BunqSandbox
{
    /// <summary>A new sandbox person; returns its API key.</summary>
    public static Task<string> CreateUserPersonAsync(BunqEnvironment? environment = null, HttpClient? httpClient = null, BunqClientOptions? options = null, CancellationToken cancellationToken = default)
        => CreateAsync(BunqWireFacts.CreateSandboxUserPerson, environment, httpClient, options, cancellationToken);

    /// <summary>A new sandbox company; returns its API key.</summary>
    public static Task<string> CreateUserCompanyAsync(BunqEnvironment? environment = null, HttpClient? httpClient = null, BunqClientOptions? options = null, CancellationToken cancellationToken = default)
        => CreateAsync(BunqWireFacts.CreateSandboxUserCompany, environment, httpClient, options, cancellationToken);

    private static async Task<string> CreateAsync(BunqOperation operation, BunqEnvironment? environment, HttpClient? httpClient, BunqClientOptions? options, CancellationToken cancellationToken)
    {
        environment ??= BunqEnvironment.Sandbox;
        if (environment.Equals(BunqEnvironment.Production)) throw new ArgumentException("Sandbox users exist only outside production.", nameof(environment));
        using var client = new BunqPublicClient(environment, httpClient, options);
        var response = await client.SendAsync(
            new BunqRequest(operation) { Body = "{}"u8.ToArray(), ContentType = "application/json" },
            cancellationToken).ConfigureAwait(false);
        return BunqEnvelope.ReadMulti<ApiKeyAnswer>(response).ApiKey
            ?? throw new BunqResponseFormatException("The sandbox-user answer carries no ApiKey.", response.ResponseId);
    }

    private sealed class ApiKeyAnswer : IBunqMultiResult<ApiKeyAnswer>
    {
        public string? ApiKey { get; private set; }

        public static ApiKeyAnswer CreateEmpty() => new();

        public bool ReadPart(string objectType, ref Utf8JsonReader reader)
        {
            if (objectType != "ApiKey") return false;
            ApiKey = ContextJson.ReadStringField(ref reader, "api_key"u8);
            return true;
        }
    }
}
