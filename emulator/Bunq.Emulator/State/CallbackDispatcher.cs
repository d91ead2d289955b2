using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Bunq.Emulator.Protocol;
using Microsoft.Extensions.Logging;

namespace Bunq.Emulator.State;

/// <summary>
/// Delivers <c>NotificationUrl</c> callbacks to the targets of matching notification filters.
/// Only loopback targets are called: the emulator never reaches beyond this machine.
/// </summary>
internal sealed class CallbackDispatcher : IAsyncDisposable
{
    private readonly EmulatorStore _store;
    private readonly Func<byte[], string> _sign;
    private readonly ILogger? _logger;
    // No redirects: a loopback target answering 3xx must not walk the emulator past its loopback check.
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<Task, bool> _pending = new();

    private readonly int _deliveries;

    // deliveries: how often each callback is POSTed; more than 1 plays bunq's resends (same body, same signature).
    public CallbackDispatcher(EmulatorStore store, Func<byte[], string> sign, ILogger? logger, int deliveries = 1)
    {
        _deliveries = Math.Max(1, deliveries);
        _store = store;
        _sign = sign;
        _logger = logger;
    }

    public void Dispatch(IReadOnlyList<Notification> notifications)
    {
        if (notifications.Count == 0) return;
        var deliveries = new List<(Uri Target, byte[] Body)>();
        lock (_store.Gate)
        {
            foreach (var n in notifications)
            {
                var targets = new HashSet<string>(StringComparer.Ordinal);
                CollectTargets(Bank.Users + "/" + n.UserId + "/notification-filter-url", n.Category, targets);
                if (n.MonetaryAccountId is { } accountId)
                {
                    CollectTargets(Bank.Accounts(n.UserId) + "/" + accountId + "/notification-filter-url", n.Category, targets);
                }
                foreach (var target in targets)
                {
                    if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || !uri.IsLoopback || uri.Scheme is not ("http" or "https"))
                    {
                        _logger?.LogInformation("Callback {Category} not delivered: only loopback targets are called", n.Category);
                        continue;
                    }
                    var body = new JsonObject
                    {
                        ["NotificationUrl"] = new JsonObject
                        {
                            ["target_url"] = target,
                            ["category"] = n.Category,
                            ["event_type"] = n.EventType,
                            ["object"] = new JsonObject { [n.ObjectKey] = n.Object.DeepClone() },
                        },
                    };
                    deliveries.Add((uri, Encoding.UTF8.GetBytes(Wire.ToJson(body))));
                }
            }
        }
        foreach (var (target, body) in deliveries)
        {
            var task = DeliverAsync(target, body);
            _pending[task] = true;
            _ = task.ContinueWith(t => _pending.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private void CollectTargets(string collection, string category, HashSet<string> targets)
    {
        foreach (var filter in _store.Items(collection).Select(i => i.Data))
        {
            if (filter["category"]?.ToString() == category && filter["notification_target"] is JsonValue target)
            {
                targets.Add(target.ToString());
            }
        }
    }

    private async Task DeliverAsync(Uri target, byte[] body)
    {
        var signature = _sign(body);
        for (var i = 0; i < _deliveries; i++) await DeliverOnceAsync(target, body, signature).ConfigureAwait(false);
    }

    private async Task DeliverOnceAsync(Uri target, byte[] body, string signature)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
            request.Headers.TryAddWithoutValidation("X-Bunq-Server-Signature", signature);
            using var response = await _http.SendAsync(request).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and <= 399)
            {
                _logger?.LogInformation("Callback POST {Path} answered {Status}; redirects are not followed", target.AbsolutePath, status);
                return;
            }
            _logger?.LogInformation("Callback POST {Path} {Status}", target.AbsolutePath, status);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _logger?.LogInformation("Callback POST {Path} failed: {Error}", target.AbsolutePath, ex.GetType().Name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_pending.Keys.ToArray()).ConfigureAwait(false);
        _http.Dispose();
    }
}
