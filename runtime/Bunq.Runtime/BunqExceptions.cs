namespace Bunq.Runtime;

/// <summary>The root of every exception the runtime throws. Messages never contain keys, tokens or signatures.</summary>
public class BunqException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> must hold no key, token or signature.</summary>
    public BunqException(string message, string? responseId, Exception? inner = null)
        : base(message, inner)
    {
        ResponseId = responseId;
    }

    /// <summary>bunq's <c>X-Bunq-Client-Response-Id</c>, when there was an answer.</summary>
    public string? ResponseId { get; }

    /// <summary>
    /// The <c>X-Bunq-Client-Request-Id</c> the call was sent with (the same for every re-send of one call), when
    /// the failure happened on a call; pass it in <see cref="BunqCallOptions.RequestId"/> to retry the call safely.
    /// </summary>
    public string? RequestId { get; internal set; }
}

/// <summary>
/// bunq answered with something that is not the envelope the operation promises. For a POST or PUT it comes inside a
/// <see cref="BunqAmbiguousResultException"/> (<see cref="BunqAmbiguousReason.UnexpectedAnswer"/>): the call may have executed.
/// </summary>
public sealed class BunqResponseFormatException : BunqException
{
    /// <summary>Creates the exception for an answer bunq sent (<paramref name="responseId"/>) that could not be read.</summary>
    public BunqResponseFormatException(string message, string? responseId, Exception? inner = null)
        : base(message, responseId, inner)
    {
    }
}

/// <summary>
/// bunq answered with an error status. Subclasses name the status; every one carries bunq's
/// response id and the error descriptions of the <c>{"Error":[…]}</c> envelope.
/// </summary>
public class BunqApiException : BunqException
{
    /// <summary>Creates the exception for an error answer with status <paramref name="statusCode"/> and bunq's error descriptions.</summary>
    public BunqApiException(int statusCode, string message, string? responseId, IReadOnlyList<BunqError> errors, Exception? inner = null)
        : base(message, responseId, inner)
    {
        StatusCode = statusCode;
        Errors = errors;
    }

    /// <summary>The HTTP status bunq answered with.</summary>
    public int StatusCode { get; }

    /// <summary>The error descriptions of bunq's <c>{"Error":[…]}</c> envelope, in bunq's order; often one.</summary>
    public IReadOnlyList<BunqError> Errors { get; }
}

/// <summary>One item of bunq's <c>{"Error":[{"error_description":…,"error_description_translated":…}]}</c>.</summary>
public sealed record BunqError(string? Description, string? DescriptionTranslated);

/// <summary>400: a parameter is missing or invalid; also a payment bunq refuses for an insufficient balance.</summary>
public sealed class BunqBadRequestException : BunqApiException
{
    /// <summary>Creates the 400 exception.</summary>
    public BunqBadRequestException(string message, string? responseId, IReadOnlyList<BunqError> errors) : base(400, message, responseId, errors) { }
}

/// <summary>401: the token is not valid (or the session is gone: "Insufficient authorisation").</summary>
public sealed class BunqUnauthorizedException : BunqApiException
{
    /// <summary>Creates the 401 exception (the session token is invalid or expired).</summary>
    public BunqUnauthorizedException(string message, string? responseId, IReadOnlyList<BunqError> errors) : base(401, message, responseId, errors) { }
}

/// <summary>403: this call is not allowed for this user or key.</summary>
public sealed class BunqForbiddenException : BunqApiException
{
    /// <summary>Creates the 403 exception (the key, the IP address or the permission does not allow the call).</summary>
    public BunqForbiddenException(string message, string? responseId, IReadOnlyList<BunqError> errors) : base(403, message, responseId, errors) { }
}

/// <summary>404: the object does not exist (or is not visible to this user).</summary>
public sealed class BunqNotFoundException : BunqApiException
{
    /// <summary>Creates the 404 exception.</summary>
    public BunqNotFoundException(string message, string? responseId, IReadOnlyList<BunqError> errors) : base(404, message, responseId, errors) { }
}

/// <summary>405: the endpoint does not support this method.</summary>
public sealed class BunqMethodNotAllowedException : BunqApiException
{
    /// <summary>Creates the 405 exception.</summary>
    public BunqMethodNotAllowedException(string message, string? responseId, IReadOnlyList<BunqError> errors) : base(405, message, responseId, errors) { }
}

/// <summary>429: bunq's rate limit was hit and the retries were used up.</summary>
public sealed class BunqTooManyRequestsException : BunqApiException
{
    /// <summary>Creates the 429 exception with bunq's <c>Retry-After</c>, when it sent one.</summary>
    public BunqTooManyRequestsException(string message, string? responseId, IReadOnlyList<BunqError> errors, TimeSpan? retryAfter)
        : base(429, message, responseId, errors)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>bunq's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>466: bunq wants this call signed (the runtime signs every body, so this points at a wrong key).</summary>
public sealed class BunqSignatureRequiredException : BunqApiException
{
    /// <summary>Creates the 466 exception (bunq wants the request signed).</summary>
    public BunqSignatureRequiredException(string message, string? responseId, IReadOnlyList<BunqError> errors) : base(466, message, responseId, errors) { }
}

/// <summary>490 (USER ERROR): bunq's docs give it the same meaning as 400, "most likely a parameter is missing or invalid". An insufficient balance is a 400 (<see cref="BunqBadRequestException"/>).</summary>
public sealed class BunqUserErrorException : BunqApiException
{
    /// <summary>Creates the 490 exception (bunq refused the request for a reason of the user's).</summary>
    public BunqUserErrorException(string message, string? responseId, IReadOnlyList<BunqError> errors) : base(490, message, responseId, errors) { }
}

/// <summary>491: bunq is in maintenance.</summary>
public sealed class BunqMaintenanceException : BunqApiException
{
    /// <summary>Creates the 491 exception (bunq is in maintenance).</summary>
    public BunqMaintenanceException(string message, string? responseId, IReadOnlyList<BunqError> errors) : base(491, message, responseId, errors) { }
}

/// <summary>500: something went wrong on bunq's side.</summary>
public sealed class BunqServerErrorException : BunqApiException
{
    /// <summary>Creates the 500 exception (an error on bunq's side).</summary>
    public BunqServerErrorException(string message, string? responseId, IReadOnlyList<BunqError> errors) : base(500, message, responseId, errors) { }
}

/// <summary>
/// The answer's <c>X-Bunq-Server-Signature</c> is missing or does not match the body: the answer may not
/// come from bunq, so none of it is returned. For a POST or PUT it comes inside a <see cref="BunqAmbiguousResultException"/>
/// (<see cref="BunqAmbiguousReason.UnverifiedAnswer"/>): the request reached someone, perhaps bunq, which may have executed it.
/// </summary>
public sealed class BunqSignatureException : BunqException
{
    /// <summary>Creates the exception for an answer with status <paramref name="statusCode"/> whose server signature failed.</summary>
    public BunqSignatureException(string message, string? responseId, int statusCode)
        : base(message, responseId)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status of the rejected answer.</summary>
    public int StatusCode { get; }
}

/// <summary>
/// The answer was a redirect (3xx). The runtime follows none: bunq never redirects API calls, and following one would
/// send the token, the signature and the body to wherever the answer points. Nothing was sent to the new location.
/// </summary>
public sealed class BunqRedirectException : BunqException
{
    /// <summary>Creates the exception for a redirect answer with status <paramref name="statusCode"/> pointing at <paramref name="locationHost"/>.</summary>
    public BunqRedirectException(string message, string? responseId, int statusCode, string? locationHost)
        : base(message, responseId)
    {
        StatusCode = statusCode;
        LocationHost = locationHost;
    }

    /// <summary>301, 302, 303, 307, 308, …</summary>
    public int StatusCode { get; }

    /// <summary>The host the answer pointed at (control characters replaced), or null when it named none.</summary>
    public string? LocationHost { get; }
}

/// <summary>
/// The call failed on the network (connection refused, reset, TLS, timeout) where bunq cannot have executed it, or
/// for a GET/DELETE, which can be repeated. The caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class BunqTransportException : BunqException
{
    /// <summary>Creates the exception; <paramref name="requestSent"/> says whether any of the request left this machine.</summary>
    public BunqTransportException(string message, bool timedOut, bool requestSent, Exception? inner = null)
        : base(message, null, inner)
    {
        TimedOut = timedOut;
        RequestSent = requestSent;
    }

    /// <summary>The attempt or call timeout ran out (no answer in time).</summary>
    public bool TimedOut { get; }

    /// <summary>False when the request never left this machine (no connection could be made): bunq has not seen it.</summary>
    public bool RequestSent { get; }
}

/// <summary>What is known about a POST or PUT whose outcome is ambiguous.</summary>
public enum BunqAmbiguousReason
{
    /// <summary>No answer arrived in time after the body was sent.</summary>
    Timeout,
    /// <summary>The connection broke after the body was sent, before a whole answer arrived.</summary>
    ConnectionLost,
    /// <summary>bunq answered (signed) with a 5xx: it may or may not have carried the call out.</summary>
    ServerError,
    /// <summary>An answer arrived but could not be read whole (e.g. it broke off mid-body).</summary>
    UnreadableAnswer,
    /// <summary>An answer arrived whose signature is missing or wrong (<see cref="BunqSignatureException"/> inside): it may not come from bunq, so it says nothing about the call.</summary>
    UnverifiedAnswer,
    /// <summary>The answer passed the size limit (<see cref="BunqResponseTooLargeException"/> inside) and was not read.</summary>
    AnswerTooLarge,
    /// <summary>bunq answered (signed, 2xx) but not with the envelope the operation promises (<see cref="BunqResponseFormatException"/> inside): it has most likely executed the call.</summary>
    UnexpectedAnswer,
}

/// <summary>
/// A POST or PUT was sent but its outcome is unknown: bunq may have executed it (a payment may have moved). Do not
/// send a new request; send the same call again with the same <see cref="BunqException.RequestId"/> in
/// <see cref="BunqCallOptions.RequestId"/>: bunq refuses a request id it has seen on this device, so the money moves at
/// most once (docs/payments.md).
/// </summary>
public sealed class BunqAmbiguousResultException : BunqException
{
    /// <summary>Creates the exception for the call <paramref name="method"/> <paramref name="path"/> sent with <paramref name="requestId"/>.</summary>
    public BunqAmbiguousResultException(string message, string requestId, string method, string path, string? operationId, BunqAmbiguousReason reason, int? statusCode, string? responseId, Exception? inner)
        : base(message, responseId, inner)
    {
        RequestId = requestId;
        Method = method;
        Path = path;
        OperationId = operationId;
        Reason = reason;
        StatusCode = statusCode;
    }

    /// <summary>The HTTP method of the call (POST or PUT).</summary>
    public string Method { get; }

    /// <summary>The path without its query.</summary>
    public string Path { get; }

    /// <summary>The spec's operation id of the call (e.g. <c>CREATE_Payment_for_User_MonetaryAccount</c>), when the generated client made it.</summary>
    public string? OperationId { get; }

    /// <summary>Why the outcome is unknown: no answer, a server error, an answer that failed its signature check, and so on.</summary>
    public BunqAmbiguousReason Reason { get; }

    /// <summary>The HTTP status when bunq answered (5xx); null when no answer arrived.</summary>
    public int? StatusCode { get; }
}

/// <summary>
/// The answer is larger than <see cref="BunqClientOptions.MaxJsonResponseBytes"/> or <see cref="BunqClientOptions.MaxBinaryResponseBytes"/>; it was not read further.
/// For a POST or PUT it comes inside a <see cref="BunqAmbiguousResultException"/> (<see cref="BunqAmbiguousReason.AnswerTooLarge"/>).
/// </summary>
public sealed class BunqResponseTooLargeException : BunqException
{
    /// <summary>Creates the exception for an answer over <paramref name="limit"/> bytes.</summary>
    public BunqResponseTooLargeException(string message, string? responseId, long limit, long? contentLength)
        : base(message, responseId)
    {
        Limit = limit;
        ContentLength = contentLength;
    }

    /// <summary>The limit in bytes the answer exceeded.</summary>
    public long Limit { get; }

    /// <summary>The answer's <c>Content-Length</c>, when it declared one.</summary>
    public long? ContentLength { get; }
}

/// <summary>
/// Something between the runtime and the wire (a <c>DelegatingHandler</c> or resilience handler added to the
/// <c>"Bunq"</c> HTTP client) tried to send the same POST or PUT a second time. The runtime refuses: a re-sent payment
/// can execute twice. Remove the handler; the runtime's own retries are safe (docs/runtime.md).
/// </summary>
public sealed class BunqResendRefusedException : BunqException
{
    /// <summary>Creates the exception; the message says which handler re-sent.</summary>
    public BunqResendRefusedException(string message) : base(message, null)
    {
    }
}

/// <summary>
/// A POST or PUT was about to go out over an <see cref="HttpClient"/> that is not built over
/// <see cref="BunqClientOptions.CreateHttpHandler"/>: that client's own handlers would see the answer before its
/// signature is checked, and a retrying one could send the payment twice. Nothing was sent. Build the client with
/// <c>new HttpClient(options.CreateHttpHandler())</c>, or use <c>AddBunq</c>. Loopback base URLs (the emulator) are exempt.
/// </summary>
public sealed class BunqWireHandlerMissingException : BunqException
{
    /// <summary>Creates the exception; the message says how to build the client.</summary>
    public BunqWireHandlerMissingException(string message) : base(message, null)
    {
    }
}

/// <summary>Why a stored API context could not be read.</summary>
public enum BunqContextStoreError
{
    /// <summary>The store holds no context.</summary>
    NotFound,
    /// <summary>The file is not a complete context document (truncated, not JSON, fields missing).</summary>
    Damaged,
    /// <summary>The document is complete but its checksum does not match: it was changed outside the runtime.</summary>
    Tampered,
    /// <summary>The document was written by a newer format version.</summary>
    UnsupportedVersion,
    /// <summary>The protector could not unprotect the stored bytes (wrong key, or changed bytes).</summary>
    ProtectionFailed,
    /// <summary>Reading or writing the file failed.</summary>
    Io,
    /// <summary>A newer context was saved meanwhile (by another instance); the stale one was not written over it.</summary>
    Conflict,
}

/// <summary>A stored API context could not be saved or restored. The message never quotes the stored secrets.</summary>
public sealed class BunqContextStoreException : BunqException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public BunqContextStoreException(BunqContextStoreError error, string message, Exception? inner = null)
        : base(message, null, inner)
    {
        Error = error;
    }

    /// <summary>What went wrong with the stored context.</summary>
    public BunqContextStoreError Error { get; }
}
