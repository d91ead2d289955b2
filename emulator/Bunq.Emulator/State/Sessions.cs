using System.Security.Cryptography;

namespace Bunq.Emulator.State;

/// <summary>POST /installation: the client's public key and the token for device and session calls.</summary>
internal sealed class Installation : IDisposable
{
    public Installation(long id, string token, RSA clientKey)
    {
        Id = id;
        Token = token;
        ClientKey = clientKey;
    }

    public long Id { get; }

    public string Token { get; }

    public RSA ClientKey { get; }

    public HashSet<string> DeviceApiKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Every X-Bunq-Client-Request-Id this installation's calls carried past authentication.</summary>
    public HashSet<string> RequestIds { get; } = new(StringComparer.Ordinal);

    public void Dispose() => ClientKey.Dispose();
}

/// <summary>POST /session-server: the token every other call carries, bound to one user and installation.</summary>
internal sealed class Session
{
    public Session(long id, string token, SandboxUser user, Installation installation, TimeSpan timeout, DateTimeOffset now)
    {
        Id = id;
        Token = token;
        User = user;
        Installation = installation;
        Timeout = timeout;
        ExpiresAt = now + timeout;
    }

    public long Id { get; }

    public string Token { get; }

    public SandboxUser User { get; }

    public Installation Installation { get; }

    public TimeSpan Timeout { get; }

    public DateTimeOffset ExpiresAt { get; set; }

    public bool Expired { get; set; }

    /// <summary>bunq extends a session on use, by the user's auto-logout time.</summary>
    public bool TryUse(DateTimeOffset now)
    {
        if (Expired || now >= ExpiresAt) return false;
        ExpiresAt = now + Timeout;
        return true;
    }
}
