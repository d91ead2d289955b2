using Microsoft.Extensions.Logging;

namespace Bunq.Runtime;

/// <summary>
/// <see cref="IBunqApiClient"/> over HTTP for one API context: bunq's headers and token, a signature over every
/// body, a checked server signature on every answer, typed errors, client-side rate limits, 429 retries, and a
/// session that is renewed ahead of expiry and once more when bunq says it is gone. Thread-safe; share one per context.
/// </summary>
public sealed class BunqApiClient : IBunqApiClient, IDisposable
{
    private readonly BunqTransport _transport;
    private readonly HttpClient? _ownedHttp;
    private readonly Func<CancellationToken, Task<BunqApiContext>> _context;

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

    public async Task<BunqResponse> SendAsync(BunqRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = await _context(cancellationToken).ConfigureAwait(false);
        // One id for the call, whatever happens below: the re-send after a session renewal is the same request to bunq.
        var requestId = request.CallOptions?.RequestId ?? BunqCallOptions.NewRequestId();
        switch (request.Auth)
        {
            case BunqAuth.None:
                return await _transport.SendAsync(context.Environment, request, null, context.ClientKey, context.ServerPublicKey, cancellationToken, requestId).ConfigureAwait(false);
            case BunqAuth.Installation:
                return await _transport.SendAsync(context.Environment, request, context.InstallationToken, context.ClientKey, context.ServerPublicKey, cancellationToken, requestId).ConfigureAwait(false);
        }

        var (session, renewed) = await context.EnsureSessionAsync(_transport, cancellationToken).ConfigureAwait(false);
        if (renewed) await SaveAsync(context, cancellationToken).ConfigureAwait(false);
        BunqResponse response;
        try
        {
            response = await _transport.SendAsync(context.Environment, request, session.Token, context.ClientKey, context.ServerPublicKey, cancellationToken, requestId).ConfigureAwait(false);
        }
        catch (BunqUnauthorizedException ex) when (BunqErrors.IsSessionGone(ex))
        {
            // A signed 401 "session gone": bunq did not execute the call, so sending it again (same id) is safe.
            _transport.Logger.LogInformation("bunq session is gone (response id {ResponseId}); opening a new one and retrying {Method} once (request id {RequestId})", ex.ResponseId, request.Method.Method, requestId);
            if (await context.RenewSessionAsync(_transport, session.Token, cancellationToken).ConfigureAwait(false))
            {
                await SaveAsync(context, cancellationToken).ConfigureAwait(false);
            }
            session = context.Session!;
            response = await _transport.SendAsync(context.Environment, request, session.Token, context.ClientKey, context.ServerPublicKey, cancellationToken, requestId).ConfigureAwait(false);
        }
        session.Extend(_transport.Time.GetUtcNow());
        return response;
    }

    /// <summary>Opens a new session now (e.g. after the user changed the auto-logout time) and saves it to the configured store.</summary>
    public async Task ResetSessionAsync(CancellationToken cancellationToken = default)
    {
        var context = await _context(cancellationToken).ConfigureAwait(false);
        var stale = context.Session?.Token;
        if (await context.RenewSessionAsync(_transport, stale, cancellationToken).ConfigureAwait(false))
        {
            await SaveAsync(context, cancellationToken).ConfigureAwait(false);
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

    public void Dispose() => _ownedHttp?.Dispose();
}
