namespace Bunq.Runtime;

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
        var options = start?.Copy() ?? BunqPageOptions.WithCount(_pageSize);
        options.Count ??= _pageSize;
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
