using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bunq.Emulator.State;

namespace Bunq.Emulator.Tests;

/// <summary>bunq's pagination (docs, "Pagination") and rate limits (docs, "Rate limits").</summary>
public sealed class PaginationAndLimitTests
{
    [Fact]
    public async Task Four_hundred_fifty_payments_list_as_three_pages_of_200_newest_first_without_duplicates()
    {
        await using var emulator = await BunqEmulator.StartAsync(TestKeys.Options(startingBalance: 1000m));
        using var bunq = await RawBunq.ConnectAsync(emulator);
        var path = $"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment";
        RawBunq.Check(await bunq.PostAsync(path, ProtocolTests.Payment("0.01", "bravo@bunq.com", "over http")));
        lock (emulator.Store.Gate)
        {
            var user = emulator.Bank.UserById(bunq.UserId)!;
            var account = emulator.Bank.Account(user, bunq.AccountId);
            for (var i = 0; i < 449; i++)
            {
                var alias = new JsonObject { ["type"] = "EMAIL", ["value"] = "bravo@bunq.com", ["name"] = "Bravo" };
                emulator.Bank.Pay(user, account, new Money(0.01m, "EUR"), alias, $"store {i}");
            }
            emulator.Bank.DrainNotifications();
        }

        var first = await bunq.GetAsync(path + "?count=200");
        var pagination1 = first.Json["Pagination"]!;
        var older1 = pagination1["older_url"]!.GetValue<string>();
        var second = await bunq.GetAsync(older1["/v1/".Length..]);
        var older2 = second.Json["Pagination"]!["older_url"]!.GetValue<string>();
        var third = await bunq.GetAsync(older2["/v1/".Length..]);

        var pages = new[] { first, second, third }.Select(p => p.ResponseArray.Select(e => e!["Payment"]!["id"]!.GetValue<long>()).ToList()).ToList();
        Assert.Equal(new[] { 200, 200, 50 }, pages.Select(p => p.Count));
        var all = pages.SelectMany(p => p).ToList();
        Assert.Equal(450, all.Distinct().Count());
        Assert.Equal(all.OrderByDescending(id => id), all);
        Assert.Equal("over http", third.ResponseArray[^1]!["Payment"]!["description"]!.GetValue<string>());

        var escaped = Regex.Escape("/v1/" + path);
        Assert.Matches($"^{escaped}\\?count=200&older_id={pages[0][^1]}$", older1);
        Assert.Null(pagination1["newer_url"]);
        Assert.Equal($"/v1/{path}?count=200&newer_id={pages[0][0]}", pagination1["future_url"]!.GetValue<string>());
        var pagination3 = third.Json["Pagination"]!;
        Assert.Null(pagination3["older_url"]);
        Assert.Null(pagination3["future_url"]);
        var newer3 = pagination3["newer_url"]!.GetValue<string>();
        Assert.Equal($"/v1/{path}?count=200&newer_id={pages[2][0]}", newer3);

        var back = await bunq.GetAsync(newer3["/v1/".Length..]);
        Assert.Equal(pages[1], back.ResponseArray.Select(e => e!["Payment"]!["id"]!.GetValue<long>()).ToList());
        var defaultPage = await bunq.GetAsync(path);
        Assert.Equal(10, defaultPage.ResponseArray.Count);
        Assert.Equal(400, (await bunq.GetAsync(path + "?count=201")).Status);
        Assert.Equal(400, (await bunq.GetAsync(path + "?older_id=5&newer_id=9")).Status);
    }

    [Fact]
    public async Task A_fourth_GET_within_three_seconds_is_429_until_the_window_passes()
    {
        var clock = new ManualClock();
        await using var emulator = await BunqEmulator.StartAsync(TestKeys.Options(rateLimits: true, clock: clock));
        using var bunq = await RawBunq.ConnectAsync(emulator);
        clock.Advance(TimeSpan.FromSeconds(10));
        var path = $"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment";

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++) statuses.Add((await bunq.GetAsync(path)).Status);
        var otherEndpoint = await bunq.GetAsync($"user/{bunq.UserId}");
        clock.Advance(TimeSpan.FromSeconds(3));
        var afterWindow = await bunq.GetAsync(path);

        Assert.Equal(new[] { 200, 200, 200, 429 }, statuses);
        Assert.Equal(200, otherEndpoint.Status);
        Assert.Equal(200, afterWindow.Status);
    }

    [Fact]
    public async Task A_session_server_call_within_thirty_seconds_of_the_last_is_429_and_one_after_them_is_answered()
    {
        var clock = new ManualClock();
        await using var emulator = await BunqEmulator.StartAsync(TestKeys.Options(rateLimits: true, clock: clock));
        using var bunq = await RawBunq.ConnectAsync(emulator);
        var body = new JsonObject { ["secret"] = bunq.ApiKey }.ToJsonString();

        var tooSoon = await bunq.SendAsync(HttpMethod.Post, "session-server", body, bunq.InstallationToken);
        clock.Advance(TimeSpan.FromSeconds(30));
        var later = await bunq.SendAsync(HttpMethod.Post, "session-server", body, bunq.InstallationToken);

        Assert.Equal(429, tooSoon.Status);
        Assert.True(tooSoon.SignatureValid);
        Assert.Equal(200, later.Status);
    }
}
