using System.Text;
using System.Text.Json.Nodes;
using Bunq.Runtime;

namespace Bunq.Emulator.Tests;

/// <summary>
/// The runtime's own client against the emulator. The protocol tests above pin the emulator to bunq's
/// docs; these only show that the runtime and the emulator get along (context, signed payment, 401 renewal).
/// </summary>
public sealed class RuntimeCompatibilityTests
{
    [Fact]
    public async Task A_runtime_context_pays_and_renews_an_expired_session()
    {
        await using var emulator = await BunqEmulator.StartAsync(TestKeys.Options());
        var environment = BunqEnvironment.Custom(emulator.BaseUrl);
        var apiKey = await BunqSandbox.CreateUserPersonAsync(environment);
        using var context = await BunqApiContext.CreateAsync(new BunqContextOptions { ApiKey = apiKey, Environment = environment, ClientKey = TestKeys.Client });
        using var client = new BunqApiClient(context);

        var accounts = await client.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{context.UserId}/monetary-account-bank"), CancellationToken.None);
        var accountId = JsonNode.Parse(accounts.Body.Span)!["Response"]![0]!["MonetaryAccountBank"]!["id"]!.GetValue<long>();
        var body = Encoding.UTF8.GetBytes(ProtocolTests.Payment("2.50", "bravo@bunq.com").ToJsonString());
        var paid = await client.SendAsync(new BunqRequest(HttpMethod.Post, $"user/{context.UserId}/monetary-account/{accountId}/payment")
        {
            Body = body,
            ContentType = "application/json",
            SignatureRequired = true,
        }, CancellationToken.None);
        emulator.ExpireSessions();
        var afterExpiry = await client.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{context.UserId}/monetary-account/{accountId}"), CancellationToken.None);

        Assert.True(JsonNode.Parse(paid.Body.Span)!["Response"]![0]!["Id"]!["id"]!.GetValue<long>() > 0);
        Assert.Equal("497.50", JsonNode.Parse(afterExpiry.Body.Span)!["Response"]![0]!["MonetaryAccountBank"]!["balance"]!["value"]!.GetValue<string>());
    }
}
