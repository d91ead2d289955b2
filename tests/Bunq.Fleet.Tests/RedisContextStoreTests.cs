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
            ApiKey = _emulator.CreateSandboxUser(),
            Environment = BunqEnvironment.Custom(_emulator.BaseUrl),
            ClientOptions = new BunqClientOptions { RateLimits = Emulators.Limits() },
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
        await redis.GetDatabase().KeyDeleteAsync(store.LockKey(BunqRedisContextStore.Hash("t")));
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
        // A 2 s lock is extended every 667 ms: a busy CI machine may delay one extension by a second without the lock
        // lapsing (with 600 ms it lapsed under load and the waiter got in: a flaky failure, not a coordinator bug).
        var expiry = TimeSpan.FromSeconds(2);
        var first = new BunqRedisContextCoordinator(a, new BunqRedisContextStore(a, null, prefix, allowUnprotected: true), expiry);
        var second = new BunqRedisContextCoordinator(b, new BunqRedisContextStore(b, null, prefix, allowUnprotected: true), expiry);
        var held = await first.AcquireAsync("t", default);
        var waiting = second.AcquireAsync("t", default);
        // Two and a half expiries pass: the holder's lease is extended, so the waiter still waits.
        await Task.Delay(expiry * 2.5);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(next.FencingToken > held.FencingToken);
    }

    [RedisFact]
    public async Task Every_key_one_tenant_s_scripts_touch_shares_a_Redis_cluster_slot_and_tenants_do_not()
    {
        using var redis = Redis.Connect();
        var prefix = Redis.Prefix();
        var store = new BunqRedisContextStore(redis, new BunqAesGcmContextProtector(RandomNumberGenerator.GetBytes(32)), prefix);
        var coordinator = new BunqRedisContextCoordinator(redis, store);
        foreach (var tenant in new[] { "a", "b" })
        {
            await using var lease = await coordinator.AcquireAsync(tenant, default);
            await lease.SaveAsync(_context, default);
        }
        // Read back what the scripts wrote (context, lock and fence keys), not what the code says it writes.
        var keys = redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: prefix + "*").Select(k => k.ToString()).ToArray();
        Assert.Equal(4, keys.Length); // two contexts and two fences (the locks are released)
        var byTenant = keys.GroupBy(SlotOf).ToArray();
        Assert.Equal(2, byTenant.Length);
        Assert.All(byTenant, g => Assert.Equal(2, g.Count()));
        // The lock too: it is held while these two are written.
        var hash = BunqRedisContextStore.Hash("a");
        Assert.Equal(SlotOf(store.ContextKey(hash)!), SlotOf(store.LockKey(hash)!));
        Assert.Equal(SlotOf(store.ContextKey(hash)!), SlotOf(store.FenceKey(hash)!));
        Assert.Throws<ArgumentException>(() => new BunqRedisContextStore(redis, null, "x{}", allowUnprotected: true));
    }

    [RedisFact]
    public async Task A_command_Redis_refuses_is_a_typed_error_not_a_raw_Redis_one()
    {
        using var redis = Redis.Connect();
        var prefix = Redis.Prefix();
        var store = new BunqRedisContextStore(redis, null, prefix, allowUnprotected: true);
        var hash = BunqRedisContextStore.Hash("t");
        // Keys of the wrong type make the scripts fail inside Redis (WRONGTYPE), as CROSSSLOT or NOSCRIPT would.
        await redis.GetDatabase().HashSetAsync(store.FenceKey(hash), "x", "1");
        await redis.GetDatabase().StringSetAsync(store.ContextKey(hash), "x");
        var coordination = await Assert.ThrowsAsync<BunqCoordinationException>(() => new BunqRedisContextCoordinator(redis, store).AcquireAsync("t", default));
        Assert.Contains("WRONGTYPE", coordination.Message, StringComparison.Ordinal);
        var load = await Assert.ThrowsAsync<BunqContextStoreException>(() => store.For("t").LoadAsync());
        Assert.Equal(BunqContextStoreError.Io, load.Error);
        var save = await Assert.ThrowsAsync<BunqContextStoreException>(() => store.For("t").SaveAsync(_context));
        Assert.Equal(BunqContextStoreError.Io, save.Error);
    }

    /// <summary>Redis Cluster's slot of a key: CRC16 (XMODEM) of its hash tag, modulo 16384 — computed here, not taken from the store.</summary>
    private static int SlotOf(string key)
    {
        var open = key.IndexOf('{');
        var close = open < 0 ? -1 : key.IndexOf('}', open + 1);
        var hashed = close > open + 1 ? key[(open + 1)..close] : key;
        ushort crc = 0;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(hashed))
        {
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++) crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
        }
        return crc % 16384;
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
