using Bunq.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bunq.AspNetCore;

/// <summary>Runs the handlers off the request, one callback at a time in arrival order, confirming first where configured.</summary>
internal sealed class BunqCallbackWorker : BackgroundService
{
    private readonly BunqCallbackEndpoint _endpoint;
    private readonly BunqCallbackConfirmer _confirmer;
    private readonly BunqCallbackOptions _options;
    private readonly BunqCallbackStats _stats;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger _logger;

    public BunqCallbackWorker(BunqCallbackEndpoint endpoint, BunqCallbackConfirmer confirmer, IOptions<BunqCallbackOptions> options, BunqCallbackStats stats,
        IServiceScopeFactory scopes, ILoggerFactory loggers)
    {
        _endpoint = endpoint;
        _confirmer = confirmer;
        _options = options.Value;
        _stats = stats;
        _scopes = scopes;
        _logger = loggers.CreateLogger("Bunq.AspNetCore.Callbacks");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in _endpoint.Queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await ProcessAsync(item, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task ProcessAsync(QueuedCallback item, CancellationToken cancellationToken)
    {
        var callback = item.Callback;
        var confirmed = false;
        if (_options.Confirm && callback.Category is { } category && _options.ConfirmCategories.Contains(category))
        {
            string? why;
            try
            {
                why = await _confirmer.ConfirmAsync(callback, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BunqException or System.Text.Json.JsonException or HttpRequestException)
            {
                why = "re-reading it failed: " + ex.GetType().Name;
            }
            if (why is not null)
            {
                _stats.CountRefused(BunqCallbackRefusal.Unconfirmed);
                _logger.LogWarning("bunq callback {Category}/{EventType} not confirmed ({Why}); no handler ran", callback.Category, callback.EventType, why);
                return;
            }
            confirmed = true;
        }

        var handlers = _options.HandlersFor(callback);
        await using var scope = _scopes.CreateAsyncScope();
        var e = new BunqCallbackEvent(callback, scope.ServiceProvider, confirmed, item.ReceivedAt);
        foreach (var handler in handlers)
        {
            try
            {
                await handler(e, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _stats.CountHandlerFailure();
                _logger.LogError(ex, "A bunq callback handler failed for {Category}/{EventType} {ObjectType}", callback.Category, callback.EventType, callback.ObjectType);
            }
        }
        if (handlers.Count == 0)
        {
            _logger.LogInformation("bunq callback {Category}/{EventType} {ObjectType} has no handler", callback.Category, callback.EventType, callback.ObjectType);
        }
        _stats.CountDispatched();
    }
}
