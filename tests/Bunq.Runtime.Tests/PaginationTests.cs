using System.Text;
using Bunq.Runtime.Json;

namespace Bunq.Runtime.Tests;

public sealed class PaginationTests
{
    [Theory]
    [InlineData("/v1/user/1/monetary-account/1/payment?count=25&older_id=224", 25, 224L, null)]
    [InlineData("/v1/user/1/monetary-account/1/payment?count=25&newer_id=249", 25, null, 249L)]
    [InlineData("/v1/user/1/monetary-account/1/payment?older_id=7", null, 7L, null)]
    [InlineData("/v1/user/1/payment?count=999", 200, null, null)]
    public void Pagination_urls_parse_into_page_options(string url, int? count, long? olderId, long? newerId)
    {
        var options = BunqPageOptions.FromUrl(url)!;
        Assert.Equal(count, options.Count);
        Assert.Equal(olderId, options.OlderId);
        Assert.Equal(newerId, options.NewerId);
    }

    [Fact]
    public void Page_options_append_to_a_path()
    {
        Assert.Equal("user/1/payment?count=200&older_id=5", new BunqPageOptions { Count = 200, OlderId = 5 }.AppendTo("user/1/payment"));
        Assert.Equal("user/1/payment?x=1&newer_id=9", new BunqPageOptions { OlderId = 5, NewerId = 9 }.AppendTo("user/1/payment?x=1"));
        Assert.Null(BunqPageOptions.FromUrl(null));
    }

    [Fact]
    public async Task Enumerating_follows_older_urls_across_pages_through_the_client()
    {
        var bunq = new FakeBunq();
        using var context = await Fixtures.CreateContextAsync(bunq);
        using var client = new BunqApiClient(context, new HttpClient(bunq, disposeHandler: false), Fixtures.Options());
        bunq.Route = r => r.Path switch
        {
            "user/42/monetary-account/7/payment?count=2" => Page(new[] { 10, 9 }, older: "/v1/user/42/monetary-account/7/payment?count=2&older_id=9"),
            "user/42/monetary-account/7/payment?count=2&older_id=9" => Page(new[] { 8, 7 }, older: "/v1/user/42/monetary-account/7/payment?count=2&older_id=7"),
            "user/42/monetary-account/7/payment?count=2&older_id=7" => Page(new[] { 6 }, older: null),
            _ => StubAnswer.Error(404, "unexpected " + r.Path, "x"),
        };

        var ids = new List<long>();
        await foreach (var payment in BunqPaging.EnumerateAsync(
            async (options, ct) => BunqEnvelope.ReadList<TestPayment>(
                await client.SendAsync(new BunqRequest(HttpMethod.Get, options.AppendTo("user/42/monetary-account/7/payment")), ct), "Payment"),
            pageSize: 2))
        {
            ids.Add(payment.Id!.Value);
        }

        Assert.Equal(new long[] { 10, 9, 8, 7, 6 }, ids);
        Assert.Equal(3, bunq.Requests.Count(r => r.Path.Contains("/payment", StringComparison.Ordinal)));
    }

    private static StubAnswer Page(int[] ids, string? older)
    {
        var items = string.Join(",", ids.Select(i => "{\"Payment\":{\"id\":" + i + ",\"description\":\"p" + i + "\"}}"));
        var olderJson = older is null ? "null" : $"\"{older}\"";
        return StubAnswer.Ok("{\"Response\":[" + items + "],\"Pagination\":{\"future_url\":null,\"newer_url\":null,\"older_url\":" + olderJson + "}}");
    }
}
