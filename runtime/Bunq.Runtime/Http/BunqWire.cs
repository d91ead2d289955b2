using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Bunq.Runtime.Security;
using Microsoft.Extensions.Logging;

namespace Bunq.Runtime;

/// <summary>
/// One attempt of one call, as the handler closest to the wire sees it: travels in
/// <see cref="HttpRequestMessage.Options"/> so that <see cref="BunqWireHandler"/> can check the answer before any
/// handler above it (retry, logging, user code) sees it, and can refuse to send an unsafe request twice.
/// </summary>
internal sealed class BunqExchange
{
    public static readonly HttpRequestOptionsKey<BunqExchange> Key = new("Bunq.Runtime.Exchange");

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private int _sends;
    private volatile bool _bodySent;

    public BunqExchange(BunqRequest request, string requestId, Uri origin, long maxBytes, RSA? serverKey, ILogger logger, TimeProvider time, CancellationToken token)
    {
        Method = request.Method;
        Path = StripQuery(request.Path);
        OperationId = request.OperationId;
        RequestId = requestId;
        Origin = origin;
        MaxBytes = maxBytes;
        ServerKey = serverKey;
        Token = token;
        _logger = logger;
        _time = time;
    }

    public HttpMethod Method { get; }

    public string Path { get; }

    public string? OperationId { get; }

    public string RequestId { get; }

    /// <summary>Scheme, host and port of the API: nothing of this exchange may come from or go anywhere else.</summary>
    public Uri Origin { get; }

    public long MaxBytes { get; }

    /// <summary>Null: nothing to verify against (the installation answer, or verification switched off on loopback).</summary>
    public RSA? ServerKey { get; }

    /// <summary>The runtime's own token for this attempt (the caller's plus the runtime's timeouts).</summary>
    public CancellationToken Token { get; }

    /// <summary>POST and PUT move money or change state: bunq may execute them once they arrive, so they are never sent twice blindly.</summary>
    public bool Unsafe => IsUnsafe(Method);

    public static bool IsUnsafe(HttpMethod method) => method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch;

    public bool Processed { get; private set; }

    public int Status { get; private set; }

    public string? ResponseId { get; private set; }

    public string? ContentType { get; private set; }

    public byte[] Body { get; private set; } = Array.Empty<byte>();

    /// <summary>True once <see cref="BunqWireHandler"/> has seen this attempt on its way out.</summary>
    public bool PassedWireHandler { get; private set; }

    public void MarkPassedWireHandler() => PassedWireHandler = true;

    private BunqException? _refusal;

    /// <summary>
    /// Called when the body is about to leave. A POST/PUT that did not pass <see cref="BunqWireHandler"/> is stopped
    /// here, before any byte of it leaves: the HTTP client's own handlers would see its answer unchecked, and a
    /// retrying one could send it twice. Loopback (the emulator, tests) is let through.
    /// </summary>
    public void BeforeBodyLeaves()
    {
        if (Unsafe && !PassedWireHandler && !Origin.IsLoopback)
        {
            _logger.LogError("bunq {Method} {Path} refused: the HTTP client is not built over BunqClientOptions.CreateHttpHandler(); nothing was sent (request id {RequestId})", Method.Method, Path, RequestId);
            throw _refusal = Stamp(new BunqWireHandlerMissingException(
                $"{Method.Method} {Path} was not sent: the HTTP client is not built over the runtime's handler, so its own handlers would see the answer unchecked and could send the request twice. " +
                "Build it with new HttpClient(options.CreateHttpHandler()) or use AddBunq; nothing reached bunq."));
        }
        _bodySent = true;
    }

    /// <summary>True on the first send; a second send of the same unsafe request is refused.</summary>
    public bool TrySend() => Interlocked.Increment(ref _sends) == 1 || !Unsafe;

    public BunqResendRefusedException ResendRefused() => new(
        $"A handler of the HTTP client tried to send {Method.Method} {Path} (request id {RequestId}) a second time; the runtime refused, " +
        "because a re-sent POST or PUT can execute twice. Remove retrying handlers from the \"Bunq\" client: the runtime retries only where bunq provably did not execute.")
    { RequestId = RequestId };

    /// <summary>The exception for a failure on the wire; null to let it pass (the runtime's own cancellation).</summary>
    public Exception? MapFailure(Exception exception)
    {
        // The handler that sent the body may wrap the refusal; it stays what it is: nothing left.
        if (_refusal is { } refusal) return refusal;
        switch (exception)
        {
            case BunqException:
                return null;
            case OperationCanceledException when Token.IsCancellationRequested:
                // The runtime's own token: the transport tells the caller's cancellation from its timeouts.
                return null;
            case OperationCanceledException when !Unsafe:
                // Cancelled from above (an outer handler's timeout, HttpClient.Timeout): a GET may be repeated by whoever did it.
                return null;
            case OperationCanceledException:
                return TimedOut(exception);
            case HttpRequestException http:
                var notSent = !_bodySent && http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
                if (Unsafe && !notSent) return Ambiguous(BunqAmbiguousReason.ConnectionLost, "the connection broke after the request was sent", null, exception);
                return Stamp(new BunqTransportException(
                    $"{Method.Method} {Path} failed on the network ({http.HttpRequestError}): {BunqText.Clean(http.Message)}" + (notSent ? "; nothing reached bunq." : ""),
                    timedOut: false, requestSent: !notSent, exception));
            case IOException:
                if (Unsafe) return Ambiguous(BunqAmbiguousReason.UnreadableAnswer, "the answer broke off before it was read whole", Status == 0 ? null : Status, exception);
                return Stamp(new BunqTransportException($"The answer to {Method.Method} {Path} broke off: {BunqText.Clean(exception.Message)}", timedOut: false, requestSent: true, exception));
            default:
                return null;
        }
    }

    /// <summary>A timeout of this attempt: ambiguous for a POST/PUT whose body left, otherwise a transport failure.</summary>
    public BunqException TimedOut(Exception inner)
    {
        if (Unsafe && _bodySent) return Ambiguous(BunqAmbiguousReason.Timeout, "no answer arrived in time after the request was sent", null, inner);
        return Stamp(new BunqTransportException($"{Method.Method} {Path} got no answer in time" + (Unsafe ? "; its body was never sent." : "."), timedOut: true, requestSent: !Unsafe || _bodySent, inner));
    }

    private BunqAmbiguousResultException Ambiguous(BunqAmbiguousReason reason, string what, int? status, Exception? inner)
        => Ambiguous(Method, Path, OperationId, RequestId, reason, what, status, ResponseId, inner);

    internal static BunqAmbiguousResultException Ambiguous(BunqRequest request, string requestId, BunqAmbiguousReason reason, string what, int? status, string? responseId, Exception? inner)
        => Ambiguous(request.Method, StripQuery(request.Path), request.OperationId, requestId, reason, what, status, responseId, inner);

    private static BunqAmbiguousResultException Ambiguous(HttpMethod method, string path, string? operationId, string requestId, BunqAmbiguousReason reason, string what, int? status, string? responseId, Exception? inner) => new(
        $"The outcome of {method.Method} {path}{(operationId is null ? "" : " (" + operationId + ")")} is unknown: {what}. bunq may have executed it. " +
        $"Send the same call again with request id {requestId} (BunqCallOptions.RequestId), never as a new request; bunq refuses a request id it has already seen on this device.",
        requestId, method.Method, path, operationId, reason, status, responseId, inner);

    private T Stamp<T>(T exception) where T : BunqException
    {
        exception.RequestId ??= RequestId;
        return exception;
    }

    /// <summary>
    /// Checks one answer and replaces its content by the checked bytes: no redirect, same origin, within the size
    /// limit, a valid server signature, a success status (error statuses become the typed exceptions here, so no
    /// outer handler can act on them). Runs once, in the handler closest to the wire or, when the HTTP client was
    /// not built over it, in the transport.
    /// </summary>
    public async Task<HttpResponseMessage> ProcessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Processed = true;
        try
        {
            Status = (int)response.StatusCode;
            ResponseId = BunqText.Clean(Header(response, BunqTransport.HeaderClientResponseId), 128);
            if (Status is >= 300 and <= 399)
            {
                var host = BunqText.Clean(response.Headers.Location is { } location ? (location.IsAbsoluteUri ? location.Host : Origin.Host) : null, 128);
                _logger.LogError("bunq answer to {Method} {Path} is a redirect ({Status}) to {Host}; not followed (request id {RequestId})", Method.Method, Path, Status, host, RequestId);
                throw Stamp(new BunqRedirectException(
                    $"The answer to {Method.Method} {Path} is a redirect ({Status}){(host is null ? "" : " to " + host)}; the runtime follows no redirect, so nothing was sent there.",
                    ResponseId, Status, host));
            }
            if (response.RequestMessage?.RequestUri is { } final && !SameOrigin(final, Origin))
            {
                // Only a handler the runtime did not make follows redirects; the answer comes from elsewhere.
                var host = BunqText.Clean(final.Host, 128);
                throw Stamp(new BunqRedirectException(
                    $"The answer to {Method.Method} {Path} came from {host}, not from {Origin.Host}: a handler of the HTTP client followed a redirect. Build the client over BunqClientOptions.CreateHttpHandler().",
                    ResponseId, Status, host));
            }
            ContentType = response.Content.Headers.ContentType?.MediaType;
            Body = await ReadAsync(response.Content, cancellationToken).ConfigureAwait(false);

            if (Header(response, "X-Bunq-Warning") is { } warning)
            {
                // bunq uses this header for things that may cut API access (e.g. a negative balance); surface it.
                _logger.LogWarning("bunq warning on {Method} {Path}: {Warning}", Method.Method, Path, BunqText.Clean(warning));
            }
            if (ServerKey is not null)
            {
                var signature = Header(response, BunqTransport.HeaderServerSignature);
                if (signature is null || !BunqSigner.Verify(ServerKey, Body, signature))
                {
                    var what = signature is null ? "has no X-Bunq-Server-Signature" : "has an X-Bunq-Server-Signature that does not match its body";
                    _logger.LogError("bunq answer to {Method} {Path} {What} (status {Status}, response id {ResponseId}); discarded", Method.Method, Path, what, Status, ResponseId);
                    var unsigned = Stamp(new BunqSignatureException(
                        $"The answer to {Method.Method} {Path} {what}; it was discarded." + (ResponseId is null ? "" : $" (bunq response id {ResponseId})"),
                        ResponseId, Status));
                    // The request reached someone, perhaps bunq: an unverified answer says nothing about whether it executed.
                    if (Unsafe) throw Ambiguous(BunqAmbiguousReason.UnverifiedAnswer, $"its answer {what}", Status, unsigned);
                    throw unsigned;
                }
            }
            if (Status is < 200 or > 299)
            {
                var error = Stamp(BunqErrors.Create(Status, Body, ResponseId, RetryAfter(response)));
                if (Unsafe && Status >= 500) throw Ambiguous(BunqAmbiguousReason.ServerError, $"bunq answered {Status}", Status, error);
                throw error;
            }
            var checkedContent = new ByteArrayContent(Body);
            foreach (var header in response.Content.Headers) checkedContent.Headers.TryAddWithoutValidation(header.Key, header.Value);
            response.Content.Dispose();
            response.Content = checkedContent;
            return response;
        }
        catch (Exception ex) when (MapFailure(ex) is { } mapped)
        {
            response.Dispose();
            throw mapped;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<byte[]> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > MaxBytes) throw TooLarge(declared);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream(declared is { } length ? (int)Math.Min(length, 1 << 20) : 4096);
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                // Refused as soon as it passes the limit: an endless or huge answer costs at most the limit.
                if (buffer.Length + read > MaxBytes) throw TooLarge(declared);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    private BunqException TooLarge(long? declared)
    {
        _logger.LogError("bunq answer to {Method} {Path} is larger than {Limit} bytes; discarded (request id {RequestId})", Method.Method, Path, MaxBytes, RequestId);
        var tooLarge = Stamp(new BunqResponseTooLargeException(
            $"The answer to {Method.Method} {Path} is larger than the limit of {MaxBytes} bytes" + (declared is { } d ? $" (Content-Length {d})" : "") + "; it was not read further.",
            ResponseId, MaxBytes, declared));
        return Unsafe ? Ambiguous(BunqAmbiguousReason.AnswerTooLarge, $"its answer passed the limit of {MaxBytes} bytes and was not read", Status, tooLarge) : tooLarge;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage answer)
    {
        var retry = answer.Headers.RetryAfter;
        if (retry?.Delta is { } delta) return delta;
        if (retry?.Date is { } date) return date - _time.GetUtcNow();
        return null;
    }

    internal static bool SameOrigin(Uri a, Uri b)
        => string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    internal static string StripQuery(string path)
    {
        var q = path.IndexOf('?');
        return q >= 0 ? path[..q] : path;
    }

    private static string? Header(HttpResponseMessage answer, string name)
        => answer.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>
/// The request body, marking the moment it starts to leave: before that, a failed POST provably did not reach bunq;
/// after it, its outcome is ambiguous.
/// </summary>
internal sealed class BunqBodyContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly BunqExchange _exchange;

    public BunqBodyContent(ReadOnlyMemory<byte> body, string contentType, BunqExchange exchange)
    {
        _body = body;
        _exchange = exchange;
        Headers.TryAddWithoutValidation("Content-Type", contentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _exchange.BeforeBodyLeaves();
        await stream.WriteAsync(_body, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}

/// <summary>
/// The handler closest to the wire, under every handler of the HTTP client: checks each answer (see
/// <see cref="BunqExchange.ProcessAsync"/>) before anything above it sees it, maps network failures of a POST/PUT to
/// <see cref="BunqAmbiguousResultException"/> (so no outer retry layer re-sends them), and refuses a second send of the
/// same POST/PUT. Requests that are not the runtime's pass through unchanged.
/// </summary>
internal sealed class BunqWireHandler : DelegatingHandler
{
    public BunqWireHandler(HttpMessageHandler inner) : base(inner)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(BunqExchange.Key, out var exchange)) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!exchange.TrySend()) throw exchange.ResendRefused();
        exchange.MarkPassedWireHandler();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (exchange.MapFailure(ex) is { } mapped)
        {
            throw mapped;
        }
        return await exchange.ProcessAsync(response, cancellationToken).ConfigureAwait(false);
    }
}
