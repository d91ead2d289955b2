using System.Security.Cryptography;
using Bunq.Emulator;
using Bunq.Runtime;
using Bunq.Runtime.Redis;

namespace Bunq.Fleet.Tests;

public sealed class RedisContextStoreTests : IAsyncLifetime
{
    private BunqEmulator _emulator = null!;
    private BunqApiContext _context = null!;

    public async Task InitializeAsync()
    {
        _emulator = await Emulators.StartAsync();
        _context = await BunqApiContext.CreateAsync(new BunqContextOptions
        {
            ApiKey = _emulator.CreateSandboxUser(), Environment = BunqEnvironment.Custom(_emulator.BaseUrl), ClientOptions = new BunqClientOptions { RateLimits = Emulators.Limits() },
        });
    }

    public async Task DisposeAsync()
    {
        _context.Dispose();
        await _emulator.DisposeAsync();
    }

    [RedisFact]
    public async Task A_context_round_trips_protected_and_Redis_holds_neither_secrets_nor_the_tenant_key()
    {
        using var redis = Redis.Connect();
        var prefix = Redis.Prefix();
        var store = new BunqRedisContextStore(redis, new XorProtector(), prefix);
        await store.For("customer-42@example.com").SaveAsync(_context);
        using var loaded = await store.For("customer-42@example.com").LoadAsync();
        Assert.NotNull(loaded);
        Assert.Equal(_context.UserId, loaded!.UserId);
        Assert.Equal(_context.ClientPublicKeyPem, loaded.ClientPublicKeyPem);

        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = server.Keys(pattern: prefix + "*").Select(k => k.ToString()).ToArray();
        Assert.Single(keys);
        Assert.DoesNotContain("customer-42", keys[0]);
        var data = (byte[])redis.GetDatabase().HashGet(keys[0], "data")!;
        var text = System.Text.Encoding.UTF8.GetString(data);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain("api_key", text, StringComparison.Ordinal);

        // Read without the protector: refused, not misread.
        var plain = new BunqRedisContextStore(redis, null, prefix, allowUnprotected: true);
        var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => plain.For("customer-42@example.com").LoadAsync());
        Assert.Equal(BunqContextStoreError.ProtectionFailed, ex.Error);
    }

    [RedisFact]
    public async Task A_stale_save_never_overwrites_a_newer_one()
    {
        using var a = Redis.Connect();
        using var b = Redis.Connect();
        var prefix = Redis.Prefix();
        var first = new BunqRedisContextStore(a, null, prefix, allowUnprotected: true).For("t");
        var second = new BunqRedisContextStore(b, null, prefix, allowUnprotected: true).For("t");
        Assert.Null(await first.LoadAsync());
        Assert.Null(await second.LoadAsync());
        await first.SaveAsync(_context);
        // The second instance read "nothing stored" before the first saved: its save must not replace what is there now.
        var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => second.SaveAsync(_context));
        Assert.Equal(BunqContextStoreError.Conflict, ex.Error);
        // Having loaded the newest, it may save.
        using (await second.LoadAsync()) { }
        await second.SaveAsync(_context);
        await Assert.ThrowsAsync<BunqContextStoreException>(() => first.SaveAsync(_context));
    }

    [RedisFact]
    public async Task A_lease_that_was_lost_cannot_save_and_an_older_fence_never_overwrites_a_newer()
    {
        using var redis = Redis.Connect();
        var prefix = Redis.Prefix();
        var store = new BunqRedisContextStore(redis, null, prefix, allowUnprotected: true);
        var coordinator = new BunqRedisContextCoordinator(redis, store, TimeSpan.FromSeconds(1));
        var old = await coordinator.AcquireAsync("t", default);
        // The holder stalls (a GC pause, a network partition) long enough for its lock to go; here: the lock is removed.
        await redis.GetDatabase().KeyDeleteAsync(prefix + "lock:" + BunqRedisContextStore.Hash("t"));
        await using (var fresh = await coordinator.AcquireAsync("t", default))
        {
            Assert.True(fresh.FencingToken > old.FencingToken);
            await fresh.SaveAsync(_context, default);
        }
        var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => old.SaveAsync(_context, default));
        Assert.Equal(BunqContextStoreError.Conflict, ex.Error);
        await old.DisposeAsync();
    }

    [RedisFact]
    public async Task The_lock_admits_one_holder_at_a_time_across_connections_and_is_extended_while_held()
    {
        using var a = Redis.Connect();
        using var b = Redis.Connect();
        var prefix = Redis.Prefix();
        var first = new BunqRedisContextCoordinator(a, new BunqRedisContextStore(a, null, prefix, allowUnprotected: true), TimeSpan.FromMilliseconds(600));
        var second = new BunqRedisContextCoordinator(b, new BunqRedisContextStore(b, null, prefix, allowUnprotected: true), TimeSpan.FromMilliseconds(600));
        var held = await first.AcquireAsync("t", default);
        var waiting = second.AcquireAsync("t", default);
        // Three expiries pass: the holder's lease is extended, so the waiter still waits.
        await Task.Delay(1800);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(next.FencingToken > held.FencingToken);
    }

    [Fact]
    public void A_store_without_a_protector_is_refused_unless_unprotected_is_asked_for()
    {
        // No server is needed to construct one: the connection only has to exist.
        using var redis = StackExchange.Redis.ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=100");
        var ex = Assert.Throws<ArgumentException>(() => new BunqRedisContextStore(redis, null));
        Assert.Equal("protector", ex.ParamName);
        Assert.Contains("allowUnprotected", ex.Message, StringComparison.Ordinal);
        Assert.Equal("bunq:", new BunqRedisContextStore(redis, null, allowUnprotected: true).KeyPrefix);
    }

    [RedisFact]
    public async Task The_AES_GCM_protector_keeps_secrets_out_of_Redis_and_refuses_a_swapped_context()
    {
        using var redis = Redis.Connect();
        var prefix = Redis.Prefix();
        var key = RandomNumberGenerator.GetBytes(32);
        var store = new BunqRedisContextStore(redis, new BunqAesGcmContextProtector(key), prefix);
        await store.For("t").SaveAsync(_context);
        var hashKey = Assert.Single(redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: prefix + "*")).ToString();
        var data = (byte[])redis.GetDatabase().HashGet(hashKey, "data")!;
        var text = System.Text.Encoding.UTF8.GetString(data);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PUBLIC KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain("api_key", text, StringComparison.Ordinal);

        // Another instance with the same key reads it.
        using (var loaded = await new BunqRedisContextStore(redis, BunqAesGcmContextProtector.FromBase64(Convert.ToBase64String(key)), prefix).For("t").LoadAsync())
        {
            Assert.Equal(_context.ServerPublicKeyPem, loaded!.ServerPublicKeyPem);
        }

        // Another key cannot read it.
        var wrong = await Assert.ThrowsAsync<BunqContextStoreException>(() => new BunqRedisContextStore(redis, new BunqAesGcmContextProtector(RandomNumberGenerator.GetBytes(32)), prefix).For("t").LoadAsync());
        Assert.Equal(BunqContextStoreError.ProtectionFailed, wrong.Error);

        // Whoever can write Redis changes one byte (say, of bunq's key): refused, never loaded.
        data[^1] ^= 1;
        redis.GetDatabase().HashSet(hashKey, "data", data);
        var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => new BunqRedisContextStore(redis, new BunqAesGcmContextProtector(key), prefix).For("t").LoadAsync());
        Assert.Equal(BunqContextStoreError.ProtectionFailed, ex.Error);
        Assert.Throws<ArgumentException>(() => new BunqAesGcmContextProtector(new byte[16]));
    }

    /// <summary>A stand-in for Data Protection: enough to show the bytes in Redis are the protector's, and that a wrong one is caught.</summary>
    private sealed class XorProtector : IBunqContextProtector
    {
        private static readonly byte[] Tag = "xor1"u8.ToArray();

        public byte[] Protect(byte[] plaintext) => Tag.Concat(plaintext.Select(b => (byte)(b ^ 0x5A))).ToArray();

        public byte[] Unprotect(byte[] protectedData)
        {
            if (!protectedData.AsSpan().StartsWith(Tag)) throw new CryptographicException("not ours");
            return protectedData.Skip(Tag.Length).Select(b => (byte)(b ^ 0x5A)).ToArray();
        }
    }
}
