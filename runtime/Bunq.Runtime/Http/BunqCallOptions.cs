namespace Bunq.Runtime;

/// <summary>
/// Per-call settings every generated operation takes (the parameter before the <c>CancellationToken</c>).
/// <see cref="RequestId"/> is the call's idempotency key: bunq "will respond with an error when the same ID is used
/// again on the same DeviceServer", so a POST retried with the id of an attempt whose outcome was unknown cannot
/// execute twice. docs/payments.md shows the pattern.
/// </summary>
public sealed class BunqCallOptions
{
    private readonly string? _requestId;

    /// <summary>
    /// The <c>X-Bunq-Client-Request-Id</c> to send; the runtime makes a new one per call when null. Every re-send of
    /// the call by the runtime (after a 429, after a session renewal) uses the same id. Printable ASCII, 1 to 128
    /// characters: store it with your own record of the payment before you send.
    /// </summary>
    public string? RequestId
    {
        get => _requestId;
        init
        {
            if (value is not null && !IsValidRequestId(value))
            {
                throw new ArgumentException("A request id is 1 to 128 printable ASCII characters (no spaces or control characters).", nameof(RequestId));
            }
            _requestId = value;
        }
    }

    /// <summary>The longest the whole call may take, retries and waits included; <see cref="BunqClientOptions.CallTimeout"/> when null.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The options of each page's call in a walk over all pages (the generated <c>…AllAsync</c> methods): the
    /// <see cref="Timeout"/> applies to every page. A <see cref="RequestId"/> is refused, not dropped: every page is a
    /// request of its own, and bunq refuses an id used twice on one device.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="callOptions"/> names a request id.</exception>
    public static BunqCallOptions? ForEachPage(BunqCallOptions? callOptions)
    {
        if (callOptions is null) return null;
        if (callOptions.RequestId is not null)
        {
            throw new ArgumentException("A walk over all pages sends one request per page, each with its own request id; give a RequestId only to a single call.", nameof(callOptions));
        }
        return callOptions;
    }

    /// <summary>A fresh request id (a UUID), to store before the first attempt.</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString("D");

    internal static bool IsValidRequestId(string value)
    {
        if (value.Length is 0 or > 128) return false;
        foreach (var c in value)
        {
            if (c is <= ' ' or > '~') return false;
        }
        return true;
    }
}
