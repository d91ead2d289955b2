using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Threading.Channels;
using Bunq.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bunq.AspNetCore;

/// <summary>One accepted callback waiting for its handlers.</summary>
internal sealed record QueuedCallback(BunqCallback Callback, DateTimeOffset ReceivedAt);

/// <summary>
/// The synchronous part: size, source, signature, shape, resend; then a bounded queue and 200 at once, so a slow
/// handler never makes bunq time out and resend. A refusal is an empty 4xx: the reason is logged here, never answered.
/// </summary>
internal sealed class BunqCallbackEndpoint
{
    private const string SignatureHeader = "X-Bunq-Server-Signature";

    private readonly BunqCallbackOptions _options;
    private readonly IBunqContextAccessor _contexts;
    private readonly BunqCallbackStats _stats;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private long _lastSweep;

    public BunqCallbackEndpoint(IOptions<BunqCallbackOptions> options, IBunqContextAccessor contexts, BunqCallbackStats stats, ILoggerFactory loggers, TimeProvider? time = null)
    {
        _options = options.Value;
        _contexts = contexts;
        _stats = stats;
        _logger = loggers.CreateLogger("Bunq.AspNetCore.Callbacks");
        _time = time ?? TimeProvider.System;
        Queue = Channel.CreateBounded<QueuedCallback>(new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public Channel<QueuedCallback> Queue { get; }

    public async Task HandleAsync(HttpContext http)
    {
        _stats.CountReceived();
        var request = http.Request;
        var response = http.Response;
        var remote = http.Connection.RemoteIpAddress;

        if (request.ContentLength is { } length && length > _options.MaxBodyBytes)
        {
            Refuse(http, BunqCallbackRefusal.Oversized, StatusCodes.Status413PayloadTooLarge, remote);
            return;
        }
        var body = await ReadBodyAsync(request, _options.MaxBodyBytes, http.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            Refuse(http, BunqCallbackRefusal.Oversized, StatusCodes.Status413PayloadTooLarge, remote);
            return;
        }

        // Auto needs the context's environment; Always and Off decide before a stranger's POST can cause a context load.
        var context = _options.SourceCheck == BunqCallbackSourceCheck.Auto
            ? await _contexts.GetContextAsync(http.RequestAborted).ConfigureAwait(false)
            : null;
        var checkSource = _options.SourceCheck == BunqCallbackSourceCheck.Always
            || (_options.SourceCheck == BunqCallbackSourceCheck.Auto && context!.Environment == BunqEnvironment.Production);
        if (checkSource && !SourceAllowed(remote))
        {
            Refuse(http, BunqCallbackRefusal.WrongSource, StatusCodes.Status403Forbidden, remote);
            return;
        }
        context ??= await _contexts.GetContextAsync(http.RequestAborted).ConfigureAwait(false);
        var signature = request.Headers[SignatureHeader].ToString();
        if (signature.Length > 0)
        {
            if (!context.VerifyServerSignature(body, signature))
            {
                Refuse(http, BunqCallbackRefusal.BadSignature, StatusCodes.Status401Unauthorized, remote);
                return;
            }
        }
        else if (_options.RequireSignature)
        {
            Refuse(http, BunqCallbackRefusal.MissingSignature, StatusCodes.Status401Unauthorized, remote);
            return;
        }

        BunqCallback callback;
        try
        {
            callback = BunqCallback.Parse(body);
        }
        catch (BunqResponseFormatException)
        {
            Refuse(http, BunqCallbackRefusal.Malformed, StatusCodes.Status400BadRequest, remote);
            return;
        }

        // bunq resends the same body when it saw no 2xx in time: the hash of the exact bytes names the notification.
        var now = _time.GetUtcNow();
        Sweep(now);
        var key = Convert.ToHexString(SHA256.HashData(body));
        if (_seen.Count >= _options.DuplicateCapacity) Trim(now);
        if (!_seen.TryAdd(key, now))
        {
            _stats.CountDuplicate();
            _logger.LogInformation("bunq callback {Category}/{EventType} is a resend; dropped", callback.Category, callback.EventType);
            response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        if (!Queue.Writer.TryWrite(new QueuedCallback(callback, now)))
        {
            // Not remembered: bunq's next try must be taken.
            _seen.TryRemove(key, out _);
            _stats.CountQueueFull();
            _logger.LogWarning("bunq callback {Category}/{EventType} refused with 503: the handler queue is full", callback.Category, callback.EventType);
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        _stats.CountAccepted();
        response.StatusCode = StatusCodes.Status200OK;
    }

    private bool SourceAllowed(IPAddress? remote)
    {
        if (remote is null) return false;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        if (IPAddress.IsLoopback(remote)) return _options.AllowLoopback;
        foreach (var network in _options.AllowedNetworks)
        {
            if (network.Contains(remote)) return true;
        }
        return false;
    }

    private void Refuse(HttpContext http, BunqCallbackRefusal reason, int status, IPAddress? remote)
    {
        _stats.CountRefused(reason);
        _logger.LogWarning("bunq callback refused ({Reason}, {Status}) from {Remote}", reason, status, remote);
        http.Response.StatusCode = status;
    }

    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (now.UtcTicks - last < TimeSpan.TicksPerMinute || Interlocked.CompareExchange(ref _lastSweep, now.UtcTicks, last) != last) return;
        foreach (var (key, seen) in _seen)
        {
            if (now - seen > _options.DuplicateWindow) _seen.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Over capacity (a flood of distinct accepted bodies): forget the expired, then the oldest half. A resend of a
    /// forgotten callback would be dispatched again, which the confirmation and idempotent handlers absorb; memory
    /// without a bound would not be absorbed by anything.
    /// </summary>
    private void Trim(DateTimeOffset now)
    {
        foreach (var (key, seen) in _seen)
        {
            if (now - seen > _options.DuplicateWindow) _seen.TryRemove(key, out _);
        }
        if (_seen.Count < _options.DuplicateCapacity) return;
        var cutoff = _seen.Values.Order().ElementAt(_seen.Count / 2);
        foreach (var (key, seen) in _seen)
        {
            if (seen <= cutoff) _seen.TryRemove(key, out _);
        }
        _logger.LogWarning("bunq callback resend memory reached {Capacity} entries; the older half was forgotten", _options.DuplicateCapacity);
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (a chunked body has no Content-Length to refuse early).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0) return buffer.ToArray();
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
    }
}
