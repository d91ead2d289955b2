namespace Bunq.Runtime;

/// <summary>
/// One session-server session. Immutable except for its expiry, which moves forward with activity;
/// the context swaps whole sessions atomically, so a reader never sees a token with another session's user.
/// </summary>
[System.Diagnostics.DebuggerDisplay("{ToString(),nq}")]
internal sealed class BunqSession
{
    private long _expiresAtUtcTicks;

    public BunqSession(string token, long userId, TimeSpan timeout, DateTimeOffset expiresAt)
    {
        Token = token;
        UserId = userId;
        Timeout = timeout;
        _expiresAtUtcTicks = expiresAt.UtcTicks;
    }

    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]
    public string Token { get; }

    public long UserId { get; }

    public TimeSpan Timeout { get; }

    public DateTimeOffset ExpiresAt => new(Interlocked.Read(ref _expiresAtUtcTicks), TimeSpan.Zero);

    public bool IsExpiring(DateTimeOffset now, TimeSpan margin) => now + margin >= ExpiresAt;

    /// <summary>Never shows the token.</summary>
    public override string ToString() => $"BunqSession(user {UserId}, expires {ExpiresAt:u})";

    /// <summary>bunq extends a session with every call; mirror that so it is not renewed needlessly.</summary>
    public void Extend(DateTimeOffset now)
    {
        var target = (now + Timeout).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _expiresAtUtcTicks);
            if (target <= current) return;
        }
        while (Interlocked.CompareExchange(ref _expiresAtUtcTicks, target, current) != current);
    }
}
