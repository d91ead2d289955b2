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

/// <summary>
/// Every item of a list, newest first, fetched one page per request as the enumeration goes (<c>await foreach</c>);
/// <see cref="AsPages"/> gives the pages themselves, each with its response id and the continuation to the next.
/// Each page is a request of its own with its own request id, so a caller's request id is refused.
/// </summary>
public sealed class BunqPageable<T> : IAsyncEnumerable<T>
{
    private readonly Func<BunqPageOptions, CancellationToken, Task<BunqPage<T>>> _fetchPage;
    private readonly int _pageSize;
    private readonly CancellationToken _cancellationToken;

    /// <param name="fetchPage">Reads one page.</param>
    /// <param name="pageSize">Items per request, 1 to 200.</param>
    /// <param name="cancellationToken">Cancels every enumeration, together with the token given to the enumeration itself.</param>
    public BunqPageable(Func<BunqPageOptions, CancellationToken, Task<BunqPage<T>>> fetchPage, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        // pageSize is checked when the enumeration starts (BunqPageOptions.WithCount), as every other argument of a call is.
        _fetchPage = fetchPage;
        _pageSize = pageSize;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The pages, newest first, from <paramref name="start"/> (e.g. a page's <see cref="Pagination.Older"/> kept from an earlier run) or from the newest.</summary>
    public async IAsyncEnumerable<BunqPage<T>> AsPages(BunqPageOptions? start = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A copy: the caller's start (often a kept Pagination.Older) stays as it was for the next run.
        var options = BunqPageOptions.WithCount(start?.Count ?? _pageSize);
        if (start?.OlderId is { } olderId) options.OlderId = olderId;
        if (start?.NewerId is { } newerId) options.NewerId = newerId;
        using var linked = _cancellationToken.CanBeCanceled && cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, cancellationToken)
            : null;
        var token = linked?.Token ?? (cancellationToken.CanBeCanceled ? cancellationToken : _cancellationToken);
        while (true)
        {
            token.ThrowIfCancellationRequested();
            var page = await _fetchPage(options, token).ConfigureAwait(false);
            yield return page;
            var older = page.Pagination.Older;
            if (older is null || page.Items.Count == 0) yield break;
            if (older.Count is null) older.Count = _pageSize;
            options = older;
        }
    }

    /// <summary>Every item of every page, newest first; the next page is fetched when the last item of this one is read.</summary>
    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var page in AsPages(null, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Items) yield return item;
        }
    }
}
