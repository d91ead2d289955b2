using System.Text;
using Bunq.Emulator;
using Bunq.Runtime;

namespace Bunq.Robustness.Tests.Support;

/// <summary>Real answers of every envelope shape, as the emulator sends them: the seeds of the hostile mutations.</summary>
internal static class EmulatorSamples
{
    private static readonly Lazy<Task<IReadOnlyDictionary<string, byte[]>>> Shared = new(RecordAsync);

    public static Task<IReadOnlyDictionary<string, byte[]>> GetAsync() => Shared.Value;

    private static async Task<IReadOnlyDictionary<string, byte[]>> RecordAsync()
    {
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false });
        var recorder = new Recorder(new SocketsHttpHandler());
        using var http = new HttpClient(recorder);
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
        var user = context.UserId;
        var accounts = await api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{user}/monetary-account"), default);
        using var document = System.Text.Json.JsonDocument.Parse(accounts.Body);
        // Newest first: the savings account (no money) comes before the bank account.
        var account = document.RootElement.GetProperty("Response").EnumerateArray()
            .Select(e => e.EnumerateObject().First())
            .First(p => p.Name == "MonetaryAccountBank").Value.GetProperty("id").GetInt64();
        for (var i = 0; i < 3; i++)
        {
            var body = Encoding.UTF8.GetBytes($$"""{"amount":{"value":"1.2{{i}}","currency":"EUR"},"counterparty_alias":{"type":"EMAIL","value":"sugardaddy@bunq.com","name":"Sugar Daddy"},"description":"sample {{i}}"}""");
            await api.SendAsync(new BunqRequest(HttpMethod.Post, $"user/{user}/monetary-account/{account}/payment") { Body = body, ContentType = "application/json" }, default);
        }
        var list = await api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{user}/monetary-account/{account}/payment?count=2"), default);
        using var listed = System.Text.Json.JsonDocument.Parse(list.Body);
        var paymentId = listed.RootElement.GetProperty("Response")[0].GetProperty("Payment").GetProperty("id").GetInt64();
        await api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{user}/monetary-account/{account}/payment/{paymentId}"), default);
        await Assert.ThrowsAsync<BunqNotFoundException>(() => api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{user}/monetary-account/{account}/payment/987654321"), default));

        var exchanges = recorder.Exchanges.ToList();
        byte[] Find(Func<Exchange, bool> match) => exchanges.Last(match).ResponseBody;
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["installation"] = Find(e => e.Path.EndsWith("/installation", StringComparison.Ordinal)),
            ["session-server"] = Find(e => e.Path.EndsWith("/session-server", StringComparison.Ordinal)),
            ["account-list"] = Find(e => e.Method == "GET" && e.Path.EndsWith("/monetary-account", StringComparison.Ordinal)),
            ["payment-id"] = Find(e => e.Method == "POST" && e.Path.EndsWith("/payment", StringComparison.Ordinal)),
            ["payment-list"] = Find(e => e.Method == "GET" && e.Path.Contains("/payment?count=2", StringComparison.Ordinal)),
            ["payment-read"] = Find(e => e.Method == "GET" && e.Path.EndsWith("/payment/" + paymentId, StringComparison.Ordinal)),
            ["error"] = Find(e => e.Status == 404),
        };
    }
}
