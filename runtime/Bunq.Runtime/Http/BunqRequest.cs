namespace Bunq.Runtime;

/// <summary>Which token a call carries in <c>X-Bunq-Client-Authentication</c>.</summary>
public enum BunqAuth
{
    /// <summary>No token: <c>POST /installation</c> and the sandbox-user calls.</summary>
    None,
    /// <summary>The installation token: device-server, session-server, payment-service-provider-credential.</summary>
    Installation,
    /// <summary>The session token: everything else.</summary>
    Session,
}

/// <summary>
/// One call to bunq as the generated client describes it. The runtime adds bunq's headers, the
/// token, the request id and the body signature; the generated code never sees them.
/// </summary>
public sealed class BunqRequest
{
    /// <summary>A request for <paramref name="method"/> <paramref name="path"/>, relative to the environment's base URL.</summary>
    public BunqRequest(HttpMethod method, string path)
    {
        Method = method;
        Path = path;
    }

    /// <summary>A request for one of the table's runtime operations: its method, path, operationId, token and signing.</summary>
    internal BunqRequest(Wire.BunqOperation operation, params ReadOnlySpan<long> ids)
        : this(operation, query: "", ids)
    {
    }

    /// <summary>As above with a query (<c>?count=200</c>) after the path.</summary>
    internal BunqRequest(Wire.BunqOperation operation, string query, params ReadOnlySpan<long> ids)
        : this(operation.Method, operation.Path(ids) + query)
    {
        OperationId = operation.OperationId;
        Auth = operation.Auth;
        SignatureRequired = operation.Signed;
    }

    /// <summary>The HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>Relative to the API base URL (which ends in <c>/v1</c>), without a leading slash, query included: <c>user/1/monetary-account/2/payment?count=200</c>.</summary>
    public string Path { get; }

    /// <summary>The exact body bytes; these are what gets signed.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary><c>application/json</c> for JSON bodies, the file's type for attachment uploads.</summary>
    public string? ContentType { get; init; }

    /// <summary><c>X-Bunq-Attachment-Description</c> for attachment uploads.</summary>
    public string? AttachmentDescription { get; init; }

    /// <summary>Which token the request carries: the session's (almost every call), the installation's (<c>device-server</c>, <c>session-server</c>) or none (<c>installation</c>).</summary>
    public BunqAuth Auth { get; init; } = BunqAuth.Session;

    /// <summary>bunq answers 466 when these are not signed; the runtime signs every body anyway.</summary>
    public bool SignatureRequired { get; init; }

    /// <summary>For logs, metrics and the rate limiter; not sent.</summary>
    public string? OperationId { get; init; }

    /// <summary>The answer is raw bytes (attachment content, PDF exports), not an envelope.</summary>
    public bool ExpectsBinary { get; init; }

    /// <summary>The caller's request id and timeout for this call; null for the defaults.</summary>
    public BunqCallOptions? CallOptions { get; init; }
}

/// <summary>A verified answer: the server signature has been checked before this exists.</summary>
public sealed class BunqResponse
{
    /// <summary>An answer whose signature has been verified; built by the runtime only.</summary>
    public BunqResponse(int statusCode, ReadOnlyMemory<byte> body, string? contentType, string? responseId)
    {
        StatusCode = statusCode;
        Body = body;
        ContentType = contentType;
        ResponseId = responseId;
    }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>The body exactly as signed by bunq.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The answer's <c>Content-Type</c>, when bunq sent one.</summary>
    public string? ContentType { get; }

    /// <summary>bunq's <c>X-Bunq-Client-Response-Id</c>; quote it to bunq support.</summary>
    public string? ResponseId { get; }

    /// <summary>The operationId of the call this answers; drift events name it.</summary>
    public string? OperationId { get; init; }

    /// <summary>Where the readers report what in this answer differs from bunq's spec; null: only the counter sees it.</summary>
    public Json.BunqDriftReporter? Drift { get; init; }

    /// <summary>The <c>X-Bunq-Client-Request-Id</c> the call was sent with; null for an answer the runtime did not fetch.</summary>
    public string? RequestId { get; init; }

    /// <summary>The call this answers, when the runtime fetched it: tells whether an unreadable answer leaves a POST/PUT's outcome open.</summary>
    internal BunqRequest? Request { get; init; }

    /// <summary>
    /// The exception for an answer that is not the promised envelope: for a POST or PUT bunq signed a success for, the
    /// call has most likely executed, so the caller must not send it as a new request.
    /// </summary>
    internal BunqException Unexpected(BunqResponseFormatException format)
    {
        format.RequestId ??= RequestId;
        if (Request is not { } request || RequestId is null || !BunqExchange.IsUnsafe(request.Method)) return format;
        return BunqExchange.Ambiguous(request, RequestId, BunqAmbiguousReason.UnexpectedAnswer,
            $"bunq answered {StatusCode}, but not with the envelope the operation promises", StatusCode, ResponseId, format);
    }
}

/// <summary>
/// The narrow interface the generated client calls. The runtime's <c>BunqApiClient</c> implements it
/// over HTTP; tests can implement it in memory.
/// </summary>
public interface IBunqApiClient
{
    /// <summary>Sends one call and returns the verified answer; throws a <see cref="BunqApiException"/> for error statuses.</summary>
    Task<BunqResponse> SendAsync(BunqRequest request, CancellationToken cancellationToken);
}
