using System.Text.Json.Nodes;
using Bunq.CodeGen.Model;

namespace Bunq.Emulator.Tests;

/// <summary>The emulate command's contract and where the operations come from.</summary>
public sealed class HostTests
{
    [Fact]
    public async Task The_host_prints_the_base_url_and_the_API_key_first_then_serves_until_cancelled()
    {
        var stdout = new LineCapture();
        using var stop = new CancellationTokenSource();
        var run = BunqEmulator.RunAsync(new BunqEmulatorOptions { Seed = 7, RateLimits = false }, stdout, stop.Token);

        var firstLine = await stdout.FirstLine.WaitAsync(TimeSpan.FromSeconds(30));
        var banner = JsonNode.Parse(firstLine)!;
        var baseUrl = banner["baseUrl"]!.GetValue<string>();
        var apiKey = banner["apiKey"]!.GetValue<string>();
        var secrets = new List<string>();
        using (var bunq = new RawBunq(baseUrl))
        {
            await bunq.CreateContextAsync(apiKey);
            RawBunq.Check(await bunq.GetAsync($"user/{bunq.UserId}"));
            secrets.Add(bunq.InstallationToken!);
            secrets.Add(bunq.SessionToken!);
        }
        stop.Cancel();
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Matches(@"^http://127\.0\.0\.1:\d+/v1$", baseUrl);
        Assert.StartsWith("sandbox_", apiKey);
        Assert.Equal(0, exitCode);
        Assert.Contains(stdout.Lines, l => l.StartsWith("POST /v1/session-server 200 ", StringComparison.Ordinal));
        Assert.DoesNotContain(stdout.Lines.Skip(1), l => l.Contains(apiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(stdout.Lines, l => secrets.Any(secret => l.Contains(secret, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_embedded_spec_routes_every_operation_with_the_model_s_tokens_and_signatures()
    {
        var operations = BunqEmulator.LoadOperations(null);

        Assert.Equal(429, operations.Count);
        var payment = operations.Single(o => o.Method == "POST" && o.Path == "/user/{userID}/monetary-account/{monetary-accountID}/payment");
        Assert.True(payment.SignatureRequired);
        var session = operations.Single(o => o.Method == "POST" && o.Path == "/session-server");
        Assert.Equal(TokenKind.Installation, session.Token);
        Assert.True(session.SignatureRequired);
        Assert.Equal(TokenKind.None, operations.Single(o => o.Method == "POST" && o.Path == "/installation").Token);
        Assert.False(operations.Single(o => o.Method == "GET" && o.Path == "/user/{userID}/monetary-account/{monetary-accountID}/payment").SignatureRequired);
        Assert.Equal(ResultShape.Union, operations.Single(o => o.Method == "GET" && o.Path == "/user/{userID}/monetary-account").Shape);
        Assert.True(operations.Single(o => o.Method == "POST" && o.Path == "/attachment-public").BinaryRequest);
    }

    [Fact]
    public async Task A_spec_path_serves_that_file()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "specs", "bunq.com.json"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var spec = Path.Combine(dir.FullName, "specs", "bunq.com.json");

        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { SpecPath = spec, RateLimits = false, ServerPrivateKeyPem = TestKeys.ServerPrivateKeyPem });
        using var bunq = await RawBunq.ConnectAsync(emulator);

        Assert.Equal(429, emulator.OperationCount);
        RawBunq.Check(await bunq.GetAsync($"user/{bunq.UserId}/monetary-account"));
    }

    [Fact]
    public async Task A_server_private_key_PEM_keeps_the_server_key_across_runs()
    {
        string first;
        await using (var one = await BunqEmulator.StartAsync(TestKeys.Options()))
        {
            first = one.ServerPublicKeyPem;
        }
        await using var two = await BunqEmulator.StartAsync(TestKeys.Options());

        Assert.Equal(first, two.ServerPublicKeyPem);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", first);
    }

    [Fact]
    public async Task A_seed_repeats_the_API_keys_and_IBANs()
    {
        async Task<(string Key, string Iban)> Run(int seed)
        {
            var options = TestKeys.Options();
            options.Seed = seed;
            await using var emulator = await BunqEmulator.StartAsync(options);
            var key = emulator.CreateSandboxUser();
            lock (emulator.Store.Gate)
            {
                var user = emulator.Bank.UserByApiKey(key)!;
                var account = emulator.Bank.Account(user, user.BankAccountId);
                return (key, account.Data["alias"]![0]!["value"]!.GetValue<string>());
            }
        }

        var first = await Run(42);
        var again = await Run(42);
        var other = await Run(43);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Key, other.Key);
        Assert.NotEqual(first.Iban, other.Iban);
    }

    [Theory]
    [InlineData("NL", "ABNA0417164300", "91")]
    [InlineData("DE", "370400440532013000", "89")]
    [InlineData("GB", "WEST12345698765432", "82")]
    public void IBAN_check_digits_follow_ISO_13616(string country, string bban, string expected)
        => Assert.Equal(expected, State.Bank.CheckDigits(country, bban));

    /// <summary>Collects lines and signals the first one.</summary>
    private sealed class LineCapture : TextWriter
    {
        private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Text.StringBuilder _current = new();
        private readonly List<string> _lines = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public Task<string> FirstLine => _first.Task;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines) return _lines.ToArray();
            }
        }

        public override void Write(char value)
        {
            lock (_lines)
            {
                if (value == '\n')
                {
                    var line = _current.ToString().TrimEnd('\r');
                    _current.Clear();
                    _lines.Add(line);
                    _first.TrySetResult(line);
                }
                else
                {
                    _current.Append(value);
                }
            }
        }
    }
}
