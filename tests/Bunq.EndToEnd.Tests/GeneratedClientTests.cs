using System.Net;
using System.Net.Sockets;
using System.Text;
using Bunq.Runtime;
using Bunq.Runtime.Json;
using EndToEnd.Bunq;

namespace Bunq.EndToEnd.Tests;

/// <summary>The source-generated client and the runtime against the emulator over real HTTP.</summary>
public sealed class GeneratedClientTests
{
    private static PointerRequest Someone(string email = "bravo@bunq.example") => new() { Type = "EMAIL", Value = email, Name = "Bravo" };

    [Fact]
    public async Task A_context_is_created_saved_and_restored_and_the_restored_one_calls_bunq_without_a_new_session()
    {
        var folder = Directory.CreateTempSubdirectory("bunq-e2e-");
        try
        {
            var store = new BunqContextFileStore(Path.Combine(folder.FullName, "context.json"));
            await using var bank = await Bank.OpenAsync(store: store);
            await store.SaveAsync(bank.Context);
            var sessionsBefore = bank.Wire.Count("POST", "/session-server");

            using var restored = await BunqApiContext.RestoreAsync(store);
            Assert.Equal(bank.UserId, restored.UserId);
            using var api = new BunqApiClient(restored, bank.Http, bank.Options);
            var user = await new BunqClient(api).Users.GetAsync(restored.UserId);

            Assert.IsType<User.Person>(user.Value);
            Assert.Equal(sessionsBefore, bank.Wire.Count("POST", "/session-server"));
            Assert.Equal(1, bank.Wire.Count("POST", "/installation"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_emulator_sending_drifted_answers_is_read_losslessly_and_reported_with_the_operation()
    {
        var drift = new System.Collections.Concurrent.ConcurrentQueue<BunqDriftEvent>();
        await using var bank = await Bank.OpenAsync(drift: true, onDrift: drift.Enqueue);
        var accounts = await bank.Client.MonetaryAccounts.ListAsync();
        var account = Assert.Single(accounts.Items.OfType<MonetaryAccount.Bank>()).Value;
        Assert.True(account.UnknownFields!.TryGetValue("emulator_drift_probe", out var probe));
        Assert.Equal("emulator --drift", probe.GetProperty("since").GetString());
        Assert.Contains("\"emulator_drift_probe\":{\"since\":\"emulator --drift\"", Encoding.UTF8.GetString(BunqJson.Serialize(account)), StringComparison.Ordinal);
        Assert.Contains(drift, d => d.OperationId == "List_all_MonetaryAccount_for_User" && d.Kind == BunqDriftKind.UnknownField && d.Field == "MonetaryAccountBank.emulator_drift_probe");

        var id = await bank.Client.MonetaryAccount(account.Id!.Value).Payments.CreateAsync(new PaymentRequest { Amount = Amount.Of(1m, "EUR"), CounterpartyAlias = Someone(), Description = "drift" });
        var payment = (await bank.Client.MonetaryAccount(account.Id!.Value).Payments.GetAsync(id)).Value;
        Assert.Equal("-1.00", payment.Amount!.Value); // money leaving the account is negative, as bunq writes it
        Assert.Contains(drift, d => d.OperationId == "READ_Payment_for_User_MonetaryAccount" && d.Field == "Payment.emulator_drift_probe");
    }

    [Fact]
    public async Task Four_hundred_fifty_payments_with_count_200_are_exactly_three_pages_newest_first_without_duplicates()
    {
        await using var bank = await Bank.OpenAsync();
        var account = await bank.PrimaryAccountAsync();
        Assert.Empty((await bank.Client.MonetaryAccount(account).Payments.ListAsync()).Items);

        var created = new List<long>();
        for (var i = 0; i < 450; i++)
        {
            created.Add(await bank.Client.MonetaryAccount(account).Payments.CreateAsync(new PaymentRequest
            {
                Amount = Amount.Of(0.01m, "EUR"),
                CounterpartyAlias = Someone(),
                Description = "payment " + i,
            }));
        }

        var pages = new List<BunqPage<Payment>>();
        var options = BunqPageOptions.WithCount(200);
        while (options is not null)
        {
            var page = await bank.Client.MonetaryAccount(account).Payments.ListAsync(options);
            pages.Add(page);
            options = page.Pagination.Older;
        }

        Assert.Equal(new[] { 200, 200, 50 }, pages.Select(p => p.Items.Count));
        var ids = pages.SelectMany(p => p.Items).Select(p => p.Id!.Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.OrderByDescending(id => id), ids);
        Assert.Equal(created.OrderByDescending(id => id), ids);
        Assert.Null(pages[^1].Pagination.OlderUrl);
        Assert.Equal("payment 449", pages[0].Items[0].Description);

        var all = new List<long>();
        await foreach (var payment in bank.Client.MonetaryAccount(account).Payments.ListAllAsync(pageSize: 200)) all.Add(payment.Id!.Value);
        Assert.Equal(ids, all);
        Assert.Equal(1 + 3 + 3, bank.Wire.Count("GET", "/payment")); // the empty check, 3 pages by hand, 3 by ListAllAsync
    }

    [Fact]
    public async Task A_walk_over_all_pages_takes_a_timeout_for_each_page_and_refuses_a_request_id()
    {
        await using var bank = await Bank.OpenAsync();
        var account = await bank.PrimaryAccountAsync();
        for (var i = 0; i < 3; i++)
        {
            await bank.Client.MonetaryAccount(account).Payments.CreateAsync(new PaymentRequest { Amount = Amount.Of(1m, "EUR"), CounterpartyAlias = Someone(), Description = "page " + i });
        }

        var timed = new List<long>();
        await foreach (var payment in bank.Client.MonetaryAccount(account).Payments.ListAllAsync(pageSize: 2, callOptions: new BunqCallOptions { Timeout = TimeSpan.FromSeconds(30) }))
        {
            timed.Add(payment.Id!.Value);
        }
        Assert.Equal(3, timed.Count);

        var before = bank.Wire.Count("GET", "/payment");
        var withId = bank.Client.MonetaryAccount(account).Payments.ListAllAsync(pageSize: 2, callOptions: new BunqCallOptions { RequestId = BunqCallOptions.NewRequestId() });
        var refused = await Assert.ThrowsAsync<ArgumentException>(async () => { await foreach (var _ in withId) { } });
        Assert.Contains("one request per page", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, bank.Wire.Count("GET", "/payment")); // refused before anything was sent
    }

    [Fact]
    public async Task An_unsigned_payment_is_refused_with_466_and_a_wrongly_signed_one_with_401_and_no_money_moves()
    {
        await using var bank = await Bank.OpenAsync();
        var account = await bank.PrimaryAccountAsync();
        var payment = new PaymentRequest { Amount = Amount.Of(5m, "EUR"), CounterpartyAlias = Someone(), Description = "tampered" };

        bank.Wire.RewriteRequest = request =>
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/payment", StringComparison.Ordinal))
            {
                request.Headers.Remove("X-Bunq-Client-Signature");
            }
        };
        var missing = await Assert.ThrowsAsync<BunqSignatureRequiredException>(() => bank.Client.MonetaryAccount(account).Payments.CreateAsync(payment));
        Assert.Equal(466, missing.StatusCode);
        Assert.NotNull(missing.ResponseId);

        bank.Wire.RewriteRequest = request =>
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/payment", StringComparison.Ordinal))
            {
                request.Headers.Remove("X-Bunq-Client-Signature");
                request.Headers.TryAddWithoutValidation("X-Bunq-Client-Signature", Convert.ToBase64String(new byte[256]));
            }
        };
        var wrong = await Assert.ThrowsAsync<BunqUnauthorizedException>(() => bank.Client.MonetaryAccount(account).Payments.CreateAsync(payment));
        Assert.Equal(401, wrong.StatusCode);

        bank.Wire.RewriteRequest = null;
        Assert.Empty((await bank.Client.MonetaryAccount(account).Payments.ListAsync()).Items);
    }

    [Fact]
    public async Task A_tampered_server_signature_or_body_makes_the_client_throw_and_return_nothing()
    {
        await using var bank = await Bank.OpenAsync();
        bank.Wire.RewriteResponse = response =>
        {
            response.Headers.Remove("X-Bunq-Server-Signature");
            response.Headers.TryAddWithoutValidation("X-Bunq-Server-Signature", Convert.ToBase64String(new byte[256]));
            return Task.CompletedTask;
        };
        await Assert.ThrowsAsync<BunqSignatureException>(() => bank.Client.Users.GetAsync(bank.UserId));

        bank.Wire.RewriteResponse = async response =>
        {
            var body = await response.Content.ReadAsStringAsync();
            var headers = response.Content.Headers.ToList();
            response.Content = new StringContent(body.Replace("\"id\":", "\"id\": "), Encoding.UTF8);
            foreach (var header in headers.Where(h => h.Key != "Content-Length")) response.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        };
        await Assert.ThrowsAsync<BunqSignatureException>(() => bank.Client.Users.GetAsync(bank.UserId));

        bank.Wire.RewriteResponse = null;
        Assert.IsType<User.Person>((await bank.Client.Users.GetAsync(bank.UserId)).Value);
    }

    [Fact]
    public async Task Bursts_past_bunqs_limit_get_429_and_succeed_after_backoff()
    {
        // Six callers on a budget of three per 3 s, each backing off with jitter: the default three retries leave a
        // caller that meets a full window three times (seen on a loaded 2-core machine) with the 429. Six retries span
        // more than two windows whatever the jitter, so every call must get through.
        await using var bank = await Bank.OpenAsync(emulatorLimits: true, clientLimits: false, maxRetries: 6);
        await Task.Delay(TimeSpan.FromSeconds(3.1)); // the context's own calls must not count against the burst

        var calls = Enumerable.Range(0, 6).Select(_ => bank.Client.Users.GetAsync(bank.UserId)).ToList();
        var users = await Task.WhenAll(calls);

        Assert.All(users, u => Assert.IsType<User.Person>(u.Value));
        Assert.True(bank.Wire.Count("GET", $"/user/{bank.UserId}", HttpStatusCode.TooManyRequests) > 0, "the emulator never answered 429");
        Assert.Equal(6, bank.Wire.Count("GET", $"/user/{bank.UserId}", HttpStatusCode.OK));
    }

    [Fact]
    public async Task The_runtimes_own_limiter_keeps_a_burst_clear_of_429()
    {
        await using var bank = await Bank.OpenAsync(emulatorLimits: true, clientLimits: true);
        var users = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => bank.Client.Users.GetAsync(bank.UserId)));
        Assert.All(users, u => Assert.IsType<User.Person>(u.Value));
        Assert.Equal(0, bank.Wire.Count("GET", $"/user/{bank.UserId}", HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task An_expired_session_is_recreated_once_for_many_concurrent_callers()
    {
        await using var bank = await Bank.OpenAsync();
        var sessions = bank.Wire.Count("POST", "/session-server");
        bank.Emulator.ExpireSessions();

        var users = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => bank.Client.Users.GetAsync(bank.UserId)));

        Assert.All(users, u => Assert.IsType<User.Person>(u.Value));
        Assert.Equal(sessions + 1, bank.Wire.Count("POST", "/session-server"));
        Assert.True(bank.Wire.Count("GET", $"/user/{bank.UserId}", HttpStatusCode.Unauthorized) > 0, "the session never expired");
    }

    [Fact]
    public async Task An_attachment_uploads_as_raw_bytes_and_downloads_the_same_bytes()
    {
        await using var bank = await Bank.OpenAsync();
        var bytes = new byte[3000];
        new Random(42).NextBytes(bytes);

        var uuid = await bank.Client.AttachmentPublics.CreateAsync(bytes, "image/png", "a logo");
        var download = (await bank.Client.AttachmentPublics.DownloadContentAsync(uuid)).Value;

        Assert.Equal(bytes, download.Content.ToArray());
        Assert.Equal("image/png", download.ContentType);
    }

    [Fact]
    public async Task A_payment_callback_is_delivered_and_parsed_into_typed_objects()
    {
        await using var bank = await Bank.OpenAsync();
        var account = await bank.PrimaryAccountAsync();
        using var receiver = new CallbackReceiver();

        var filters = await bank.Client.NotificationFilterUrls.CreateAsync(new NotificationFilterUrl
        {
            NotificationFilters = new List<NotificationFilter> { new() { Category = "PAYMENT", NotificationTarget = receiver.Url } },
        });
        Assert.Contains(filters.Items, f => f.Category == "PAYMENT" && f.NotificationTarget == receiver.Url);

        var paymentId = await bank.Client.MonetaryAccount(account).Payments.CreateAsync(new PaymentRequest
        {
            Amount = Amount.Of(1.25m, "EUR"),
            CounterpartyAlias = Someone(),
            Description = "with a callback",
        });

        var body = await receiver.Next.WaitAsync(TimeSpan.FromSeconds(30));
        var callback = BunqCallback.Parse(body);
        Assert.Equal("PAYMENT", callback.Category);
        Assert.Equal("Payment", callback.ObjectType);
        var payment = callback.ReadObject<Payment>();
        Assert.Equal(paymentId, payment.Id);
        Assert.Equal(-1.25m, payment.Amount!.Decimal);
        Assert.Equal("with a callback", payment.Description);
    }

    /// <summary>A webhook endpoint on 127.0.0.1, as a user's app would run one.</summary>
    private sealed class CallbackReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly TaskCompletionSource<byte[]> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CallbackReceiver()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/bunq/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(ReceiveAsync);
        }

        public string Url { get; }

        public Task<byte[]> Next => _first.Task;

        private async Task ReceiveAsync()
        {
            try
            {
                var context = await _listener.GetContextAsync();
                using var buffer = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(buffer);
                context.Response.StatusCode = 200;
                context.Response.Close();
                _first.TrySetResult(buffer.ToArray());
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                _first.TrySetException(ex);
            }
        }

        public void Dispose() => _listener.Close();
    }
}
