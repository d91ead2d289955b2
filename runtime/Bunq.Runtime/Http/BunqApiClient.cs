using Microsoft.Extensions.Logging;

namespace Bunq.Runtime;

/// <summary>
/// <see cref="IBunqApiClient"/> over HTTP for one API context: bunq's headers and token, a signature over every
/// body, a checked server signature on every answer, typed errors, client-side rate limits, 429 retries, and a
/// session that is renewed ahead of expiry and once more when bunq says it is gone. Thread-safe; share one per context.
/// </summary>
public sealed class BunqApiClient : IBunqApiClient, IBunqUserSource, IDisposable
{
    private readonly BunqTransport _transport;
    private readonly HttpClient? _ownedHttp;
    private readonly Func<CancellationToken, Task<BunqApiContext>> _context;
    private readonly BunqSessionRenewal? _renewal;
    private BunqApiContext? _loaded;

    /// <param name="context">The context to call as.</param>
    /// <param name="httpClient">The HTTP client; one is made (and disposed with this client) when null.</param>
    /// <param name="options">Headers, limits, logging and the store for renewed sessions.</param>
    public BunqApiClient(BunqApiContext context, HttpClient? httpClient = null, BunqClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        options ??= new BunqClientOptions();
        // The runtime's own client enforces the options' certificate pins and trusted roots.
        if (httpClient is null) _ownedHttp = httpClient = options.CreateHttpClient();
        var http = httpClient;
        _transport = new BunqTransport(() => http, options);
        var ready = Task.FromResult(context);
        _context = _ => ready;
    }

    /// <summary>For dependency injection: the HTTP client comes from a factory per call and the context loads on first use.</summary>
    internal BunqApiClient(Func<CancellationToken, Task<BunqApiContext>> context, Func<HttpClient> httpClient, BunqClientOptions options)
    {
        _transport = new BunqTransport(httpClient, options);
        _context = context;
    }

    /// <summary>One tenant of a <see cref="BunqClientFactory"/>: the factory's transport (and limiter), renewals through its coordinator.</summary>
    internal BunqApiClient(Func<CancellationToken, Task<BunqApiContext>> context, BunqTransport transport, BunqSessionRenewal renewal)
    {
        _transport = transport;
        _context = context;
        _renewal = renewal;
    }

    /// <summary>Signs and sends <paramref name="request"/> in the context's session and returns the answer once its server signature has been verified.</summary>
    public async Task<BunqResponse> SendAsync(BunqRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = await _context(cancellationToken).ConfigureAwait(false);
        _loaded = context;
        // One id for the call, whatever happens below: the re-send after a session renewal is the same request to bunq.
        var requestId = request.CallOptions?.RequestId ?? BunqCallOptions.NewRequestId();
        switch (request.Auth)
        {
            case BunqAuth.None:
                return await _transport.SendAsync(context.Environment, request, null, context.ClientKey, context.ServerPublicKey, cancellationToken, requestId).ConfigureAwait(false);
            case BunqAuth.Installation:
                return await _transport.SendAsync(context.Environment, request, context.InstallationToken, context.ClientKey, context.ServerPublicKey, cancellationToken, requestId).ConfigureAwait(false);
        }

        var session = context.Session;
        if (session is null || session.IsExpiring(_transport.Time.GetUtcNow(), _transport.Options.SessionRenewalMargin))
        {
            await RenewAsync(context, session?.Token, cancellationToken).ConfigureAwait(false);
            session = context.Session!;
        }
        BunqResponse response;
        try
        {
            response = await _transport.SendAsync(context.Environment, request, session.Token, context.ClientKey, context.ServerPublicKey, cancellationToken, requestId).ConfigureAwait(false);
        }
        catch (BunqUnauthorizedException ex) when (BunqErrors.IsSessionGone(ex))
        {
            // A signed 401 "session gone": bunq did not execute the call, so sending it again (same id) is safe.
            _transport.Logger.LogInformation("bunq session is gone (response id {ResponseId}); opening a new one and retrying {Method} once (request id {RequestId})", ex.ResponseId, request.Method.Method, requestId);
            await RenewAsync(context, session.Token, cancellationToken).ConfigureAwait(false);
            session = context.Session!;
            response = await _transport.SendAsync(context.Environment, request, session.Token, context.ClientKey, context.ServerPublicKey, cancellationToken, requestId).ConfigureAwait(false);
        }
        session.Extend(_transport.Time.GetUtcNow());
        return response;
    }

    /// <summary>The id of the context's user, loading the context first when it is not loaded yet.</summary>
    public async Task<long> GetUserIdAsync(CancellationToken cancellationToken)
        => (await _context(cancellationToken).ConfigureAwait(false)).UserId;

    /// <summary>The session's expiry and the last success and failure of this client's calls (see <see cref="BunqHealthCheck"/>).</summary>
    public BunqHealthSnapshot GetHealth() => _transport.Health.Snapshot(Volatile.Read(ref _loaded));

    /// <summary>Opens a new session now (e.g. after the user changed the auto-logout time) and saves it to the configured store.</summary>
    public async Task ResetSessionAsync(CancellationToken cancellationToken = default)
    {
        var context = await _context(cancellationToken).ConfigureAwait(false);
        await RenewAsync(context, context.Session?.Token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces <paramref name="staleToken"/> once: in this process under the context's own gate; for a tenant of a
    /// factory also under the coordinator's lease, taking the session another instance saved meanwhile instead of
    /// opening one more (bunq allows one session-server call per 30 s per IP).
    /// </summary>
    private async Task RenewAsync(BunqApiContext context, string? staleToken, CancellationToken cancellationToken)
    {
        if (_renewal is null)
        {
            if (await context.RenewSessionAsync(_transport, staleToken, cancellationToken).ConfigureAwait(false)) await SaveAsync(context, cancellationToken).ConfigureAwait(false);
            return;
        }
        await using var lease = await _renewal.Coordinator.AcquireAsync(_renewal.Key, cancellationToken).ConfigureAwait(false);
        using (var stored = await lease.LoadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (stored?.Session is { } shared && shared.Token != staleToken && !shared.IsExpiring(_transport.Time.GetUtcNow(), _transport.Options.SessionRenewalMargin)
                && context.AdoptSession(stored))
            {
                _transport.Logger.LogInformation("bunq session renewed by another instance taken over (fencing token {Fence})", lease.FencingToken);
                return;
            }
        }
        if (!await context.RenewSessionAsync(_transport, staleToken, cancellationToken).ConfigureAwait(false)) return;
        try
        {
            await lease.SaveAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (BunqContextStoreException ex)
        {
            // This call goes on with the new session; other instances renew once more when theirs runs out.
            _transport.Logger.LogWarning(ex, "Could not save the renewed bunq session for other instances");
        }
    }

    private async Task SaveAsync(BunqApiContext context, CancellationToken cancellationToken)
    {
        var store = _transport.Options.ContextStore;
        if (store is null) return;
        try
        {
            await store.SaveAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (BunqContextStoreException ex)
        {
            // The call itself can go on with the new session; only the next process start pays for a new one.
            _transport.Logger.LogWarning(ex, "Could not save the renewed bunq session");
        }
    }

    /// <summary>Disposes the HTTP client the client created for itself; a caller's own is left alone.</summary>
    public void Dispose() => _ownedHttp?.Dispose();
}
