using System.Security.Cryptography;
using System.Text;
using Bunq.Runtime.Security;

namespace Bunq.Runtime.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string FilePath => Path.Combine(_dir, "bunq-context.json");

    private static void AssertSameContext(BunqApiContext expected, BunqApiContext actual)
    {
        Assert.Equal(expected.Environment, actual.Environment);
        Assert.Equal(expected.ApiKey, actual.ApiKey);
        Assert.Equal(expected.InstallationToken, actual.InstallationToken);
        Assert.Equal(expected.ClientPublicKeyPem, actual.ClientPublicKeyPem);
        Assert.Equal(expected.ServerPublicKeyPem, actual.ServerPublicKeyPem);
        Assert.Equal(expected.UserId, actual.UserId);
        Assert.Equal(expected.Session!.Token, actual.Session!.Token);
        Assert.Equal(expected.SessionTimeout, actual.SessionTimeout);
        Assert.Equal(expected.SessionExpiresAt, actual.SessionExpiresAt);
        Assert.Equal(expected.DeviceDescription, actual.DeviceDescription);
        Assert.Equal(expected.PermittedIps, actual.PermittedIps);
        // The private key survived: both sign alike (PKCS#1 v1.5 is deterministic).
        var data = "proof"u8.ToArray();
        Assert.Equal(BunqSigner.Sign(expected.ClientKey, data), BunqSigner.Sign(actual.ClientKey, data));
    }

    [Fact]
    public async Task The_file_store_round_trips_a_context()
    {
        using var context = await Fixtures.CreateContextAsync(new FakeBunq());
        var store = new BunqContextFileStore(FilePath);
        await store.SaveAsync(context);
        using var restored = await BunqApiContext.RestoreAsync(store);
        AssertSameContext(context, restored);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        }
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task The_memory_store_round_trips_a_context_and_loads_independent_copies()
    {
        using var context = await Fixtures.CreateContextAsync(new FakeBunq());
        var store = new BunqMemoryContextStore();
        Assert.Null(await store.LoadAsync());
        await store.SaveAsync(context);
        using var restored = await BunqApiContext.RestoreAsync(store);
        AssertSameContext(context, restored);
        Assert.NotSame(context, restored);
    }

    [Fact]
    public async Task Restoring_from_an_empty_store_is_a_typed_error()
    {
        var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => BunqApiContext.RestoreAsync(new BunqContextFileStore(FilePath)));
        Assert.Equal(BunqContextStoreError.NotFound, ex.Error);
    }

    [Fact]
    public async Task A_crash_between_write_and_rename_leaves_the_old_file_intact()
    {
        var bunq = new FakeBunq();
        using var first = await Fixtures.CreateContextAsync(bunq);
        using var second = await Fixtures.CreateContextAsync(bunq);
        var store = new BunqContextFileStore(FilePath);
        await store.SaveAsync(first);
        var before = await File.ReadAllBytesAsync(FilePath);

        string? tempSeen = null;
        store.BeforeReplace = temp =>
        {
            tempSeen = temp;
            Assert.True(File.Exists(temp));
            Assert.Equal(Path.GetDirectoryName(FilePath), Path.GetDirectoryName(temp));
            throw new IOException("simulated power cut");
        };
        var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => store.SaveAsync(second));
        Assert.Equal(BunqContextStoreError.Io, ex.Error);

        Assert.NotNull(tempSeen);
        Assert.Equal(before, await File.ReadAllBytesAsync(FilePath));
        Assert.Equal(new[] { FilePath }, Directory.GetFiles(_dir));
        store.BeforeReplace = null;
        using var restored = await store.LoadAsync();
        AssertSameContext(first, restored!);
    }

    [Fact]
    public async Task A_truncated_file_is_reported_as_damaged()
    {
        using var context = await Fixtures.CreateContextAsync(new FakeBunq());
        var store = new BunqContextFileStore(FilePath);
        await store.SaveAsync(context);
        var bytes = await File.ReadAllBytesAsync(FilePath);
        foreach (var length in new[] { 0, 1, bytes.Length / 3, bytes.Length - 1 })
        {
            await File.WriteAllBytesAsync(FilePath, bytes[..length]);
            var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => store.LoadAsync());
            Assert.Equal(BunqContextStoreError.Damaged, ex.Error);
        }
    }

    [Fact]
    public async Task An_edited_file_fails_its_checksum()
    {
        using var context = await Fixtures.CreateContextAsync(new FakeBunq());
        var store = new BunqContextFileStore(FilePath);
        await store.SaveAsync(context);
        var text = await File.ReadAllTextAsync(FilePath);
        Assert.Contains("\"user_id\":42", text);
        await File.WriteAllTextAsync(FilePath, text.Replace("\"user_id\":42", "\"user_id\":43", StringComparison.Ordinal));
        var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => store.LoadAsync());
        Assert.Equal(BunqContextStoreError.Tampered, ex.Error);
    }

    [Fact]
    public async Task A_newer_format_version_is_refused_clearly()
    {
        using var context = await Fixtures.CreateContextAsync(new FakeBunq());
        var store = new BunqContextFileStore(FilePath);
        await store.SaveAsync(context);
        var text = await File.ReadAllTextAsync(FilePath);
        await File.WriteAllTextAsync(FilePath, text.Replace("\"version\":1,\"protected\"", "\"version\":9,\"protected\"", StringComparison.Ordinal));
        var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => store.LoadAsync());
        Assert.Equal(BunqContextStoreError.UnsupportedVersion, ex.Error);
    }

    [Fact]
    public async Task Another_json_file_is_not_mistaken_for_a_context()
    {
        await File.WriteAllTextAsync(FilePath, """{"hello":"world"}""");
        var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => new BunqContextFileStore(FilePath).LoadAsync());
        Assert.Equal(BunqContextStoreError.Damaged, ex.Error);
    }

    [Fact]
    public async Task A_protected_store_keeps_no_secret_in_clear_and_needs_the_same_protector()
    {
        using var context = await Fixtures.CreateContextAsync(new FakeBunq());
        var protector = new AesProtector(RandomNumberGenerator.GetBytes(32));
        var store = new BunqContextFileStore(FilePath, protector);
        await store.SaveAsync(context);

        var text = await File.ReadAllTextAsync(FilePath);
        Assert.DoesNotContain(Fixtures.ApiKey, text);
        Assert.DoesNotContain(context.Session!.Token, text);
        Assert.DoesNotContain("PRIVATE KEY", text);
        using (var restored = await store.LoadAsync()) AssertSameContext(context, restored!);

        var wrongKey = await Assert.ThrowsAsync<BunqContextStoreException>(() => new BunqContextFileStore(FilePath, new AesProtector(RandomNumberGenerator.GetBytes(32))).LoadAsync());
        Assert.Equal(BunqContextStoreError.ProtectionFailed, wrongKey.Error);
        var noProtector = await Assert.ThrowsAsync<BunqContextStoreException>(() => new BunqContextFileStore(FilePath).LoadAsync());
        Assert.Equal(BunqContextStoreError.ProtectionFailed, noProtector.Error);
    }

    [Fact]
    public async Task Store_errors_never_quote_secrets()
    {
        using var context = await Fixtures.CreateContextAsync(new FakeBunq());
        var store = new BunqContextFileStore(FilePath);
        await store.SaveAsync(context);
        var text = await File.ReadAllTextAsync(FilePath);
        var broken = text.Replace("\"installation\":{", "\"installation\":{{", StringComparison.Ordinal);
        await File.WriteAllTextAsync(FilePath, broken);
        var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => store.LoadAsync());
        var all = ex.ToString();
        Assert.DoesNotContain(Fixtures.ApiKey, all);
        Assert.DoesNotContain(context.InstallationToken, all);
        Assert.DoesNotContain(context.Session!.Token, all);
    }

    [Fact]
    public void The_official_sdks_bunq_conf_can_be_migrated()
    {
        using var client = RSA.Create(2048);
        var privatePem = client.ExportPkcs8PrivateKeyPem();
        var serverPem = BunqSigner.ExportPublicKeyPem(TestKeys.Server);
        var expiry = DateTime.Now.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture);
        var conf = $$"""
        {
          "environment_type": "PRODUCTION",
          "api_key": "{{Fixtures.ApiKey}}",
          "installation_context": {
            "token": "inst-abc",
            "public_key_client": {{System.Text.Json.JsonSerializer.Serialize(BunqSigner.ExportPublicKeyPem(client))}},
            "private_key_client": {{System.Text.Json.JsonSerializer.Serialize(privatePem)}},
            "public_key_server": {{System.Text.Json.JsonSerializer.Serialize(serverPem)}}
          },
          "session_context": { "token": "sess-abc", "expiry_time": "{{expiry}}", "user_id": 1234 },
          "proxy": null
        }
        """;
        using var context = BunqContextJson.ReadSdkConf(Encoding.UTF8.GetBytes(conf));
        Assert.Same(BunqEnvironment.Production, context.Environment);
        Assert.Equal(Fixtures.ApiKey, context.ApiKey);
        Assert.Equal("inst-abc", context.InstallationToken);
        Assert.Equal(1234, context.UserId);
        Assert.Equal("sess-abc", context.Session!.Token);
        Assert.Equal(BunqSigner.ExportPublicKeyPem(client), context.ClientPublicKeyPem);
        Assert.True(context.SessionExpiresAt > DateTimeOffset.UtcNow.AddHours(1));
    }

    private sealed class AesProtector(byte[] key) : IBunqContextProtector
    {
        public byte[] Protect(byte[] plaintext)
        {
            using var aes = new AesGcm(key, 16);
            var nonce = RandomNumberGenerator.GetBytes(12);
            var cipher = new byte[plaintext.Length];
            var tag = new byte[16];
            aes.Encrypt(nonce, plaintext, cipher, tag);
            return [.. nonce, .. tag, .. cipher];
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            using var aes = new AesGcm(key, 16);
            var plain = new byte[protectedData.Length - 28];
            aes.Decrypt(protectedData.AsSpan(0, 12), protectedData.AsSpan(28), protectedData.AsSpan(12, 16), plain);
            return plain;
        }
    }
}
