using System.Security.Cryptography;

namespace Bunq.Runtime.Security;

/// <summary>
/// bunq's signatures: base64 of RSA PKCS#1 v1.5 over SHA-256 of the exact body bytes, the same as
/// <c>openssl dgst -sha256 -sign key.pem | base64 -w0</c>. Both sides use it: the client signs request
/// bodies and verifies <c>X-Bunq-Server-Signature</c>; a server (the emulator) signs answers and verifies
/// <c>X-Bunq-Client-Signature</c>. Stateless and thread-safe as long as each RSA key is used by one
/// thread at a time or is a platform key (the .NET RSA implementations are safe for concurrent sign/verify).
/// </summary>
public static class BunqSigner
{
    /// <summary>bunq requires 2048-bit keys.</summary>
    public const int KeySize = 2048;

    /// <summary>A new 2048-bit RSA key pair for an installation.</summary>
    public static RSA CreateKey() => RSA.Create(KeySize);

    /// <summary>base64(RSA-PKCS#1-v1.5(SHA-256(body))).</summary>
    public static string Sign(RSA privateKey, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var signature = privateKey.SignData(body, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Convert.ToBase64String(signature);
    }

    /// <summary>
    /// True when <paramref name="signatureBase64"/> is a valid signature of <paramref name="body"/> under
    /// <paramref name="publicKey"/>. Missing, malformed or wrong signatures all give false; never throws for bad input.
    /// </summary>
    public static bool Verify(RSA publicKey, ReadOnlySpan<byte> body, string? signatureBase64)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (string.IsNullOrWhiteSpace(signatureBase64)) return false;
        var buffer = new byte[(signatureBase64.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(signatureBase64.Trim(), buffer, out var written)) return false;
        try
        {
            return publicKey.VerifyData(body, buffer.AsSpan(0, written), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The public key as bunq sends and expects it: SPKI PEM, <c>-----BEGIN PUBLIC KEY-----</c>, <c>\n</c> line ends.</summary>
    public static string ExportPublicKeyPem(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>Reads an SPKI (<c>BEGIN PUBLIC KEY</c>) or PKCS#1 (<c>BEGIN RSA PUBLIC KEY</c>) PEM public key.</summary>
    public static RSA ImportPublicKeyPem(string pem) => ImportPem(pem, "public");

    /// <summary>The private key as PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>), the format bunq's docs ask for.</summary>
    public static string ExportPrivateKeyPem(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>Reads a PKCS#8 or PKCS#1 PEM private key.</summary>
    public static RSA ImportPrivateKeyPem(string pem) => ImportPem(pem, "private");

    private static RSA ImportPem(string pem, string which)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        var key = RSA.Create();
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            // The exception from ImportFromPem may quote the input (a private key, even), so it is deliberately dropped.
            throw new CryptographicException($"The text is not a PEM-encoded RSA {which} key.");
        }
    }
}
