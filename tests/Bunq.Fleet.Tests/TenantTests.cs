using System.Diagnostics;
using Bunq.Emulator;
using Bunq.Runtime;
using Bunq.Runtime.Redis;
using FleetTests.Bunq;

namespace Bunq.Fleet.Tests;

public sealed class TenantTests
{
    private static Func<string, BunqClientOptions, CancellationToken, Task<BunqApiContext>> Creator(BunqEmulator emulator, IReadOnlyDictionary<string, string> apiKeys, BunqClientOptions options, Action? onCreate = null)
        => (key, client, ct) =>
        {
            onCreate?.Invoke();
            // The factory hands over its own options: the ones the test built it with.
            Assert.Same(options, client);
            return BunqApiContext.CreateAsync(new BunqContextOptions { ApiKey = apiKeys[key], Environment = BunqEnvironment.Custom(emulator.BaseUrl), ClientOptions = client }, ct);
        };

    [Fact]
    public async Task Many_users_in_one_process_share_one_limiter_and_have_a_session_each()
    {
        await using var emulator = await Emulators.StartAsync();
        var apiKeys = Enumerable.Range(0, 3).ToDictionary(i => "tenant-" + i, _ => emulator.CreateSandboxUser());
        using var counts = new MeterCounts();
        var options = new BunqClientOptions { RateLimits = Emulators.Limits() };
        using var factory = new BunqClientFactory(new BunqClientFactoryOptions
        {
            Client = options,
            Store = new BunqMemoryKeyedContextStore(),
            CreateContext = Creator(emulator, apiKeys, options),
        });
        var users = new Dictionary<string, long>();
        foreach (var key in apiKeys.Keys) users[key] = (await factory.GetContextAsync(key)).UserId;
        Assert.Equal(3, users.Values.Distinct().Count());
        Assert.Same(factory.For("tenant-0"), factory.For("tenant-0"));

        // 9 reads of one endpoint by three users: bunq counts them against one IP, 3 per 3 s; one limiter paces them all.
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 9).Select(i =>
        {
            var key = "tenant-" + (i % 3);
            return new BunqClient(factory.For(key)).MonetaryAccounts.ListAsync();
        }));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(5.9), $"9 reads took {clock.Elapsed}: the tenants did not share a budget");
        Assert.Equal(0, counts["bunq.client.throttled"]);
        Assert.Equal(3, counts["bunq.client.session.renewals"]);
    }

    [Fact]
    public async Task Idle_tenants_are_evicted_and_come_back_from_the_store_without_a_new_session()
    {
        await using var emulator = await Emulators.StartAsync();
        var apiKeys = new Dictionary<string, string> { ["a"] = emulator.CreateSandboxUser() };
        var created = 0;
        var options = new BunqClientOptions { RateLimits = Emulators.Limits() };
        using var counts = new MeterCounts();
        using var factory = new BunqClientFactory(new BunqClientFactoryOptions
        {
            Client = options,
            Store = new BunqMemoryKeyedContextStore(),
            IdleTimeout = TimeSpan.FromMilliseconds(200),
            CreateContext = Creator(emulator, apiKeys, options, () => Interlocked.Increment(ref created)),
        });
        var userId = (await factory.GetContextAsync("a")).UserId;
        await new BunqClient(factory.For("a")).MonetaryAccounts.ListAsync();
        Assert.Equal(0, factory.EvictIdle());
        await Task.Delay(300);
        Assert.Equal(1, factory.EvictIdle());
        Assert.Equal(0, factory.Count);
        await new BunqClient(factory.For("a")).MonetaryAccounts.ListAsync();
        Assert.Equal(1, created);
        Assert.Equal(1, counts["bunq.client.session.renewals"]);
    }

    [Fact]
    public async Task A_tenant_with_a_call_in_flight_is_not_evicted_and_an_evicted_client_still_works()
    {
        await using var emulator = await Emulators.StartAsync();
        var apiKeys = new Dictionary<string, string> { ["a"] = emulator.CreateSandboxUser() };
        var options = new BunqClientOptions { RateLimits = Emulators.Limits() };
        var gate = new Gate(options.CreateHttpHandler());
        using var factory = new BunqClientFactory(new BunqClientFactoryOptions
        {
            Client = options,
            Store = new BunqMemoryKeyedContextStore(),
            IdleTimeout = TimeSpan.FromMilliseconds(50),
            HttpClient = new HttpClient(gate) { Timeout = Timeout.InfiniteTimeSpan },
            CreateContext = Creator(emulator, apiKeys, options),
        });
        var userId = (await factory.GetContextAsync("a")).UserId;
        var held = factory.For("a");
        gate.Hold = new TaskCompletionSource();
        var call = new BunqClient(held).MonetaryAccounts.ListAsync();
        await Task.Delay(200);
        Assert.Equal(0, factory.EvictIdle());
        gate.Hold.SetResult();
        await call;
        await Task.Delay(100);
        Assert.Equal(1, factory.EvictIdle());
        // The caller kept the evicted client: its next call goes to the tenant's next incarnation, not to disposed keys.
        var again = await new BunqClient(held).MonetaryAccounts.ListAsync();
        Assert.NotEmpty(again.Items);
        Assert.Equal(1, factory.Count);
    }

    /// <summary>Holds every request until <see cref="Hold"/> completes.</summary>
    private sealed class Gate(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public TaskCompletionSource? Hold { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Hold is { } hold) await hold.Task.WaitAsync(cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task The_directory_store_keeps_one_owner_only_file_per_tenant_named_by_a_hash()
    {
        await using var emulator = await Emulators.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "bunq-tenants-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var context = await BunqApiContext.CreateAsync(new BunqContextOptions
            {
                ApiKey = emulator.CreateSandboxUser(),
                Environment = BunqEnvironment.Custom(emulator.BaseUrl),
                ClientOptions = new BunqClientOptions { RateLimits = Emulators.Limits() },
            });
            var store = new BunqContextDirectoryStore(directory);
            await store.For("customer/42 ../x").SaveAsync(context);
            Assert.Null(await store.For("customer/43").LoadAsync());
            using (var loaded = await store.For("customer/42 ../x").LoadAsync()) Assert.Equal(context.UserId, loaded!.UserId);
            var file = Assert.Single(Directory.GetFiles(directory));
            Assert.DoesNotContain("customer", Path.GetFileName(file));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_tenant_without_a_stored_context_or_a_creator_is_a_typed_error()
    {
        using var factory = new BunqClientFactory(new BunqClientFactoryOptions { Store = new BunqMemoryKeyedContextStore() });
        var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => factory.For("nobody").SendAsync(new BunqRequest(HttpMethod.Get, "user"), default));
        Assert.Equal(BunqContextStoreError.NotFound, ex.Error);
    }

    [RedisFact]
    public async Task Two_instances_create_each_context_once_and_renew_a_gone_session_once()
    {
        await using var emulator = await Emulators.StartAsync();
        var apiKeys = new Dictionary<string, string> { ["a"] = emulator.CreateSandboxUser(), ["b"] = emulator.CreateSandboxUser() };
        var prefix = Redis.Prefix();
        var created = 0;
        using var counts = new MeterCounts();
        BunqClientFactory Instance(StackExchange.Redis.IConnectionMultiplexer redis)
        {
            var options = new BunqClientOptions
            {
                RateLimits = Emulators.Limits(),
                RateLimiter = new BunqRedisRateLimiter(redis, new BunqRedisRateLimiterOptions { Limits = Emulators.Limits(), Budget = prefix, KeyPrefix = prefix }),
            };
            var store = new BunqRedisContextStore(redis, null, prefix, allowUnprotected: true);
            return new BunqClientFactory(new BunqClientFactoryOptions
            {
                Client = options,
                Store = store,
                Coordinator = new BunqRedisContextCoordinator(redis, store),
                CreateContext = Creator(emulator, apiKeys, options, () => Interlocked.Increment(ref created)),
            });
        }
        using var redisA = Redis.Connect();
        using var redisB = Redis.Connect();
        using var first = Instance(redisA);
        using var second = Instance(redisB);

        var contexts = await Task.WhenAll(new[] { first, second }.SelectMany(f => new[] { f.GetContextAsync("a"), f.GetContextAsync("b") }));
        Assert.Equal(2, created);
        Assert.Equal(2, counts["bunq.client.session.renewals"]);
        Assert.Equal(contexts[0].UserId, contexts[2].UserId);
        Assert.Equal(contexts[0].ClientPublicKeyPem, contexts[2].ClientPublicKeyPem);

        // bunq ends the session; both instances find out on their next call. One opens a new session, the other takes it.
        emulator.ExpireSessions();
        var userId = contexts[0].UserId;
        await Task.WhenAll(
            new BunqClient(first.For("a")).MonetaryAccounts.ListAsync(),
            new BunqClient(second.For("a")).MonetaryAccounts.ListAsync());
        Assert.Equal(3, counts["bunq.client.session.renewals"]);
        Assert.Equal(0, counts["bunq.client.throttled"]);
    }
}
