namespace Bunq.Runtime;

/// <summary>
/// A generated method's result with what bunq said about the call: the value read from the answer (the object, or the
/// id bunq assigned to what a create made), bunq's <c>X-Bunq-Client-Response-Id</c> (what bunq support asks for), the
/// request id it was sent with and the HTTP status. Converts to the value implicitly, so <c>Payment p = await …</c>
/// and passing the result on both work.
/// </summary>
public sealed class BunqResponse<T>
{
    /// <summary>A result read from a verified answer.</summary>
    public BunqResponse(T value, BunqResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Value = value;
        StatusCode = response.StatusCode;
        ResponseId = response.ResponseId;
        RequestId = response.RequestId;
    }

    /// <summary>A result made by hand: for tests and mocks.</summary>
    public BunqResponse(T value, int statusCode = 200, string? responseId = null, string? requestId = null)
    {
        Value = value;
        StatusCode = statusCode;
        ResponseId = responseId;
        RequestId = requestId;
    }

    /// <summary>What the answer carried: the object, or the id or uuid bunq assigned.</summary>
    public T Value { get; }

    /// <summary>The HTTP status bunq answered with (200 for a read, 200 or 201 for a create).</summary>
    public int StatusCode { get; }

    /// <summary>bunq's <c>X-Bunq-Client-Response-Id</c>; quote it to bunq support.</summary>
    public string? ResponseId { get; }

    /// <summary>The <c>X-Bunq-Client-Request-Id</c> the call was sent with (the key of a safe retry).</summary>
    public string? RequestId { get; }

    /// <summary>The value, so a result can stand where the value is expected.</summary>
#pragma warning disable CA2225 // Value is the named alternative.
    public static implicit operator T(BunqResponse<T> response)
#pragma warning restore CA2225
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Value;
    }

    /// <summary>The value's text, so that logging a created id prints the id.</summary>
    public override string? ToString() => Value?.ToString();
}
