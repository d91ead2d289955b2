using System.Text;
using Bunq.Runtime;

namespace Bunq.AspNetCore.Tests;

/// <summary>EnsureCallbacksAsync against the emulator, whose POST replaces the whole filter list as bunq's does.</summary>
public sealed class RegistrarTests
{
    private static async Task WriteFiltersAsync(IBunqApiClient api, string path, params (string Category, string Target)[] filters)
    {
        var body = "{\"notification_filters\":[" + string.Join(",", filters.Select(f => $"{{\"category\":\"{f.Category}\",\"notification_target\":\"{f.Target}\"}}")) + "]}";
        await api.SendAsync(new BunqRequest(HttpMethod.Post, path) { Body = Encoding.UTF8.GetBytes(body), ContentType = "application/json" }, default);
    }

    [Fact]
    public async Task Other_integrations_filters_survive_and_a_second_call_changes_nothing()
    {
        await using var host = await CallbackHost.StartAsync();
        var user = await host.Accessor.GetUserIdAsync();
        await WriteFiltersAsync(host.Api, $"user/{user}/notification-filter-url",
            ("PAYMENT", "https://accounting.example/hook"), ("MUTATION", "https://other.example/bunq"), ("CHAT", "https://chat.example/in"));

        var after = await host.Api.EnsureCallbacksAsync(user, host.CallbackUrl, new[] { "payment", "MUTATION", "REQUEST" });

        var expected = new[]
        {
            new BunqNotificationFilter("CHAT", "https://chat.example/in"),
            new BunqNotificationFilter("MUTATION", "https://other.example/bunq"),
            new BunqNotificationFilter("MUTATION", host.CallbackUrl),
            new BunqNotificationFilter("PAYMENT", "https://accounting.example/hook"),
            new BunqNotificationFilter("PAYMENT", host.CallbackUrl),
            new BunqNotificationFilter("REQUEST", host.CallbackUrl),
        }.OrderBy(f => f.Category).ThenBy(f => f.NotificationTarget, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, after.OrderBy(f => f.Category).ThenBy(f => f.NotificationTarget, StringComparer.Ordinal));
        Assert.Equal(expected, (await host.Api.ListAsync(user)).OrderBy(f => f.Category).ThenBy(f => f.NotificationTarget, StringComparer.Ordinal));

        // In place already: nothing is written (the emulator gives re-created filters new ids, so ids tell).
        var ids = await FilterIdsAsync(host.Api, user);
        await host.Api.EnsureCallbacksAsync(user, host.CallbackUrl, new[] { "PAYMENT" });
        Assert.Equal(ids, await FilterIdsAsync(host.Api, user));
    }

    [Fact]
    public async Task A_category_with_two_other_urls_is_refused_before_anything_is_written()
    {
        await using var host = await CallbackHost.StartAsync();
        var user = await host.Accessor.GetUserIdAsync();
        await WriteFiltersAsync(host.Api, $"user/{user}/notification-filter-url", ("PAYMENT", "https://a.example/1"), ("PAYMENT", "https://b.example/2"));

        var limit = await Assert.ThrowsAsync<BunqCallbackLimitException>(() => host.Api.EnsureCallbacksAsync(user, host.CallbackUrl, new[] { "MUTATION", "PAYMENT" }));

        Assert.Equal("PAYMENT", limit.Category);
        Assert.Equal(new[] { "https://a.example/1", "https://b.example/2" }, limit.ExistingTargets.Order(StringComparer.Ordinal));
        Assert.Contains("2 callback URLs per category", limit.Message);
        Assert.Equal(2, (await host.Api.ListAsync(user)).Count);
    }

    [Fact]
    public async Task Account_filters_are_kept_apart_from_the_users()
    {
        await using var host = await CallbackHost.StartAsync();
        var user = await host.Accessor.GetUserIdAsync();
        var account = await host.Accessor.GetPrimaryMonetaryAccountIdAsync();
        await WriteFiltersAsync(host.Api, $"user/{user}/notification-filter-url", ("PAYMENT", "https://user-level.example/x"));

        await host.Api.EnsureCallbacksAsync(user, host.CallbackUrl, new[] { "PAYMENT" }, account);

        Assert.Equal(new[] { new BunqNotificationFilter("PAYMENT", host.CallbackUrl) }, await host.Api.ListAsync(user, account));
        Assert.Equal(new[] { new BunqNotificationFilter("PAYMENT", "https://user-level.example/x") }, await host.Api.ListAsync(user));
    }

    [Fact]
    public async Task A_url_that_is_not_absolute_http_is_refused()
    {
        await using var host = await CallbackHost.StartAsync();
        var user = await host.Accessor.GetUserIdAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => host.Api.EnsureCallbacksAsync(user, "/relative", new[] { "PAYMENT" }));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Api.EnsureCallbacksAsync(user, "ftp://x.example/", new[] { "PAYMENT" }));
    }

    private static async Task<string> FilterIdsAsync(IBunqApiClient api, long user)
    {
        var response = await api.SendAsync(new BunqRequest(HttpMethod.Get, $"user/{user}/notification-filter-url"), default);
        using var document = System.Text.Json.JsonDocument.Parse(response.Body);
        return string.Join(",", document.RootElement.GetProperty("Response").EnumerateArray()
            .Select(e => e.EnumerateObject().First().Value.GetProperty("id").GetInt64()).Order());
    }
}

/// <summary>The answer shapes bunq's spec allows, over an in-memory IBunqApiClient.</summary>
public sealed class RegistrarShapeTests
{
    private sealed class Scripted : IBunqApiClient
    {
        public string ListBody { get; set; } = "";
        public List<string> Posted { get; } = new();

        public Task<BunqResponse> SendAsync(BunqRequest request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post)
            {
                var body = Encoding.UTF8.GetString(request.Body.Span);
                Posted.Add(body);
                // bunq answers the new list; the next read sees what was written.
                var filters = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("notification_filters").GetRawText();
                ListBody = "{\"Response\":[{\"NotificationFilterUrl\":{\"notification_filters\":" + filters + "}}]}";
                return Task.FromResult(new BunqResponse(200, Encoding.UTF8.GetBytes("{\"Response\":[{\"Id\":{\"id\":1}}]}"), "application/json", "r"));
            }
            return Task.FromResult(new BunqResponse(200, Encoding.UTF8.GetBytes(ListBody), "application/json", "r"));
        }
    }

    [Fact]
    public async Task The_specs_nested_listing_shape_is_merged_too()
    {
        var api = new Scripted { ListBody = """{"Response":[{"NotificationFilterUrl":{"notification_filters":[{"category":"PAYMENT","notification_target":"https://other.example/x"}]}}]}""" };

        var after = await api.EnsureCallbacksAsync(7, "https://me.example/cb", new[] { "PAYMENT" });

        Assert.Equal(new[] { new BunqNotificationFilter("PAYMENT", "https://other.example/x"), new BunqNotificationFilter("PAYMENT", "https://me.example/cb") }, after);
        Assert.Single(api.Posted);
    }

    [Fact]
    public async Task An_answer_it_cannot_read_stops_it_before_any_write()
    {
        var api = new Scripted { ListBody = """{"Response":[{"NotificationFilterUrl":{"id":3,"kind":"something new"}}]}""" };

        await Assert.ThrowsAsync<BunqResponseFormatException>(() => api.EnsureCallbacksAsync(7, "https://me.example/cb", new[] { "PAYMENT" }));

        Assert.Empty(api.Posted);
    }
}
