using System.Security.Cryptography;

namespace Bunq.Emulator.Protocol;

/// <summary>
/// bunq's signature scheme on both sides: base64 of RSA PKCS#1 v1.5 over SHA-256 of the exact body
/// bytes. The one place the emulator touches RSA.
/// </summary>
internal static class EmulatorRsa
{
    public static string Sign(RSA key, ReadOnlySpan<byte> body)
        => Convert.ToBase64String(key.SignData(body, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static bool Verify(RSA key, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrWhiteSpace(signature)) return false;
        var bytes = new byte[signature.Length];
        if (!Convert.TryFromBase64String(signature.Trim(), bytes, out var length)) return false;
        return key.VerifyData(body, bytes.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>Accepts <c>BEGIN PUBLIC KEY</c> (what bunq documents) and <c>BEGIN RSA PUBLIC KEY</c>; null when neither parses.</summary>
    public static RSA? ImportPublicKey(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem)) return null;
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem.Replace("\\n", "\n", StringComparison.Ordinal));
            return rsa;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            return null;
        }
    }

    public static string ExportPublicKeyPem(RSA key) => key.ExportSubjectPublicKeyInfoPem();
}
