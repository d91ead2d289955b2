namespace Bunq.Runtime;

/// <summary>The root of every exception the runtime throws. Messages never contain keys, tokens or signatures.</summary>
public class BunqException : Exception
{
    public BunqException(string message, string? responseId, Exception? inner = null)
        : base(message, inner)
    {
        ResponseId = responseId;
    }

    /// <summary>bunq's <c>X-Bunq-Client-Response-Id</c>, when there was an answer.</summary>
    public string? ResponseId { get; }
}

/// <summary>bunq answered with something that is not the envelope the operation promises.</summary>
public sealed class BunqResponseFormatException : BunqException
{
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
    public BunqApiException(int statusCode, string message, string? responseId, IReadOnlyList<BunqError> errors, Exception? inner = null)
        : base(message, responseId, inner)
    {
        StatusCode = statusCode;
        Errors = errors;
    }

    public int StatusCode { get; }

    public IReadOnlyList<BunqError> Errors { get; }
}

/// <summary>One item of bunq's <c>{"Error":[{"error_description":…,"error_description_translated":…}]}</c>.</summary>
public sealed record BunqError(string? Description, string? DescriptionTranslated);
