using Bunq.Runtime;

namespace Bunq.Runtime.Tests.Pinning;

public sealed class PageableTests
{
    private static BunqPageable<int> TwoPages(List<BunqPageOptions> asked)
        => new((options, _) =>
        {
            asked.Add(options);
            var page = options.OlderId is null
                ? new BunqPage<int>(new List<int> { 3, 2 }, new Pagination("/v1/user/1/payment?count=2&older_id=2", null, null), "r-1")
                : new BunqPage<int>(new List<int> { 1 }, Pagination.None, "r-2");
            return Task.FromResult(page);
        }, pageSize: 2);

    [Fact]
    public async Task Enumerating_follows_older_pages_until_there_is_none()
    {
        var asked = new List<BunqPageOptions>();
        var items = new List<int>();
        await foreach (var item in TwoPages(asked)) items.Add(item);

        Assert.Equal(new[] { 3, 2, 1 }, items);
        Assert.Equal(new long?[] { null, 2 }, asked.Select(o => o.OlderId));
        Assert.All(asked, o => Assert.Equal(2, o.Count));
    }

    [Fact]
    public async Task Paging_from_a_kept_start_leaves_the_callers_options_unchanged()
    {
        var start = new BunqPageOptions { OlderId = 2 };
        var asked = new List<BunqPageOptions>();

        var pages = new List<BunqPage<int>>();
        await foreach (var page in TwoPages(asked).AsPages(start)) pages.Add(page);

        Assert.Single(pages);
        Assert.Equal(2, asked.Single().OlderId);
        Assert.Equal(2, asked.Single().Count);
        Assert.Null(start.Count);
        Assert.NotSame(start, asked.Single());
    }

    [Fact]
    public async Task A_start_with_its_own_count_keeps_it_instead_of_the_page_size()
    {
        var asked = new List<BunqPageOptions>();

        await foreach (var _ in TwoPages(asked).AsPages(new BunqPageOptions { OlderId = 2, Count = 7 })) { }

        Assert.Equal(7, asked.Single().Count);
    }

    [Fact]
    public void A_pageable_without_a_page_reader_is_refused()
        => Assert.Throws<ArgumentNullException>(() => new BunqPageable<int>(null!, pageSize: 2));

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task The_pageables_token_and_the_enumerations_token_each_reach_the_page_reader(bool pageableCancels, bool enumerationCancels)
    {
        using var ofPageable = new CancellationTokenSource();
        using var ofEnumeration = new CancellationTokenSource();
        var seen = new List<CancellationToken>();
        var pageable = new BunqPageable<int>((_, token) =>
        {
            seen.Add(token);
            return Task.FromResult(new BunqPage<int>(new List<int> { 1 }, new Pagination("/v1/user/1/payment?count=1&older_id=1", null, null), "r-1"));
        }, pageSize: 1, pageableCancels ? ofPageable.Token : default);

        var pages = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in pageable.AsPages(null, enumerationCancels ? ofEnumeration.Token : default))
            {
                pages++;
                if (pageableCancels) ofPageable.Cancel();
                else ofEnumeration.Cancel();
            }
        });

        // One page is read, then the cancelled token stops the walk before a second request.
        Assert.Equal(1, pages);
        Assert.Single(seen);
        Assert.True(seen[0].CanBeCanceled);
        Assert.True(seen[0].IsCancellationRequested);
        if (pageableCancels && enumerationCancels)
        {
            // Both tokens are live: the reader gets one that either cancels, not just one of them.
            Assert.NotEqual(ofPageable.Token, seen[0]);
            Assert.NotEqual(ofEnumeration.Token, seen[0]);
        }
    }

    [Fact]
    public async Task Enumerating_the_items_stops_when_its_token_is_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var asked = new List<BunqPageOptions>();
        var items = new List<int>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in TwoPages(asked).WithCancellation(cancel.Token))
            {
                items.Add(item);
                cancel.Cancel();
            }
        });

        Assert.Equal(new[] { 3, 2 }, items);
        Assert.Single(asked);
    }
}
