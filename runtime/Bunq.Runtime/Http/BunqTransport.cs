using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Bunq.Runtime.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunq.Runtime;

/// <summary>
/// One HTTP exchange with bunq: headers, body signature, rate limit, 429 retries, server-signature check and
/// error mapping. Holds no tokens itself; the caller passes the token for each call.
/// </summary>
internal sealed class BunqTransport
{
    public const string HeaderClientAuthentication = "X-Bunq-Client-Authentication";
    public const string HeaderClientSignature = "X-Bunq-Client-Signature";
    public const string HeaderServerSignature = "X-Bunq-Server-Signature";
    public const string HeaderClientRequestId = "X-Bunq-Client-Request-Id";
    public const string HeaderClientResponseId = "X-Bunq-Client-Response-Id";

    private readonly Func<HttpClient> _http;
    private readonly BunqClientOptions _options;
    private readonly BunqRateLimiter _limiter;
    private readonly ILogger _logger;

    private readonly Json.BunqDriftReporter _drift;

    public BunqTransport(Func<HttpClient> http, BunqClientOptions options)
    {
        options.Validate();
        _http = http;
        _options = options;
        _limiter = options.RateLimiter ?? new BunqRateLimiter(options.RateLimits, options.TimeProvider);
        _logger = options.Logger ?? NullLogger.Instance;
        _drift = new Json.BunqDriftReporter(options.OnWireDrift, options.Logger);
    }

    public BunqClientOptions Options => _options;

    public TimeProvider Time => _options.TimeProvider;

    public ILogger Logger => _logger;

    /// <param name="environment">Where the call goes.</param>
    /// <param name="request">The call.</param>
    /// <param name="token">The value of <c>X-Bunq-Client-Authentication</c>, or null for none.</param>
    /// <param name="clientKey">Signs the body; null only for <c>POST /installation</c>.</param>
    /// <param name="serverKey">Verifies the answer; null only before the installation answer has given it.</param>
    /// <param name="cancellationToken">Cancels waits and the HTTP call.</param>
    public async Task<BunqResponse> SendAsync(BunqEnvironment environment, BunqRequest request, string? token, RSA? clientKey, RSA? serverKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 0; ; attempt++)
        {
            var slot = await _limiter.WaitAsync(request.Method, request.Path, cancellationToken).ConfigureAwait(false);
            try
            {
                return await SendOnceAsync(environment, request, token, clientKey, serverKey, cancellationToken).ConfigureAwait(false);
            }
            catch (BunqTooManyRequestsException ex) when (attempt < _options.MaxRetries)
            {
                var delay = RetryDelay(attempt, ex.RetryAfter);
                _logger.LogWarning("bunq rate limit (429) on {Method} {Endpoint}; attempt {Attempt} of {Attempts}, waiting {Delay} ms",
                    request.Method.Method, BunqRateLimiter.EndpointPattern(request.Path), attempt + 1, _options.MaxRetries + 1, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slot.Release();
            }
        }
    }

    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        var delay = retryAfter ?? TimeSpan.FromTicks(_options.RetryBaseDelay.Ticks * (1L << Math.Min(attempt, 20)));
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        return delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
    }

    private async Task<BunqResponse> SendOnceAsync(BunqEnvironment environment, BunqRequest request, string? token, RSA? clientKey, RSA? serverKey, CancellationToken cancellationToken)
    {
        // Handlers are not obliged to honour a token that is already cancelled; never send a call the caller gave up on.
        cancellationToken.ThrowIfCancellationRequested();
        var requestId = Guid.NewGuid().ToString("D");
        using var message = new HttpRequestMessage(request.Method, environment.Resolve(request.Path));
        var headers = message.Headers;
        headers.TryAddWithoutValidation("Cache-Control", "no-cache");
        headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        headers.TryAddWithoutValidation("X-Bunq-Language", _options.Language);
        headers.TryAddWithoutValidation("X-Bunq-Region", _options.Region);
        headers.TryAddWithoutValidation("X-Bunq-Geolocation", _options.Geolocation);
        headers.TryAddWithoutValidation(HeaderClientRequestId, requestId);
        if (token is not null) headers.TryAddWithoutValidation(HeaderClientAuthentication, token);
        if (request.AttachmentDescription is not null) headers.TryAddWithoutValidation("X-Bunq-Attachment-Description", request.AttachmentDescription);

        var hasBody = !request.Body.IsEmpty || request.Method == HttpMethod.Post || request.Method == HttpMethod.Put;
        if (hasBody)
        {
            var content = new ReadOnlyMemoryContent(request.Body);
            content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType ?? "application/json");
            message.Content = content;
        }
        if (clientKey is not null && (hasBody || request.SignatureRequired || IsSessionServer(request.Path)))
        {
            headers.TryAddWithoutValidation(HeaderClientSignature, BunqSigner.Sign(clientKey, request.Body.Span));
        }

        var started = Stopwatch.GetTimestamp();
        using var answer = await _http().SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await answer.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)answer.StatusCode;
        var responseId = Header(answer, HeaderClientResponseId);
        _logger.LogDebug("bunq {Method} {Path} answered {Status} in {Elapsed} ms (request id {RequestId}, response id {ResponseId})",
            request.Method.Method, StripQuery(request.Path), status, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId, responseId);

        if (Header(answer, "X-Bunq-Warning") is { } warning)
        {
            // bunq uses this header for things that may cut API access (e.g. a negative balance); surface it.
            _logger.LogWarning("bunq warning on {Method} {Path}: {Warning}", request.Method.Method, StripQuery(request.Path), warning);
        }

        if (_options.VerifyServerSignature && serverKey is not null)
        {
            var signature = Header(answer, HeaderServerSignature);
            if (signature is null || !BunqSigner.Verify(serverKey, body, signature))
            {
                var what = signature is null ? "has no X-Bunq-Server-Signature" : "has an X-Bunq-Server-Signature that does not match its body";
                _logger.LogError("bunq answer to {Method} {Path} {What} (status {Status}, response id {ResponseId}); discarded",
                    request.Method.Method, StripQuery(request.Path), what, status, responseId);
                throw new BunqSignatureException(
                    $"The answer to {request.Method.Method} {StripQuery(request.Path)} {what}; it was discarded." + (responseId is null ? "" : $" (bunq response id {responseId})"),
                    responseId, status);
            }
        }

        if (status is < 200 or > 299)
        {
            throw BunqErrors.Create(status, body, responseId, RetryAfter(answer));
        }
        return new BunqResponse(status, body, answer.Content.Headers.ContentType?.MediaType, responseId) { OperationId = request.OperationId, Drift = _drift };
    }

    internal static bool IsSessionServer(string path) => BunqRateLimiter.EndpointPattern(path) == "session-server";

    private static string StripQuery(string path)
    {
        var q = path.IndexOf('?');
        return q >= 0 ? path[..q] : path;
    }

    private static string? Header(HttpResponseMessage answer, string name)
        => answer.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private TimeSpan? RetryAfter(HttpResponseMessage answer)
    {
        RetryConditionHeaderValue? retry = answer.Headers.RetryAfter;
        if (retry?.Delta is { } delta) return delta;
        if (retry?.Date is { } date) return date - _options.TimeProvider.GetUtcNow();
        return null;
    }
}
