using System.Security.Cryptography;

namespace Bunq.Emulator.Tests;

/// <summary>
/// RSA keys made once per test run: generating 2048-bit keys is the slowest thing these tests do,
/// and the protocol does not care whether two installations share a client key.
/// </summary>
internal static class TestKeys
{
    private static readonly Lazy<RSA> ClientKey = new(() => RSA.Create(2048));
    private static readonly Lazy<RSA> StrangerKey = new(() => RSA.Create(2048));
    private static readonly Lazy<string> ServerPem = new(() =>
    {
        using var key = RSA.Create(2048);
        return key.ExportPkcs8PrivateKeyPem();
    });

    public static RSA Client => ClientKey.Value;

    /// <summary>A key the emulator has never seen, for forged signatures.</summary>
    public static RSA Stranger => StrangerKey.Value;

    public static string ServerPrivateKeyPem => ServerPem.Value;

    public static BunqEmulatorOptions Options(bool rateLimits = false, TimeProvider? clock = null, decimal startingBalance = 500m) => new()
    {
        RateLimits = rateLimits,
        Clock = clock ?? TimeProvider.System,
        StartingBalance = startingBalance,
        ServerPrivateKeyPem = ServerPrivateKeyPem,
    };
}
