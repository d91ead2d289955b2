using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Bunq.Runtime.Security;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Bunq.Benchmarks.Runtime;

/// <summary>
/// bunq's signature (RSA-2048, PKCS#1 v1.5, SHA-256, base64) over a payment request body: through the BCL
/// (<see cref="BunqSigner"/>, OpenSSL underneath on Linux) and through BouncyCastle's managed implementation.
/// build/bench.sh prints <c>openssl speed rsa2048</c> beside these.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private RSA _key = null!;
    private RSA _publicKey = null!;
    private byte[] _body = [];
    private string _signature = "";
    private byte[] _signatureBytes = [];
    private RsaPrivateCrtKeyParameters _bcPrivate = null!;
    private RsaKeyParameters _bcPublic = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = BunqSigner.CreateKey();
        _publicKey = BunqSigner.ImportPublicKeyPem(BunqSigner.ExportPublicKeyPem(_key));
        _body = """{"amount":{"value":"23.45","currency":"EUR"},"counterparty_alias":{"type":"IBAN","value":"NL13RABO0123456789","name":"Daan Bakker"},"description":"Terugbetaling concertkaartjes"}"""u8.ToArray();
        _signature = BunqSigner.Sign(_key, _body);
        _signatureBytes = Convert.FromBase64String(_signature);
        var p = _key.ExportParameters(includePrivateParameters: true);
        static BigInteger Big(byte[]? bytes) => new(1, bytes ?? throw new InvalidOperationException("RSA parameter missing"));
        _bcPrivate = new RsaPrivateCrtKeyParameters(Big(p.Modulus), Big(p.Exponent), Big(p.D), Big(p.P), Big(p.Q), Big(p.DP), Big(p.DQ), Big(p.InverseQ));
        _bcPublic = new RsaKeyParameters(false, Big(p.Modulus), Big(p.Exponent));
        if (BouncySign() != _signature || !BouncyVerify() || !BclVerify())
        {
            throw new InvalidOperationException("BCL and BouncyCastle disagree on the PKCS#1 v1.5 signature.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _key.Dispose();
        _publicKey.Dispose();
    }

    [Benchmark(Description = "RSA-2048 sign: BunqSigner (BCL)")]
    public string BclSign() => BunqSigner.Sign(_key, _body);

    [Benchmark(Description = "RSA-2048 verify: BunqSigner (BCL)")]
    public bool BclVerify() => BunqSigner.Verify(_publicKey, _body, _signature);

    [Benchmark(Description = "RSA-2048 sign: BouncyCastle")]
    public string BouncySign()
    {
        var signer = SignerUtilities.GetSigner("SHA256WITHRSA");
        signer.Init(true, _bcPrivate);
        signer.BlockUpdate(_body, 0, _body.Length);
        return Convert.ToBase64String(signer.GenerateSignature());
    }

    [Benchmark(Description = "RSA-2048 verify: BouncyCastle")]
    public bool BouncyVerify()
    {
        var signer = SignerUtilities.GetSigner("SHA256WITHRSA");
        signer.Init(false, _bcPublic);
        signer.BlockUpdate(_body, 0, _body.Length);
        return signer.VerifySignature(Convert.FromBase64String(_signature));
    }
}
