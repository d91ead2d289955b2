using System.Net;
using Bunq.Runtime;
using Bunq.Runtime.Json;

namespace Bunq.AspNetCore;

/// <summary>When callbacks must come from bunq's published source range.</summary>
public enum BunqCallbackSourceCheck
{
    /// <summary>
    /// Only when the context's environment is production: bunq's sandbox calls from changing AWS addresses, so there
    /// the signature (<see cref="BunqCallbackOptions.RequireSignature"/>) and the confirmation carry the trust.
    /// </summary>
    Auto,
    /// <summary>Always; loopback only with <see cref="BunqCallbackOptions.AllowLoopback"/>.</summary>
    Always,
    /// <summary>Never (behind a gateway that already filters by source).</summary>
    Off,
}

/// <summary>A callback on its way to the handlers: what bunq sent, and a scope for the handler's services.</summary>
public sealed class BunqCallbackEvent
{
    internal BunqCallbackEvent(BunqCallback callback, IServiceProvider services, bool confirmed, DateTimeOffset receivedAt)
    {
        Callback = callback;
        Services = services;
        Confirmed = confirmed;
        ReceivedAt = receivedAt;
    }

    /// <summary>The callback as bunq sent it: category, event type, object type and the object itself.</summary>
    public BunqCallback Callback { get; }

    /// <summary>A service scope of its own for this callback (disposed after the handlers ran).</summary>
    public IServiceProvider Services { get; }

    /// <summary>True when the object was re-read over the signed API and matched before this handler ran.</summary>
    public bool Confirmed { get; }

    /// <summary>When the endpoint received the callback (before the queue), from the host's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset ReceivedAt { get; }
}

/// <summary>What <c>AddBunqCallbacks</c> configures: who may call, what is checked, and the handlers.</summary>
public sealed class BunqCallbackOptions
{
    /// <summary>bunq's production callback source ("Callbacks: Receiving callbacks" in bunq's API docs).</summary>
    public static readonly IPNetwork BunqProductionNetwork = IPNetwork.Parse("185.40.108.0/22");

    private readonly List<(string? ObjectType, string? ObjectPrefix, string? Category, Func<BunqCallbackEvent, CancellationToken, Task> Handler)> _handlers = new();
    private Func<BunqCallbackEvent, CancellationToken, Task>? _unknown;

    /// <summary>Whether the sender must be in bunq's callback IP range; <see cref="BunqCallbackSourceCheck.Auto"/> checks it except on loopback.</summary>
    public BunqCallbackSourceCheck SourceCheck { get; set; } = BunqCallbackSourceCheck.Auto;

    /// <summary>The networks callbacks may come from when the source is checked; bunq may announce changes to these.</summary>
    public IList<IPNetwork> AllowedNetworks { get; } = new List<IPNetwork> { BunqProductionNetwork };

    /// <summary>Accept 127.0.0.1/::1 while the source is checked (a local emulator or a tunnel on this machine).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// Refuse callbacks without <c>X-Bunq-Server-Signature</c>. A present signature is always checked against the
    /// context's server key, and a bad one always refused.
    /// </summary>
    public bool RequireSignature { get; set; }

    /// <summary>Re-read the object over the signed API and dispatch only when it exists and its amounts match.</summary>
    public bool Confirm { get; set; } = true;

    /// <summary>The categories <see cref="Confirm"/> applies to: the money-moving ones by default.</summary>
    public ISet<string> ConfirmCategories { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "PAYMENT", "MUTATION", "REQUEST", "CARD_TRANSACTION_SUCCESSFUL", "IDEAL", "SOFORT", "SCHEDULE_RESULT", "BUNQME_TAB", "TAB_RESULT",
    };

    /// <summary>Larger bodies are refused (413) before they are read whole; bunq's callbacks are a few kilobytes.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a callback's body is remembered to drop bunq's resends: bunq retries 5 times a minute apart, so the
    /// default covers every resend with room to spare.
    /// </summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>At most this many callbacks are remembered for <see cref="DuplicateWindow"/>; beyond it the oldest are forgotten first.</summary>
    public int DuplicateCapacity { get; set; } = 100_000;

    /// <summary>Callbacks waiting for the handlers; when full, bunq gets 503 and tries again a minute later.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Runs for callbacks whose object key is <paramref name="objectType"/> (<c>Payment</c>, <c>RequestInquiry</c>, …), reading the object as <typeparamref name="T"/>.</summary>
    public BunqCallbackOptions On<T>(string objectType, Func<BunqCallbackEvent, T, CancellationToken, Task> handler) where T : IBunqModel<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objectType);
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add((objectType, null, null, (e, ct) => handler(e, e.Callback.ReadObject<T>(), ct)));
        return this;
    }

    /// <summary>Payments (categories PAYMENT and MUTATION carry <c>Payment</c> objects).</summary>
    public BunqCallbackOptions OnPayment<TPayment>(Func<BunqCallbackEvent, TPayment, CancellationToken, Task> handler) where TPayment : IBunqModel<TPayment>
        => On("Payment", handler);

    /// <summary>Handles callbacks about a <c>RequestInquiry</c> (a payment request you sent), read into the generated model.</summary>
    public BunqCallbackOptions OnRequestInquiry<TRequestInquiry>(Func<BunqCallbackEvent, TRequestInquiry, CancellationToken, Task> handler) where TRequestInquiry : IBunqModel<TRequestInquiry>
        => On("RequestInquiry", handler);

    /// <summary>Handles callbacks about a <c>RequestResponse</c> (a payment request you received), read into the generated model.</summary>
    public BunqCallbackOptions OnRequestResponse<TRequestResponse>(Func<BunqCallbackEvent, TRequestResponse, CancellationToken, Task> handler) where TRequestResponse : IBunqModel<TRequestResponse>
        => On("RequestResponse", handler);

    /// <summary>Handles callbacks about a <c>DraftPayment</c> (a payment waiting for approval in the bunq app), read into the generated model.</summary>
    public BunqCallbackOptions OnDraftPayment<TDraftPayment>(Func<BunqCallbackEvent, TDraftPayment, CancellationToken, Task> handler) where TDraftPayment : IBunqModel<TDraftPayment>
        => On("DraftPayment", handler);

    /// <summary>Handles callbacks about a <c>MasterCardAction</c> (a card payment or authorisation), read into the generated model.</summary>
    public BunqCallbackOptions OnMasterCardAction<TMasterCardAction>(Func<BunqCallbackEvent, TMasterCardAction, CancellationToken, Task> handler) where TMasterCardAction : IBunqModel<TMasterCardAction>
        => On("MasterCardAction", handler);

    /// <summary>Any monetary account object (<c>MonetaryAccountBank</c>, <c>MonetaryAccountSavings</c>, …); read it with <see cref="BunqCallback.ReadObject{T}"/>.</summary>
    public BunqCallbackOptions OnMonetaryAccount(Func<BunqCallbackEvent, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add((null, "MonetaryAccount", null, handler));
        return this;
    }

    /// <summary>Runs for every callback of a category (<c>PAYMENT</c>, <c>OAUTH</c>, …), whatever its object.</summary>
    public BunqCallbackOptions OnCategory(string category, Func<BunqCallbackEvent, CancellationToken, Task> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add((null, null, category, handler));
        return this;
    }

    /// <summary>Runs for a callback no other handler matched: a category or object type bunq added after this code was written.</summary>
    public BunqCallbackOptions OnUnknown(Func<BunqCallbackEvent, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _unknown = handler;
        return this;
    }

    internal List<Func<BunqCallbackEvent, CancellationToken, Task>> HandlersFor(BunqCallback callback)
    {
        var matched = new List<Func<BunqCallbackEvent, CancellationToken, Task>>();
        foreach (var (objectType, prefix, category, handler) in _handlers)
        {
            if ((objectType is not null && callback.ObjectType == objectType)
                || (prefix is not null && callback.ObjectType?.StartsWith(prefix, StringComparison.Ordinal) == true)
                || (category is not null && callback.Category == category))
            {
                matched.Add(handler);
            }
        }
        if (matched.Count == 0 && _unknown is not null) matched.Add(_unknown);
        return matched;
    }
}
