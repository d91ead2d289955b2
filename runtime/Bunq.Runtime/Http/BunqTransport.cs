using System.Diagnostics;
using System.Security.Cryptography;
using Bunq.Runtime.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Bunq.Runtime;

/// <summary>
/// One call to bunq: headers, body signature, rate limit, and Polly's retries and timeouts around attempts whose
/// answers <see cref="BunqExchange"/> checks on the wire. Holds no tokens itself; the caller passes the token for each call.
/// </summary>
internal sealed class BunqTransport
{
    public const string HeaderClientAuthentication = "X-Bunq-Client-Authentication";
    public const string HeaderClientSignature = "X-Bunq-Client-Signature";
    public const string HeaderServerSignature = "X-Bunq-Server-Signature";
    public const string HeaderClientRequestId = "X-Bunq-Client-Request-Id";
    public const string HeaderClientResponseId = "X-Bunq-Client-Response-Id";

    private static readonly ResiliencePropertyKey<TimeSpan> CallTimeoutKey = new("Bunq.CallTimeout");

    private readonly Func<HttpClient> _http;
    private readonly BunqClientOptions _options;
    private readonly System.Threading.RateLimiting.PartitionedRateLimiter<BunqEndpoint> _limiter;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly Json.BunqDriftReporter _drift;

    public BunqTransport(Func<HttpClient> http, BunqClientOptions options)
    {
        options.Validate();
        _http = http;
        _options = options;
        _limiter = options.RateLimiter ?? new BunqRateLimiter(options.RateLimits, options.TimeProvider);
        _logger = options.Logger ?? NullLogger.Instance;
        _pipeline = BuildPipeline();
        _drift = new Json.BunqDriftReporter(options.OnWireDrift, options.Logger);
    }

    public BunqClientOptions Options => _options;

    public TimeProvider Time => _options.TimeProvider;

    public ILogger Logger => _logger;

    internal BunqHealthRecorder Health { get; } = new();

    /// <summary>
    /// Call timeout outside, retries inside it, attempt timeout innermost. Retried: a 429 (bunq did not execute it)
    /// for every method, waiting <c>Retry-After</c> (plus jitter, so parallel callers do not come back in lock-step)
    /// or an exponential, jittered backoff; for GET and DELETE also network failures, timeouts and signed 5xx; for
    /// POST and PUT a network failure only when nothing left this machine. Every attempt carries the same request id.
    /// </summary>
    private ResiliencePipeline BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _options.TimeProvider };
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = static args => ValueTask.FromResult(args.Context.Properties.GetValue(CallTimeoutKey, Timeout.InfiniteTimeSpan)),
        });
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.MaxRetryDelay,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsRetryable(e, args.Context.Properties.GetValue(MethodKey, HttpMethod.Get))),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is BunqTooManyRequestsException { RetryAfter: { } after } ? RetryAfterDelay(after) : (TimeSpan?)null),
                OnRetry = args =>
                {
                    var method = args.Context.Properties.GetValue(MethodKey, HttpMethod.Get).Method;
                    var path = args.Context.Properties.GetValue(PathKey, "");
                    _logger.LogWarning("bunq {Method} {Endpoint}: {Failure}; attempt {Attempt} of {Attempts}, waiting {Delay} ms",
                        method, path, Describe(args.Outcome.Exception), args.AttemptNumber + 2, _options.MaxRetries + 1, (long)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(_options.AttemptTimeout),
        });
        return builder.Build();
    }

    private static readonly ResiliencePropertyKey<HttpMethod> MethodKey = new("Bunq.Method");
    private static readonly ResiliencePropertyKey<string> PathKey = new("Bunq.Endpoint");

    private static bool IsSafe(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Delete || method == HttpMethod.Head;

    private static bool IsRetryable(Exception exception, HttpMethod method) => exception switch
    {
        BunqTooManyRequestsException => true,
        BunqTransportException transport => IsSafe(method) || !transport.RequestSent,
        BunqApiException api when api.StatusCode >= 500 => IsSafe(method),
        _ => false,
    };

    private TimeSpan RetryAfterDelay(TimeSpan after)
    {
        if (after < TimeSpan.Zero) after = TimeSpan.Zero;
        // Never sooner than bunq asked; a little later at random, so callers told the same moment spread out.
        var spread = Math.Min(Math.Max(after.Ticks, _options.RetryBaseDelay.Ticks) / 4, TimeSpan.TicksPerSecond);
        var delay = after + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * spread));
        return delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
    }

    private static string Describe(Exception? exception) => exception switch
    {
        BunqTooManyRequestsException => "rate limit (429)",
        BunqApiException api => "bunq answered " + api.StatusCode,
        BunqTransportException { TimedOut: true } => "no answer in time",
        BunqTransportException => "network failure",
        _ => exception?.GetType().Name ?? "failure",
    };

    /// <param name="environment">Where the call goes.</param>
    /// <param name="request">The call.</param>
    /// <param name="token">The value of <c>X-Bunq-Client-Authentication</c>, or null for none.</param>
    /// <param name="clientKey">Signs the body; null only for <c>POST /installation</c>.</param>
    /// <param name="serverKey">Verifies the answer; null only before the installation answer has given it.</param>
    /// <param name="cancellationToken">Cancels waits and the HTTP call.</param>
    /// <param name="requestId">The call's request id; from <see cref="BunqRequest.CallOptions"/> or new when null.</param>
    public async Task<BunqResponse> SendAsync(BunqEnvironment environment, BunqRequest request, string? token, RSA? clientKey, RSA? serverKey, CancellationToken cancellationToken, string? requestId = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        _options.ValidateFor(environment);
        requestId ??= request.CallOptions?.RequestId ?? BunqCallOptions.NewRequestId();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallTimeoutKey, request.CallOptions?.Timeout ?? _options.CallTimeout);
        context.Properties.Set(MethodKey, request.Method);
        var endpoint = BunqEndpoint.Of(request.Method, request.Path);
        context.Properties.Set(PathKey, endpoint.Pattern);
        var attempt = new Attempt(this, environment, request, token, clientKey, serverKey, requestId, cancellationToken) { Endpoint = endpoint };
        var started = Stopwatch.GetTimestamp();
        // The span's name is the endpoint template: ids would make every call a name of its own and leak account numbers.
        using var activity = BunqTelemetry.ActivitySource.StartActivity(endpoint.ToString(), ActivityKind.Client);
        Exception? failure = null;
        try
        {
            return await _pipeline.ExecuteAsync(static (ctx, a) => a.Transport.SendOnceAsync(a, ctx.CancellationToken), context, attempt).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            // The call timeout ran out between attempts (in a retry wait or the limiter): nothing is in flight.
            throw failure = new BunqTransportException($"{request.Method.Method} {BunqExchange.StripQuery(request.Path)} did not complete within its call timeout.", timedOut: true, requestSent: attempt.Attempts > 0, ex)
            {
                RequestId = requestId,
            };
        }
        catch (BunqException ex)
        {
            ex.RequestId ??= requestId;
            failure = ex;
            throw;
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            Record(activity, attempt, failure, Stopwatch.GetElapsedTime(started));
            if (failure is null) Health.Success(_options.TimeProvider.GetUtcNow());
            else if (failure is not OperationCanceledException) Health.Failure(_options.TimeProvider.GetUtcNow(), failure);
        }
    }

    private static void Record(Activity? activity, Attempt a, Exception? failure, TimeSpan elapsed)
    {
        var status = a.Status != 0 ? a.Status : (failure as BunqApiException)?.StatusCode ?? 0;
        if (BunqTelemetry.RequestDuration.Enabled)
        {
            var tags = new TagList
            {
                { BunqTelemetry.TagMethod, a.Endpoint.Method },
                { BunqTelemetry.TagEndpoint, a.Endpoint.Pattern },
                { BunqTelemetry.TagStatus, status },
            };
            if (failure is not null) tags.Add(BunqTelemetry.TagErrorType, failure.GetType().Name);
            BunqTelemetry.RequestDuration.Record(elapsed.TotalSeconds, tags);
        }
        if (activity is null) return;
        activity.SetTag(BunqTelemetry.TagMethod, a.Endpoint.Method);
        activity.SetTag(BunqTelemetry.TagEndpoint, a.Endpoint.Pattern);
        if (a.Request.OperationId is { } operation) activity.SetTag(BunqTelemetry.TagOperation, operation);
        if (status != 0) activity.SetTag(BunqTelemetry.TagStatus, status);
        activity.SetTag(BunqTelemetry.TagRequestId, a.RequestId);
        if ((a.ResponseId ?? (failure as BunqException)?.ResponseId) is { } responseId) activity.SetTag(BunqTelemetry.TagResponseId, responseId);
        activity.SetTag(BunqTelemetry.TagRetries, Math.Max(0, a.Attempts - 1));
        activity.SetTag(BunqTelemetry.TagLimiterWait, (long)a.LimiterWait.TotalMilliseconds);
        if (failure is not null)
        {
            activity.SetTag(BunqTelemetry.TagErrorType, failure.GetType().Name);
            // The type and status only: exception messages name paths, and the runtime's never carry secrets, but a handler's might.
            activity.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
        }
    }

    /// <summary>One call's state across its attempts. Holds the token and keys, so neither ToString nor the debugger shows them.</summary>
    [DebuggerDisplay("{ToString(),nq}")]
    private sealed record Attempt(BunqTransport Transport, BunqEnvironment Environment, BunqRequest Request,
        [property: DebuggerBrowsable(DebuggerBrowsableState.Never)] string? Token,
        [property: DebuggerBrowsable(DebuggerBrowsableState.Never)] RSA? ClientKey,
        RSA? ServerKey, string CallRequestId, CancellationToken Caller)
    {
        public override string ToString() => $"Attempt({Endpoint}, request id {RequestId}, {Attempts} sent)";

        public int Attempts;

        public BunqEndpoint Endpoint { get; init; }

        public TimeSpan LimiterWait;

        public int Status;

        public string? ResponseId;

        /// <summary>The id this attempt sends: the call's, except that a GET/DELETE repeated after a failure bunq may have seen gets a new one.</summary>
        public string RequestId { get; set; } = CallRequestId;
    }

    private async ValueTask<BunqResponse> SendOnceAsync(Attempt a, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAttemptAsync(a, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsSafe(a.Request.Method) && ex is not (BunqTooManyRequestsException or OperationCanceledException))
        {
            // bunq may have seen this id (a 5xx, a timeout): repeating a read with it would only draw "id already used".
            // A 429 is different: bunq refused the call unseen, and every method keeps its id.
            a.RequestId = BunqCallOptions.NewRequestId();
            throw;
        }
    }

    private async ValueTask<BunqResponse> SendAttemptAsync(Attempt a, CancellationToken cancellationToken)
    {
        var request = a.Request;
        BunqExchange? exchange = null;
        try
        {
            // Handlers are not obliged to honour a token that is already cancelled; never send a call the caller gave up on.
            cancellationToken.ThrowIfCancellationRequested();
            var waitStarted = Stopwatch.GetTimestamp();
            var lease = await _limiter.AcquireAsync(a.Endpoint, 1, cancellationToken).ConfigureAwait(false);
            var waited = Stopwatch.GetElapsedTime(waitStarted);
            a.LimiterWait += waited;
            if (BunqTelemetry.LimiterWait.Enabled) BunqTelemetry.LimiterWait.Record(waited.TotalSeconds, new TagList { { BunqTelemetry.TagMethod, a.Endpoint.Method }, { BunqTelemetry.TagEndpoint, a.Endpoint.Pattern } });
            try
            {
                if (!lease.IsAcquired)
                {
                    // A limiter may refuse instead of waiting (a queue limit, a shared store that is down): never send past it.
                    throw new BunqRateLimitRefusedException($"The rate limiter refused {a.Endpoint}; nothing was sent.", lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var after) ? after : null) { RequestId = a.RequestId };
                }
                var uri = a.Environment.Resolve(request.Path);
                exchange = new BunqExchange(request, a.RequestId, uri,
                    request.ExpectsBinary ? _options.MaxBinaryResponseBytes : _options.MaxJsonResponseBytes,
                    _options.VerifyServerSignature ? a.ServerKey : null, _logger, _options.TimeProvider, cancellationToken);
                using var message = Message(a, uri, exchange);
                Interlocked.Increment(ref a.Attempts);
                var started = Stopwatch.GetTimestamp();
                using var answer = await _http().SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                // The handler closest to the wire has checked it; when the HTTP client was not built over it, check here.
                if (!exchange.Processed) await exchange.ProcessAsync(answer, cancellationToken).ConfigureAwait(false);
                _logger.LogDebug("bunq {Method} {Path} answered {Status} in {Elapsed} ms (request id {RequestId}, response id {ResponseId})",
                    request.Method.Method, exchange.Path, exchange.Status, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, a.RequestId, exchange.ResponseId);
                a.Status = exchange.Status;
                a.ResponseId = exchange.ResponseId;
                return new BunqResponse(exchange.Status, exchange.Body, exchange.ContentType, exchange.ResponseId) { OperationId = request.OperationId, Drift = _drift, RequestId = a.RequestId, Request = request };
            }
            finally
            {
                // The answer (or the failure) is here: from now on the call counts from this moment, as bunq's arrival did.
                lease.Dispose();
            }
        }
        catch (BunqTooManyRequestsException ex)
        {
            BunqTelemetry.Throttled.Add(1, new KeyValuePair<string, object?>(BunqTelemetry.TagMethod, a.Endpoint.Method), new KeyValuePair<string, object?>(BunqTelemetry.TagEndpoint, a.Endpoint.Pattern));
            a.Status = 429;
            a.ResponseId = ex.ResponseId;
            throw;
        }
        catch (BunqException ex) when (ex is BunqSignatureException || ex.InnerException is BunqSignatureException)
        {
            // A POST/PUT's comes inside BunqAmbiguousResultException; it is a signature failure all the same.
            var signature = ex as BunqSignatureException ?? (BunqSignatureException)ex.InnerException!;
            BunqTelemetry.SignatureFailures.Add(1, new KeyValuePair<string, object?>(BunqTelemetry.TagMethod, a.Endpoint.Method), new KeyValuePair<string, object?>(BunqTelemetry.TagEndpoint, a.Endpoint.Pattern));
            a.Status = signature.StatusCode;
            a.ResponseId = signature.ResponseId;
            throw;
        }
        catch (OperationCanceledException ex) when (!a.Caller.IsCancellationRequested)
        {
            // Not the caller: an attempt or call timeout, or HttpClient.Timeout.
            throw exchange?.TimedOut(ex) ?? new BunqTransportException(
                $"{request.Method.Method} {BunqExchange.StripQuery(request.Path)} timed out before it was sent.", timedOut: true, requestSent: false, ex)
            { RequestId = a.RequestId };
        }
        catch (Exception ex) when (exchange is not null && exchange.MapFailure(ex) is { } mapped)
        {
            throw mapped;
        }
    }

    private HttpRequestMessage Message(Attempt a, Uri uri, BunqExchange exchange)
    {
        var request = a.Request;
        var message = new HttpRequestMessage(request.Method, uri);
        message.Options.Set(BunqExchange.Key, exchange);
        var headers = message.Headers;
        headers.TryAddWithoutValidation("Cache-Control", "no-cache");
        headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        headers.TryAddWithoutValidation("X-Bunq-Language", _options.Language);
        headers.TryAddWithoutValidation("X-Bunq-Region", _options.Region);
        headers.TryAddWithoutValidation("X-Bunq-Geolocation", _options.Geolocation);
        headers.TryAddWithoutValidation(HeaderClientRequestId, a.RequestId);
        if (a.Token is not null) headers.TryAddWithoutValidation(HeaderClientAuthentication, a.Token);
        if (request.AttachmentDescription is not null) headers.TryAddWithoutValidation(Wire.BunqWireFacts.AttachmentDescriptionHeader, request.AttachmentDescription);

        var hasBody = !request.Body.IsEmpty || request.Method == HttpMethod.Post || request.Method == HttpMethod.Put;
        if (hasBody) message.Content = new BunqBodyContent(request.Body, request.ContentType ?? "application/json", exchange);
        if (a.ClientKey is not null && (hasBody || request.SignatureRequired || IsSessionServer(request.Path)))
        {
            headers.TryAddWithoutValidation(HeaderClientSignature, BunqSigner.Sign(a.ClientKey, request.Body.Span));
        }
        return message;
    }

    internal static bool IsSessionServer(string path) => BunqEndpoint.Of(HttpMethod.Post, path).IsSessionServer;
}
