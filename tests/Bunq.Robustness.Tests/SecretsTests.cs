using System.Security.Cryptography;
using System.Text;
using Bunq.Emulator;
using Bunq.Robustness.Tests.Support;
using Bunq.Runtime;
using Bunq.Runtime.Security;

namespace Bunq.Robustness.Tests;

/// <summary>
/// A full session against the emulator — context creation, calls, an error, a 401 and the new session after it, a
/// refused signature — with every log line and exception captured: no API key, token, private key or signature in
/// any of it. The saved context is owner-only; the memory store and an encrypted store both work.
/// </summary>
public sealed class SecretsTests : IAsyncLifetime
{
    private BunqEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false, Logger = _serverLog });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private readonly CapturingLogger _serverLog = new();

    [Fact]
    public async Task No_secret_appears_in_logs_or_exception_messages()
    {
        var log = new CapturingLogger();
        var recorder = new Recorder(new SocketsHttpHandler());
        using var http = new HttpClient(recorder);
        var folder = Directory.CreateTempSubdirectory("bunq-secrets-");
        try
        {
            var store = new BunqContextFileStore(Path.Combine(folder.FullName, "context.json"));
            var options = new BunqClientOptions { RateLimits = new BunqRateLimitOptions { Enabled = false }, Logger = log, ContextStore = store };
            var apiKey = _emulator.CreateSandboxUser();
            using var context = await BunqApiContext.CreateAsync(new BunqContextOptions
            {
                ApiKey = apiKey,
                Environment = BunqEnvironment.Custom(_emulator.BaseUrl),
                HttpClient = http,
                ClientKey = StubBunq.ClientKey,
                ClientOptions = options,
            });
            await store.SaveAsync(context);
            using var api = new BunqApiClient(context, http, options);
            var failures = new List<Exception>();
            var user = context.UserId;

            var accounts = await api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{user}/monetary-account"), default);
            var account = FirstBankAccount(accounts);
            await api.SendAsync(Payment(user, account, "1.00"), default);
            failures.Add(await Assert.ThrowsAsync<BunqNotFoundException>(() => api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{user}/monetary-account/{account}/payment/99999999"), default)));
            failures.Add(await Assert.ThrowsAsync<BunqBadRequestException>(() => api.SendAsync(Payment(user, account, "999999.00"), default)));

            // bunq ends the session: the next call gets 401, the runtime opens a new session and retries once.
            _emulator.ExpireSessions();
            await api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{user}/monetary-account/{account}/payment?count=10"), default);
            Assert.Equal(2, recorder.Exchanges.Count(e => e.Path.EndsWith("/session-server", StringComparison.Ordinal)));
            Assert.Contains(recorder.Exchanges, e => e.Status == 401);

            // A tampered answer: refused, and its refusal logged.
            recorder.Tamper = (_, response, _) =>
            {
                response.Headers.Remove("X-Bunq-Server-Signature");
                response.Headers.TryAddWithoutValidation("X-Bunq-Server-Signature", recorder.Exchanges.First().RequestHeaders.GetValueOrDefault("X-Bunq-Client-Signature") ?? "AAAA");
                return Task.CompletedTask;
            };
            failures.Add(await Assert.ThrowsAsync<BunqSignatureException>(() => api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{user}/monetary-account"), default)));
            recorder.Tamper = null;

            // The secrets as they crossed the wire, plus the key the context was made with.
            var exchanges = recorder.Exchanges.ToList();
            var secrets = new HashSet<string>(StringComparer.Ordinal) { apiKey };
            foreach (var e in exchanges)
            {
                foreach (var header in new[] { "X-Bunq-Client-Authentication", "X-Bunq-Client-Signature" })
                {
                    if (e.RequestHeaders.TryGetValue(header, out var value)) secrets.Add(value);
                }
                if (e.ResponseHeaders.TryGetValue("X-Bunq-Server-Signature", out var signature)) secrets.Add(signature);
                // Tokens also travel in answers (installation and session-server bodies).
                foreach (var token in Tokens(e.ResponseText)) secrets.Add(token);
            }
            foreach (var pem in new[] { BunqSigner.ExportPrivateKeyPem(StubBunq.ClientKey), StubBunq.ClientKey.ExportRSAPrivateKeyPem(), StubBunq.ClientKey.ExportPkcs8PrivateKeyPem() })
            {
                foreach (var line in pem.Split('\n').Where(l => l.Length >= 40 && !l.StartsWith("-----", StringComparison.Ordinal))) secrets.Add(line.Trim());
            }
            Assert.True(secrets.Count > 20, $"only {secrets.Count} secrets were collected");
            Assert.Contains(secrets, s => s.StartsWith("sandbox_", StringComparison.Ordinal) || s == apiKey);

            var everything = new StringBuilder();
            foreach (var line in log.Lines.Concat(_serverLog.Lines)) everything.AppendLine(line);
            foreach (var failure in failures) everything.AppendLine(failure.ToString());
            everything.AppendLine(context.ToString());
            Assert.True(log.Lines.Count >= exchanges.Count, $"{log.Lines.Count} log lines for {exchanges.Count} calls: logging is not on");
            var text = everything.ToString();
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret ({secret.Length} chars, starting '{secret[..4]}') appears in the logs or messages");
            }

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_memory_store_and_an_encrypted_file_store_restore_a_working_context()
    {
        var options = new BunqClientOptions { RateLimits = new BunqRateLimitOptions { Enabled = false } };
        var apiKey = _emulator.CreateSandboxUser();
        using var context = await BunqApiContext.CreateAsync(new BunqContextOptions
        {
            ApiKey = apiKey,
            Environment = BunqEnvironment.Custom(_emulator.BaseUrl),
            ClientKey = StubBunq.ClientKey,
            ClientOptions = options,
        });
        var folder = Directory.CreateTempSubdirectory("bunq-store-");
        try
        {
            var memory = new BunqMemoryContextStore();
            await memory.SaveAsync(context);
            var protector = new AesGcmProtector();
            var encrypted = new BunqContextFileStore(Path.Combine(folder.FullName, "context.bin"), protector);
            await encrypted.SaveAsync(context);

            var bytes = await File.ReadAllBytesAsync(encrypted.Path);
            var asText = Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain(apiKey, asText, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", asText, StringComparison.Ordinal);
            Assert.DoesNotContain("session", asText, StringComparison.OrdinalIgnoreCase);

            foreach (var store in new IBunqContextStore[] { memory, encrypted })
            {
                using var restored = await BunqApiContext.RestoreAsync(store);
                using var api = new BunqApiClient(restored, options: options);
                var answer = await api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{restored.UserId}/monetary-account"), default);
                Assert.Equal(200, answer.StatusCode);
            }

            var wrongKey = new BunqContextFileStore(encrypted.Path, new AesGcmProtector());
            var ex = await Assert.ThrowsAsync<BunqContextStoreException>(() => BunqApiContext.RestoreAsync(wrongKey));
            Assert.Equal(BunqContextStoreError.ProtectionFailed, ex.Error);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static BunqRequest Payment(long user, long account, string amount) => new(HttpMethod.Post, $"user/{user}/monetary-account/{account}/payment")
    {
        Body = Encoding.UTF8.GetBytes($$"""{"amount":{"value":"{{amount}}","currency":"EUR"},"counterparty_alias":{"type":"EMAIL","value":"sugardaddy@bunq.com","name":"Sugar Daddy"},"description":"secrets test"}"""),
        ContentType = "application/json",
    };

    internal static long FirstBankAccount(BunqResponse accounts)
    {
        using var document = System.Text.Json.JsonDocument.Parse(accounts.Body);
        return document.RootElement.GetProperty("Response").EnumerateArray()
            .Select(e => e.EnumerateObject().First())
            .First(p => p.Name == "MonetaryAccountBank").Value.GetProperty("id").GetInt64();
    }

    private static IEnumerable<string> Tokens(string json)
    {
        const string marker = "\"token\":\"";
        for (var at = json.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = json.IndexOf(marker, at + 1, StringComparison.Ordinal))
        {
            var start = at + marker.Length;
            var end = json.IndexOf('"', start);
            if (end > start) yield return json[start..end];
        }
    }

    /// <summary>A user's protector: AES-GCM with a key only this instance knows (nonce and tag travel with the data).</summary>
    private sealed class AesGcmProtector : IBunqContextProtector
    {
        private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

        public byte[] Protect(byte[] plaintext)
        {
            var result = new byte[12 + 16 + plaintext.Length];
            RandomNumberGenerator.Fill(result.AsSpan(0, 12));
            using var aes = new AesGcm(_key, 16);
            aes.Encrypt(result.AsSpan(0, 12), plaintext, result.AsSpan(28), result.AsSpan(12, 16));
            return result;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            var plaintext = new byte[protectedData.Length - 28];
            using var aes = new AesGcm(_key, 16);
            aes.Decrypt(protectedData.AsSpan(0, 12), protectedData.AsSpan(28), protectedData.AsSpan(12, 16), plaintext);
            return plaintext;
        }
    }
}
