using System.Text;
using System.Text.Json.Nodes;
using Bunq.Runtime;

namespace Bunq.Emulator.Tests;

/// <summary><c>emulate --state FILE</c>: a context saved against one emulator process works against the next.</summary>
public sealed class StateFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-emulator-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_saved_context_survives_a_restart_with_its_session_money_and_request_ids()
    {
        var statePath = Path.Combine(_dir, "emulator.json");
        var store = new BunqMemoryContextStore();
        long accountId;
        string serverKey;
        int port;
        const string RequestId = "state-payment-1";
        await using (var first = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false, StatePath = statePath }))
        {
            serverKey = first.ServerPublicKeyPem;
            port = new Uri(first.BaseUrl).Port;
            var environment = BunqEnvironment.Custom(first.BaseUrl);
            using var context = await BunqApiContext.CreateAsync(new BunqContextOptions { ApiKey = first.CreateSandboxUser(), Environment = environment, ClientKey = TestKeys.Client });
            await store.SaveAsync(context);
            using var client = new BunqApiClient(context);
            accountId = await BankAccountAsync(client, context.UserId);
            await client.SendAsync(Payment(context.UserId, accountId, RequestId), default);
        }
        Assert.True(File.Exists(statePath));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(statePath));

        // As `emulate --urls http://127.0.0.1:PORT --state FILE` run again: same port, same file.
        await using var second = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false, StatePath = statePath, Port = port });
        Assert.Equal(serverKey, second.ServerPublicKeyPem);
        using var restored = await BunqApiContext.RestoreAsync(store);
        var wire = new Counting(new SocketsHttpHandler());
        using var http = new HttpClient(wire);
        using var api = new BunqApiClient(restored, http);

        var account = await api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{restored.UserId}/monetary-account/{accountId}"), default);
        Assert.Equal("487.50", JsonNode.Parse(account.Body.Span)!["Response"]![0]!["MonetaryAccountBank"]!["balance"]!["value"]!.GetValue<string>());
        Assert.Equal(0, wire.SessionServer);
        // The request id the first process saw is still known: a retry of that payment is refused.
        await Assert.ThrowsAsync<BunqBadRequestException>(() => api.SendAsync(Payment(restored.UserId, accountId, RequestId), default));
    }

    [Fact]
    public async Task The_state_is_written_owner_only_and_never_through_a_file_planted_at_a_temporary_name()
    {
        if (OperatingSystem.IsWindows()) return; // symlinks and Unix modes: the attack and the check are Unix ones
        var statePath = Path.Combine(_dir, "emulator.json");
        var victim = Path.Combine(_dir, "victim.txt");
        await File.WriteAllTextAsync(victim, "not the emulator's");
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        // The name the writer used to pick: predictable from the process id.
        var planted = statePath + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
        File.CreateSymbolicLink(planted, victim);
        await using (var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false, StatePath = statePath }))
        {
            using var context = await BunqApiContext.CreateAsync(new BunqContextOptions { ApiKey = emulator.CreateSandboxUser(), Environment = BunqEnvironment.Custom(emulator.BaseUrl), ClientKey = TestKeys.Client });
        }
        Assert.Equal("not the emulator's", await File.ReadAllTextAsync(victim));
        var state = new FileInfo(statePath);
        Assert.Null(state.LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, state.UnixFileMode);
        Assert.Contains("bunq-emulator-state", await File.ReadAllTextAsync(statePath), StringComparison.Ordinal);
        // Nothing else left behind: only the victim, the planted link and the state file.
        Assert.Equal(3, Directory.GetFileSystemEntries(_dir).Length);
    }

    [Fact]
    public async Task A_damaged_state_file_is_a_clear_error()
    {
        var statePath = Path.Combine(_dir, "emulator.json");
        await File.WriteAllTextAsync(statePath, "{\"format\":\"bunq-emulator-state\",\"version\":1,\"store\":");
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => BunqEmulator.StartAsync(new BunqEmulatorOptions { StatePath = statePath }));
        Assert.Contains(statePath, ex.Message, StringComparison.Ordinal);
    }

    private static BunqRequest Payment(long userId, long accountId, string requestId) => new(HttpMethod.Post, $"user/{userId}/monetary-account/{accountId}/payment")
    {
        Body = Encoding.UTF8.GetBytes(ProtocolTests.Payment("12.50", "bravo@bunq.com").ToJsonString()),
        ContentType = "application/json",
        SignatureRequired = true,
        CallOptions = new BunqCallOptions { RequestId = requestId },
    };

    private static async Task<long> BankAccountAsync(BunqApiClient client, long userId)
    {
        var accounts = await client.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{userId}/monetary-account-bank"), default);
        return JsonNode.Parse(accounts.Body.Span)!["Response"]![0]!["MonetaryAccountBank"]!["id"]!.GetValue<long>();
    }

    private sealed class Counting(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int SessionServer;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/session-server", StringComparison.Ordinal)) Interlocked.Increment(ref SessionServer);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
