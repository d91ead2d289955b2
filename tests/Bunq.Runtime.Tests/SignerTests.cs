using System.Diagnostics;
using System.Text;
using Bunq.Runtime.Security;

namespace Bunq.Runtime.Tests;

/// <summary>Checks the signer against openssl itself, byte for byte, with a key openssl makes at test time.</summary>
public sealed class SignerTests : IClassFixture<SignerTests.OpensslKey>
{
    private readonly OpensslKey _key;

    public SignerTests(OpensslKey key) => _key = key;

    public sealed class OpensslKey : IDisposable
    {
        public OpensslKey()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("bunq-openssl-").FullName;
            PrivatePath = Path.Combine(Directory, "key.pem");
            PublicPath = Path.Combine(Directory, "pub.pem");
            Run($"genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out '{PrivatePath}'");
            Run($"pkey -in '{PrivatePath}' -pubout -out '{PublicPath}'");
        }

        public string Directory { get; }

        public string PrivatePath { get; }

        public string PublicPath { get; }

        public string Run(string arguments, byte[]? stdin = null)
        {
            var psi = new ProcessStartInfo("bash", new[] { "-c", "openssl " + arguments })
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(psi)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (stdin is not null) process.StandardInput.BaseStream.Write(stdin);
            process.StandardInput.Close();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "openssl failed: " + error.Result);
            return output.Result;
        }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }

    public static TheoryData<string> Bodies() => new() { "empty", "ascii", "non-ascii", "one-megabyte" };

    private static byte[] Body(string name) => name switch
    {
        "empty" => Array.Empty<byte>(),
        "ascii" => """{"amount":{"value":"12.50","currency":"EUR"},"counterparty_alias":{"type":"EMAIL","value":"bravo@bunq.com"},"description":"Payment for drinks."}"""u8.ToArray(),
        "non-ascii" => Encoding.UTF8.GetBytes("""{"description":"Café – über naïve 🍻 €"}"""),
        _ => Enumerable.Range(0, 1 << 20).Select(i => (byte)((i * 31) ^ (i >> 8))).ToArray(),
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Signatures_equal_openssls_byte_for_byte(string name)
    {
        var body = Body(name);
        using var key = BunqSigner.ImportPrivateKeyPem(File.ReadAllText(_key.PrivatePath));
        var expected = _key.Run($"dgst -sha256 -sign '{_key.PrivatePath}' | base64 -w0", body).Trim();
        Assert.Equal(expected, BunqSigner.Sign(key, body));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void A_signature_made_by_openssl_verifies_and_a_tampered_one_does_not(string name)
    {
        var body = Body(name);
        using var publicKey = BunqSigner.ImportPublicKeyPem(File.ReadAllText(_key.PublicPath));
        var signature = _key.Run($"dgst -sha256 -sign '{_key.PrivatePath}' | base64 -w0", body).Trim();
        Assert.True(BunqSigner.Verify(publicKey, body, signature));

        var tamperedBody = body.Length == 0 ? new byte[] { 0x20 } : body.ToArray();
        if (body.Length > 0) tamperedBody[body.Length / 2] ^= 0x01;
        Assert.False(BunqSigner.Verify(publicKey, tamperedBody, signature));

        var raw = Convert.FromBase64String(signature);
        raw[10] ^= 0x80;
        Assert.False(BunqSigner.Verify(publicKey, body, Convert.ToBase64String(raw)));
        Assert.False(BunqSigner.Verify(publicKey, body, null));
        Assert.False(BunqSigner.Verify(publicKey, body, "%%%"));
    }

    [Fact]
    public void Public_keys_round_trip_through_bunqs_pem_format_and_openssl_reads_ours()
    {
        using var key = BunqSigner.CreateKey();
        Assert.Equal(2048, key.KeySize);
        var pem = BunqSigner.ExportPublicKeyPem(key);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", pem);
        Assert.EndsWith("-----END PUBLIC KEY-----", pem.TrimEnd());
        using var imported = BunqSigner.ImportPublicKeyPem(pem);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), imported.ExportSubjectPublicKeyInfo());

        var path = Path.Combine(_key.Directory, "ours.pem");
        File.WriteAllText(path, pem);
        var modulus = _key.Run($"rsa -pubin -in '{path}' -noout -modulus").Trim();
        Assert.Equal("Modulus=" + Convert.ToHexString(key.ExportParameters(false).Modulus!), modulus);
    }

    [Fact]
    public void A_bad_pem_is_a_cryptographic_error_that_does_not_quote_the_input()
    {
        const string secretish = "-----BEGIN PRIVATE KEY-----\nAAAAsecretmaterial\n-----END PRIVATE KEY-----";
        var ex = Assert.Throws<System.Security.Cryptography.CryptographicException>(() => BunqSigner.ImportPrivateKeyPem(secretish));
        Assert.DoesNotContain("secretmaterial", ex.ToString());
    }
}
