namespace Bunq.AspNetCore;

/// <summary>Why a callback was not passed on. The caller only ever sees the status code, never this reason.</summary>
public enum BunqCallbackRefusal
{
    /// <summary>413: the body is larger than <see cref="BunqCallbackOptions.MaxBodyBytes"/>.</summary>
    Oversized,
    /// <summary>403: the source address is not in <see cref="BunqCallbackOptions.AllowedNetworks"/>.</summary>
    WrongSource,
    /// <summary>401: <c>X-Bunq-Server-Signature</c> does not verify under the context's server key.</summary>
    BadSignature,
    /// <summary>401: no signature while <see cref="BunqCallbackOptions.RequireSignature"/> is on.</summary>
    MissingSignature,
    /// <summary>400: not a <c>NotificationUrl</c> document.</summary>
    Malformed,
    /// <summary>Accepted (200), but re-reading the object over the signed API did not confirm it; no handler ran.</summary>
    Unconfirmed,
}

/// <summary>Counters of the callback endpoint since start; thread-safe. Registered as a singleton by <c>AddBunqCallbacks</c>.</summary>
public sealed class BunqCallbackStats
{
    private readonly long[] _refused = new long[Enum.GetValues<BunqCallbackRefusal>().Length];
    private long _received;
    private long _accepted;
    private long _dispatched;
    private long _duplicates;
    private long _handlerFailures;
    private long _queueFull;

    /// <summary>Every POST that reached the endpoint.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Queued for the handlers (verified, not a resend).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Callbacks whose handlers ran (confirmed first where confirmation applies).</summary>
    public long Dispatched => Interlocked.Read(ref _dispatched);

    /// <summary>bunq's resends of a callback already accepted: answered 200 and dropped.</summary>
    public long DuplicatesDropped => Interlocked.Read(ref _duplicates);

    /// <summary>Handlers that threw (logged; the others for that callback still ran).</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    /// <summary>Answered 503 because the queue was full; bunq tries again.</summary>
    public long QueueFull => Interlocked.Read(ref _queueFull);

    /// <summary>Callbacks refused for <paramref name="reason"/> since the application started.</summary>
    public long Refused(BunqCallbackRefusal reason) => Interlocked.Read(ref _refused[(int)reason]);

    /// <summary>Refused for a forged origin: bad or missing signature, wrong source.</summary>
    public long ForgedRefused => Refused(BunqCallbackRefusal.BadSignature) + Refused(BunqCallbackRefusal.MissingSignature) + Refused(BunqCallbackRefusal.WrongSource);

    internal void CountReceived() => Interlocked.Increment(ref _received);
    internal void CountAccepted() => Interlocked.Increment(ref _accepted);
    internal void CountDispatched() => Interlocked.Increment(ref _dispatched);
    internal void CountDuplicate() => Interlocked.Increment(ref _duplicates);
    internal void CountHandlerFailure() => Interlocked.Increment(ref _handlerFailures);
    internal void CountQueueFull() => Interlocked.Increment(ref _queueFull);
    internal void CountRefused(BunqCallbackRefusal reason) => Interlocked.Increment(ref _refused[(int)reason]);
}
