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
}
