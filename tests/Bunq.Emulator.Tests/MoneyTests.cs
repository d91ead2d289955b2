using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>Money that moves: balances, both sides of a payment, Sugar Daddy, draft payments, events, callbacks.</summary>
public sealed class MoneyTests : IAsyncLifetime
{
    private BunqEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await BunqEmulator.StartAsync(TestKeys.Options());

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_payment_debits_the_payer_and_credits_the_counterparty()
    {
        using var alice = await RawBunq.ConnectAsync(_emulator);
        using var bob = await RawBunq.ConnectAsync(_emulator);
        var bobUser = (await bob.GetAsync($"user/{bob.UserId}")).Element("UserPerson");
        var bobEmail = bobUser["alias"]!.AsArray().Single(a => a!["type"]!.GetValue<string>() == "EMAIL")!["value"]!.GetValue<string>();

        var paid = await alice.PostAsync($"user/{alice.UserId}/monetary-account/{alice.AccountId}/payment", ProtocolTests.Payment("120.25", bobEmail, "rent"));

        RawBunq.Check(paid);
        Assert.Equal("379.75", await Balance(alice));
        Assert.Equal("620.25", await Balance(bob));
        var incoming = (await bob.GetAsync($"user/{bob.UserId}/monetary-account/{bob.AccountId}/payment")).Element("Payment");
        Assert.Equal("120.25", incoming["amount"]!["value"]!.GetValue<string>());
        Assert.Equal("rent", incoming["description"]!.GetValue<string>());
        Assert.Equal("620.25", incoming["balance_after_mutation"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_payment_by_IBAN_reaches_the_account_with_that_IBAN()
    {
        using var alice = await RawBunq.ConnectAsync(_emulator);
        using var bob = await RawBunq.ConnectAsync(_emulator);
        var bobAccount = (await bob.GetAsync($"user/{bob.UserId}/monetary-account-bank/{bob.AccountId}")).Element("MonetaryAccountBank");
        var iban = bobAccount["alias"]!.AsArray().Single(a => a!["type"]!.GetValue<string>() == "IBAN")!["value"]!.GetValue<string>();
        var body = new JsonObject
        {
            ["amount"] = new JsonObject { ["value"] = "5.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = iban, ["name"] = "Bob" },
            ["description"] = "by iban",
        };

        RawBunq.Check(await alice.PostAsync($"user/{alice.UserId}/monetary-account/{alice.AccountId}/payment", body));

        Assert.Equal("505.00", await Balance(bob));
    }

    [Fact]
    public async Task A_payment_above_the_balance_is_400_and_the_balance_stays()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);

        var answer = await bunq.PostAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment", ProtocolTests.Payment("500.01", "bravo@bunq.com"));

        Assert.Equal(400, answer.Status);
        Assert.Contains("balance", answer.ErrorDescription, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("500.00", await Balance(bunq));
    }

    [Fact]
    public async Task A_payment_batch_pays_all_or_nothing()
    {
        using var alice = await RawBunq.ConnectAsync(_emulator);
        var path = $"user/{alice.UserId}/monetary-account/{alice.AccountId}/payment-batch";
        var batch = new JsonObject
        {
            ["payments"] = new JsonArray(
                ProtocolTests.Payment("10.00", "one@bunq.example", "one"),
                ProtocolTests.Payment("15.50", "two@bunq.example", "two")),
        };
        var tooMuch = new JsonObject
        {
            ["payments"] = new JsonArray(
                ProtocolTests.Payment("400.00", "one@bunq.example"),
                ProtocolTests.Payment("100.00", "two@bunq.example")),
        };

        var created = await alice.PostAsync(path, batch);
        var refused = await alice.PostAsync(path, tooMuch);

        RawBunq.Check(created);
        Assert.Equal(400, refused.Status);
        Assert.Equal("474.50", await Balance(alice));
        var read = (await alice.GetAsync($"{path}/{created.Element("Id")["id"]!.GetValue<long>()}")).Element("PaymentBatch");
        var amounts = read["payments"]!["Payment"]!.AsArray().Select(p => p!["amount"]!["value"]!.GetValue<string>()).ToArray();
        Assert.Equal(new[] { "-10.00", "-15.50" }, amounts);
    }

    [Fact]
    public async Task A_sugar_daddy_request_credits_the_account_and_creates_an_incoming_payment()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);
        var request = new JsonObject
        {
            ["amount_inquired"] = new JsonObject { ["value"] = "100", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "sugardaddy@bunq.com", ["name"] = "Sugar Daddy" },
            ["description"] = "You're the best!",
            ["allow_bunqme"] = false,
        };

        var answer = await bunq.PostAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/request-inquiry", request);
        RawBunq.Check(answer);
        var inquiryId = answer.Element("Id")["id"]!.GetValue<long>();
        var inquiry = (await bunq.GetAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/request-inquiry/{inquiryId}")).Element("RequestInquiry");
        var payment = (await bunq.GetAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment")).Element("Payment");
        var tooMuch = await bunq.PostAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/request-inquiry",
            new JsonObject
            {
                ["amount_inquired"] = new JsonObject { ["value"] = "500.01", ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "sugardaddy@bunq.com" },
                ["description"] = "more",
            });

        Assert.Equal("600.00", await Balance(bunq));
        Assert.Equal("ACCEPTED", inquiry["status"]!.GetValue<string>());
        Assert.Equal("100.00", payment["amount"]!["value"]!.GetValue<string>());
        Assert.Equal("Sugar Daddy", payment["counterparty_alias"]!["display_name"]!.GetValue<string>());
        Assert.Equal(400, tooMuch.Status);
        Assert.Equal("600.00", await Balance(bunq));
    }

    [Fact]
    public async Task An_accepted_request_between_users_pays_the_requester()
    {
        using var alice = await RawBunq.ConnectAsync(_emulator);
        using var bob = await RawBunq.ConnectAsync(_emulator);
        var bobEmail = (await bob.GetAsync($"user/{bob.UserId}")).Element("UserPerson")["alias"]!.AsArray()
            .Single(a => a!["type"]!.GetValue<string>() == "EMAIL")!["value"]!.GetValue<string>();
        var inquiryPath = $"user/{alice.UserId}/monetary-account/{alice.AccountId}/request-inquiry";
        var asked = await alice.PostAsync(inquiryPath, new JsonObject
        {
            ["amount_inquired"] = new JsonObject { ["value"] = "20.00", ["currency"] = "EUR" },
            ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = bobEmail },
            ["description"] = "pizza",
            ["allow_bunqme"] = false,
        });
        RawBunq.Check(asked);

        var responses = $"user/{bob.UserId}/monetary-account/{bob.AccountId}/request-response";
        var pending = (await bob.GetAsync(responses)).Element("RequestResponse");
        var responseId = pending["id"]!.GetValue<long>();
        var accept = new JsonObject { ["status"] = "ACCEPTED" }.ToJsonString();
        var unsigned = await bob.SendAsync(HttpMethod.Put, $"{responses}/{responseId}", accept, sign: false);
        var accepted = await bob.SendAsync(HttpMethod.Put, $"{responses}/{responseId}", accept);
        var inquiry = (await alice.GetAsync($"{inquiryPath}/{asked.Element("Id")["id"]!.GetValue<long>()}")).Element("RequestInquiry");

        Assert.Equal("PENDING", pending["status"]!.GetValue<string>());
        Assert.Equal("20.00", pending["amount_inquired"]!["value"]!.GetValue<string>());
        Assert.Equal(466, unsigned.Status);
        RawBunq.Check(accepted);
        Assert.Equal("ACCEPTED", accepted.Element("RequestResponse")["status"]!.GetValue<string>());
        Assert.Equal("ACCEPTED", inquiry["status"]!.GetValue<string>());
        Assert.Equal("520.00", await Balance(alice));
        Assert.Equal("480.00", await Balance(bob));
    }

    [Fact]
    public async Task Accepting_a_draft_payment_executes_the_payment_and_the_events_list_it()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);
        var drafts = $"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/draft-payment";
        var draft = new JsonObject
        {
            ["entries"] = new JsonArray(new JsonObject
            {
                ["amount"] = new JsonObject { ["value"] = "30.00", ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "EMAIL", ["value"] = "bravo@bunq.com", ["name"] = "Bravo" },
                ["description"] = "draft",
            }),
            ["number_of_required_accepts"] = 1,
        };

        var created = await bunq.PostAsync(drafts, draft);
        RawBunq.Check(created);
        var id = created.Element("Id")["id"]!.GetValue<long>();
        Assert.Equal("500.00", await Balance(bunq));
        var acceptBody = new JsonObject { ["status"] = "ACCEPTED" }.ToJsonString();
        var unsigned = await bunq.SendAsync(HttpMethod.Put, $"{drafts}/{id}", acceptBody, sign: false);
        var accepted = await bunq.SendAsync(HttpMethod.Put, $"{drafts}/{id}", acceptBody);
        var read = (await bunq.GetAsync($"{drafts}/{id}")).Element("DraftPayment");
        var events = await bunq.GetAsync($"user/{bunq.UserId}/event");

        Assert.Equal(466, unsigned.Status);
        RawBunq.Check(accepted);
        Assert.Equal("ACCEPTED", read["status"]!.GetValue<string>());
        Assert.Equal("470.00", await Balance(bunq));
        var objects = events.ResponseArray.Select(e => ((JsonObject)e!["Event"]!["object"]!).Single().Key).ToList();
        Assert.Contains("DraftPayment", objects);
        var paymentEvent = events.ResponseArray.Select(e => e!["Event"]!).First(e => e["object"]!["Payment"] is not null);
        Assert.Equal("-30.00", paymentEvent["object"]!["Payment"]!["amount"]!["value"]!.GetValue<string>());
        Assert.Equal(bunq.AccountId.ToString(), paymentEvent["monetary_account_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_notification_filter_url_delivers_the_payment_callback_to_a_loopback_target()
    {
        using var bunq = await RawBunq.ConnectAsync(_emulator);
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var target = $"http://127.0.0.1:{port}/bunq-callback";
        var filters = new JsonObject
        {
            ["notification_filters"] = new JsonArray(new JsonObject { ["category"] = "PAYMENT", ["notification_target"] = target }),
        };

        var filterPath = $"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/notification-filter-url";
        RawBunq.Check(await bunq.PostAsync(filterPath, new JsonObject
        {
            ["notification_filters"] = new JsonArray(
                new JsonObject { ["category"] = "MUTATION", ["notification_target"] = "https://example.com/a" },
                new JsonObject { ["category"] = "REQUEST", ["notification_target"] = "https://example.com/b" }),
        }));
        var registered = await bunq.PostAsync(filterPath, filters);
        RawBunq.Check(registered);
        var filter = Assert.Single(registered.ResponseArray)!["NotificationFilterUrl"]!;
        Assert.Equal("PAYMENT", filter["category"]!.GetValue<string>());
        Assert.Equal(target, filter["notification_target"]!.GetValue<string>());
        Assert.True(filter["id"]!.GetValue<long>() > 0);
        var listed = await bunq.GetAsync(filterPath);
        Assert.Equal(target, Assert.Single(listed.ResponseArray)!["NotificationFilterUrl"]!["notification_target"]!.GetValue<string>());
        var receive = listener.GetContextAsync();
        RawBunq.Check(await bunq.PostAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment", ProtocolTests.Payment("7.00", "bravo@bunq.com", "callback me")));
        var finished = await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.Same(receive, finished);
        var context = await receive;
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var bodyText = await reader.ReadToEndAsync();
        var signature = context.Request.Headers["X-Bunq-Server-Signature"];
        context.Response.StatusCode = 200;
        context.Response.Close();

        Assert.Equal("POST", context.Request.HttpMethod);
        Assert.Equal("/bunq-callback", context.Request.Url!.AbsolutePath);
        var notification = JsonNode.Parse(bodyText)!["NotificationUrl"]!;
        Assert.Equal(target, notification["target_url"]!.GetValue<string>());
        Assert.Equal("PAYMENT", notification["category"]!.GetValue<string>());
        Assert.Equal("-7.00", notification["object"]!["Payment"]!["amount"]!["value"]!.GetValue<string>());
        Assert.Equal("callback me", notification["object"]!["Payment"]!["description"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(signature));
        Assert.True(bunq.ServerKey!.VerifyData(Encoding.UTF8.GetBytes(bodyText), Convert.FromBase64String(signature!),
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1));
    }

    private static async Task<string> Balance(RawBunq bunq)
    {
        var account = await bunq.GetAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}");
        RawBunq.Check(account);
        return account.Element("MonetaryAccountBank")["balance"]!["value"]!.GetValue<string>();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
