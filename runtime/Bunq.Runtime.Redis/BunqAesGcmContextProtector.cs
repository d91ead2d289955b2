using System.Security.Cryptography;

namespace Bunq.Runtime.Redis;

/// <summary>
/// AES-256-GCM over a stored API context, for hosts without ASP.NET Core Data Protection: every instance that shares
/// the store is given the same 32-byte key (from a secret store or the environment, never from Redis itself). The
/// tag authenticates the bytes, so whoever can write Redis can neither read the secrets nor swap bunq's server key.
/// Layout: version byte, 12-byte nonce, 16-byte tag, ciphertext.
/// </summary>
public sealed class BunqAesGcmContextProtector : IBunqContextProtector
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly byte[] _key;

    /// <param name="key">32 random bytes (AES-256).</param>
    public BunqAesGcmContextProtector(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32) throw new ArgumentException($"The key must be 32 bytes (AES-256); it has {key.Length}.", nameof(key));
        _key = (byte[])key.Clone();
    }

    /// <summary>The key as Base64 (e.g. from <c>openssl rand -base64 32</c>).</summary>
    public static BunqAesGcmContextProtector FromBase64(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(key);
        }
        catch (FormatException ex)
        {
            // The value is a secret: not echoed.
            throw new ArgumentException("The key is not Base64.", nameof(key), ex);
        }
        return new BunqAesGcmContextProtector(bytes);
    }

    /// <inheritdoc />
    public byte[] Protect(byte[] plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var result = new byte[HeaderSize + plaintext.Length];
        result[0] = FormatVersion;
        RandomNumberGenerator.Fill(result.AsSpan(1, NonceSize));
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(result.AsSpan(1, NonceSize), plaintext, result.AsSpan(HeaderSize), result.AsSpan(1 + NonceSize, TagSize));
        return result;
    }

    /// <inheritdoc />
    public byte[] Unprotect(byte[] protectedData)
    {
        ArgumentNullException.ThrowIfNull(protectedData);
        if (protectedData.Length < HeaderSize || protectedData[0] != FormatVersion) throw new CryptographicException("The data was not protected by this protector.");
        var plaintext = new byte[protectedData.Length - HeaderSize];
        using var aes = new AesGcm(_key, TagSize);
        // Throws AuthenticationTagMismatchException (a CryptographicException) for another key or changed bytes.
        aes.Decrypt(protectedData.AsSpan(1, NonceSize), protectedData.AsSpan(HeaderSize), protectedData.AsSpan(1 + NonceSize, TagSize), plaintext);
        return plaintext;
    }
}
