using System.Collections.Concurrent;
using Bunq.Emulator;
using Bunq.Runtime;
using KitTests.Bunq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bunq.AspNetCore.Tests;

/// <summary><c>services.AddBunq(configuration.GetSection("Bunq"))</c> in a real host against the emulator.</summary>
public sealed class BootstrapTests : IAsyncLifetime
{
    private BunqEmulator _emulator = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false });
        _folder = Directory.CreateTempSubdirectory("bunq-di-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private IHost Build(Dictionary<string, string?> settings, Counter? counter = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBunq(builder.Configuration.GetSection("Bunq"), o => o.Client.RateLimits.Enabled = false);
        builder.Services.AddBunqClient<BunqClient>();
        if (counter is not null) builder.Services.AddHttpClient(BunqServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => counter);
        return builder.Build();
    }

    private Dictionary<string, string?> Settings(string apiKey) => new()
    {
        ["Bunq:ApiKey"] = apiKey,
        ["Bunq:Environment"] = _emulator.BaseUrl,
        ["Bunq:ContextFile"] = Path.Combine(_folder, "ctx.json"),
        ["Bunq:Description"] = "bootstrap test",
        ["Bunq:PermittedIps:0"] = "127.0.0.1",
    };

    [Fact]
    public async Task The_first_calls_create_one_context_together_save_it_and_the_next_start_restores_it()
    {
        var settings = Settings(_emulator.CreateSandboxUser());
        var counter = new Counter();
        long userId;
        long account;
        using (var host = Build(settings, counter))
        {
            await host.StartAsync();
            var accessor = host.Services.GetRequiredService<IBunqContextAccessor>();
            Assert.Null(accessor.SessionExpiresAt);
            Assert.False(File.Exists(settings["Bunq:ContextFile"]));

            var ids = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => accessor.GetUserIdAsync())));
            userId = Assert.Single(ids.Distinct());
            Assert.Equal(1, counter.Count("installation"));
            Assert.Equal(1, counter.Count("device-server"));
            Assert.True(File.Exists(settings["Bunq:ContextFile"]));
            Assert.NotNull(accessor.SessionExpiresAt);

            account = await accessor.GetPrimaryMonetaryAccountIdAsync();
            var client = host.Services.GetRequiredService<BunqClient>();
            Assert.Same(client, host.Services.GetRequiredService<BunqClient>());
            var banks = (await client.MonetaryAccounts.ListAsync()).Items.OfType<MonetaryAccount.Bank>().Select(b => b.Value.Id).ToList();
            Assert.Contains(account, banks);
            await host.StopAsync();
        }

        var again = new Counter();
        using (var host = Build(settings, again))
        {
            await host.StartAsync();
            var accessor = host.Services.GetRequiredService<IBunqContextAccessor>();
            Assert.Equal(userId, await accessor.GetUserIdAsync());
            Assert.Equal(account, await accessor.GetPrimaryMonetaryAccountIdAsync());
            Assert.Equal(0, again.Count("installation"));
            Assert.Equal(0, again.Count("device-server"));
            Assert.Equal("bootstrap test", (await accessor.GetContextAsync()).DeviceDescription);
            Assert.Equal(new[] { "127.0.0.1" }, (await accessor.GetContextAsync()).PermittedIps);
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:1/v1", "Bunq:ApiKey is required")]
    [InlineData("k", "http://bank.example/v1", "Bunq:Environment must be")]
    public async Task A_bad_section_stops_the_host_at_start(string? apiKey, string environment, string message)
    {
        var settings = Settings(apiKey!);
        settings["Bunq:Environment"] = environment;
        using var host = Build(settings);
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(message, failure.Message);
    }

    [Fact]
    public void Sandbox_and_production_are_named_and_a_comma_list_of_ips_is_read()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bunq:ApiKey"] = "k",
            ["Bunq:Environment"] = "production",
            ["Bunq:PermittedIps"] = "1.2.3.4, 5.6.7.8",
        }).Build();
        var services = new ServiceCollection().AddBunq(configuration.GetSection("Bunq"));
        using var provider = services.BuildServiceProvider();
        var settings = provider.GetRequiredService<IOptions<BunqSettings>>().Value;
        Assert.Equal(BunqEnvironment.Production, settings.ResolveEnvironment());
        Assert.Equal(new[] { "1.2.3.4", "5.6.7.8" }, settings.PermittedIps);
        Assert.Equal("bunq-context.json", settings.ContextFile);
        Assert.Equal(BunqEnvironment.Production, provider.GetRequiredService<IOptions<BunqOptions>>().Value.CreateContext!.Environment);
    }

    [Fact]
    public async Task An_insufficient_balance_is_bunqs_400_and_BunqBadRequestException_as_docs_runtime_md_says()
    {
        using var host = Build(Settings(_emulator.CreateSandboxUser()));
        await host.StartAsync();
        var accessor = host.Services.GetRequiredService<IBunqContextAccessor>();
        var bunq = host.Services.GetRequiredService<BunqClient>();

        var user = await accessor.GetUserIdAsync();
        var account = await accessor.GetPrimaryMonetaryAccountIdAsync();
        var refused = await Assert.ThrowsAsync<BunqBadRequestException>(() => bunq.MonetaryAccount(account).Payments.CreateAsync(new PaymentRequest
        {
            Amount = Runtime.Json.Amount.Of(500.01m, "EUR"),
            CounterpartyAlias = new PointerRequest { Type = PointerType.Email, Value = "bravo@bunq.example", Name = "Bravo" },
            Description = "too much",
        }));

        Assert.Equal(400, refused.StatusCode);
        Assert.StartsWith("Insufficient balance", refused.Errors.Single().Description);
        Assert.Contains("catch (BunqBadRequestException ex)", File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "runtime.md")));
        await host.StopAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bunq.CodeGen.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("no repository root above " + AppContext.BaseDirectory);
    }

    internal sealed class Counter : DelegatingHandler
    {
        private readonly ConcurrentQueue<string> _paths = new();

        public int Count(string lastSegment) => _paths.Count(p => p.EndsWith("/" + lastSegment, StringComparison.Ordinal));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _paths.Enqueue(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
