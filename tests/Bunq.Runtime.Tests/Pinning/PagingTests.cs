using Bunq.Runtime.Json;

namespace Bunq.Runtime.Tests.Pinning;

/// <summary>bunq's paging: one of <c>older_id</c>/<c>newer_id</c> at a time, 1–200 items, and the walk from newest to oldest.</summary>
public sealed class PagingTests
{
    [Fact]
    public void Setting_older_id_clears_newer_id()
    {
        var options = new BunqPageOptions { NewerId = 9 };
        options.OlderId = 5;

        Assert.Equal(5, options.OlderId);
        Assert.Null(options.NewerId);
        Assert.Equal("p?older_id=5", options.AppendTo("p"));
    }

    [Fact]
    public void Setting_newer_id_clears_older_id()
    {
        var options = new BunqPageOptions { OlderId = 5 };
        options.NewerId = 9;

        Assert.Equal(9, options.NewerId);
        Assert.Null(options.OlderId);
        Assert.Equal("p?newer_id=9", options.AppendTo("p"));
    }

    [Fact]
    public void Clearing_one_id_keeps_the_other()
    {
        var options = new BunqPageOptions { NewerId = 9 };
        options.OlderId = null;
        Assert.Equal(9, options.NewerId);

        options = new BunqPageOptions { OlderId = 5 };
        options.NewerId = null;
        Assert.Equal(5, options.OlderId);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(200)]
    [InlineData(null)]
    public void A_count_from_1_to_200_or_none_is_taken(int? count)
    {
        Assert.Equal(count, new BunqPageOptions { Count = count }.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(201)]
    public void A_count_outside_1_to_200_is_refused(int count)
    {
        var options = new BunqPageOptions { Count = 10 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Count = count);

        Assert.Contains("1 to 200", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, options.Count);
    }

    [Fact]
    public void With_count_sets_only_the_count()
    {
        var options = BunqPageOptions.WithCount(25);

        Assert.Equal(25, options.Count);
        Assert.Equal("p?count=25", options.AppendTo("p"));
    }

    [Theory]
    [InlineData("p")]
    [InlineData("p?x=1")]
    public void Empty_options_leave_the_path_alone(string path)
    {
        Assert.Equal(path, new BunqPageOptions().AppendTo(path));
    }

    [Fact]
    public void Every_set_option_is_appended_in_count_older_newer_order()
    {
        Assert.Equal("p?count=3&older_id=5", new BunqPageOptions { Count = 3, OlderId = 5 }.AppendTo("p"));
        Assert.Equal("p?count=3&newer_id=6", new BunqPageOptions { Count = 3, NewerId = 6 }.AppendTo("p"));
        Assert.Equal("p?x=1&count=3", new BunqPageOptions { Count = 3 }.AppendTo("p?x=1"));
        Assert.Equal("p?older_id=12345678901", new BunqPageOptions { OlderId = 12345678901 }.AppendTo("p"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void No_url_gives_no_options(string? url)
    {
        Assert.Null(BunqPageOptions.FromUrl(url));
    }

    [Theory]
    [InlineData("/v1/user/1/payment", null, null, null)]
    [InlineData("/v1/user/1/payment?", null, null, null)]
    [InlineData("/v1/p?count=0", 1, null, null)]
    [InlineData("/v1/p?count=abc&older_id=x&newer_id=", null, null, null)]
    [InlineData("/v1/p?count&older_id=3", null, 3L, null)]
    [InlineData("/v1/p?=4&older_id=%35", null, 5L, null)]
    [InlineData("/v1/p?older_id=3&newer_id=4", null, null, 4L)]
    [InlineData("/v1/p?newer_id=4&older_id=3", null, 3L, null)]
    [InlineData("/v1/p?other=1&count=7&&newer_id=-2", 7, null, -2L)]
    [InlineData("/v1/p?Count=7&OLDER_ID=3", null, null, null)]
    public void A_pagination_url_reads_into_options_and_ignores_what_it_does_not_know(string url, int? count, long? older, long? newer)
    {
        var options = BunqPageOptions.FromUrl(url)!;

        Assert.Equal(count, options.Count);
        Assert.Equal(older, options.OlderId);
        Assert.Equal(newer, options.NewerId);
    }

    [Fact]
    public void Pagination_reads_each_url_under_its_own_name_and_skips_others()
    {
        var pagination = JsonProbe.Read(
            """{"future_url":"/v1/p?newer_id=9","extra":{"older_url":"no"},"list":[1,{"a":2}],"newer_url":"/v1/p?newer_id=8","n":1,"older_url":"/v1/p?older_id=3"}""",
            Pagination.ReadJson);

        Assert.Equal("/v1/p?older_id=3", pagination.OlderUrl);
        Assert.Equal("/v1/p?newer_id=8", pagination.NewerUrl);
        Assert.Equal("/v1/p?newer_id=9", pagination.FutureUrl);
        Assert.Equal(3, pagination.Older!.OlderId);
        Assert.Equal(8, pagination.Newer!.NewerId);
        Assert.Equal(9, pagination.Future!.NewerId);
    }

    [Fact]
    public void An_unknown_field_after_a_url_does_not_erase_it()
    {
        var pagination = JsonProbe.Read("""{"future_url":"f","older_url":"o","newer_url":"n","zzz":"x"}""", Pagination.ReadJson);

        Assert.Equal(("o", "n", "f"), (pagination.OlderUrl, pagination.NewerUrl, pagination.FutureUrl));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[{\"older_url\":\"o\"}]")]
    [InlineData("\"older_url\"")]
    public void Pagination_that_is_not_an_object_reads_as_none(string json)
    {
        var pagination = JsonProbe.Read(json, Pagination.ReadJson);

        Assert.Same(Pagination.None, pagination);
        Assert.Null(pagination.Older);
        Assert.Null(pagination.Newer);
        Assert.Null(pagination.Future);
    }

    [Fact]
    public void Pagination_writes_all_three_urls_nulls_included()
    {
        Assert.Equal("""{"future_url":"f","newer_url":null,"older_url":"o"}""", JsonProbe.Write(new Pagination("o", null, "f").WriteJson));
    }

    [Fact]
    public void A_page_has_older_items_exactly_when_it_has_an_older_url()
    {
        Assert.True(new BunqPage<int>(new[] { 1 }, new Pagination("o", null, null), "r").HasOlder);
        Assert.False(new BunqPage<int>(new[] { 1 }, new Pagination(null, "n", "f"), "r").HasOlder);
    }

    [Fact]
    public async Task Enumerating_asks_the_first_page_with_the_page_size_and_follows_older_urls_keeping_it()
    {
        var asked = new List<string>();
        var pages = new Dictionary<string, BunqPage<int>>
        {
            ["p?count=2"] = Page(new[] { 9, 8 }, "/v1/p?older_id=8"),
            ["p?count=2&older_id=8"] = Page(new[] { 7 }, "/v1/p?count=5&older_id=7"),
            ["p?count=5&older_id=7"] = Page(new[] { 6 }, null),
        };

        var items = await Collect(BunqPaging.EnumerateAsync((options, _) =>
        {
            var path = options.AppendTo("p");
            asked.Add(path);
            return Task.FromResult(pages[path]);
        }, pageSize: 2));

        Assert.Equal(new[] { 9, 8, 7, 6 }, items);
        Assert.Equal(new[] { "p?count=2", "p?count=2&older_id=8", "p?count=5&older_id=7" }, asked);
    }

    [Fact]
    public async Task Enumerating_stops_at_an_empty_page_even_when_it_names_an_older_one()
    {
        var calls = 0;
        var items = await Collect(BunqPaging.EnumerateAsync((_, _) =>
        {
            calls++;
            return Task.FromResult(calls == 1 ? Page(new[] { 1 }, "/v1/p?older_id=1") : Page(Array.Empty<int>(), "/v1/p?older_id=1"));
        }, pageSize: 10));

        Assert.Equal(new[] { 1 }, items);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Enumerating_stops_when_a_page_has_no_older_url()
    {
        var calls = 0;
        var items = await Collect(BunqPaging.EnumerateAsync((_, _) =>
        {
            calls++;
            return Task.FromResult(Page(new[] { calls }, null));
        }, pageSize: 10));

        Assert.Equal(new[] { 1 }, items);
    }

    [Fact]
    public async Task Enumerating_a_cancelled_walk_asks_for_nothing()
    {
        var calls = 0;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Collect(BunqPaging.EnumerateAsync((_, _) =>
        {
            calls++;
            return Task.FromResult(Page(new[] { 1 }, null));
        }, pageSize: 10, cancelled.Token)));
        Assert.Equal(0, calls);
    }

    [Theory]
    [InlineData(42L, "42")]
    [InlineData(-7L, "-7")]
    public void Path_segments_format_ids_invariantly(long id, string expected)
    {
        Assert.Equal(expected, BunqPath.Segment(id));
        Assert.Equal(expected, BunqPath.Segment((int)id));
    }

    [Fact]
    public void Path_segments_escape_text()
    {
        Assert.Equal("a%2Fb%20c", BunqPath.Segment("a/b c"));
    }

    private static BunqPage<int> Page(int[] items, string? older) => new(items, new Pagination(older, null, null), null);

    private static async Task<List<int>> Collect(IAsyncEnumerable<int> items)
    {
        var list = new List<int>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
