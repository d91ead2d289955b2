using System.Net;
using System.Text;
using Bunq.Runtime;
using Bunq.Runtime.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Bunq.AspNetCore.Tests;

/// <summary>The callback kit under a real Kestrel host, with the emulator posting bunq's callbacks over HTTP.</summary>
public sealed class CallbackKitTests
{
    private static byte[] Forged(string amount = "1000000.00", long id = 999_999, long account = 1) => Encoding.UTF8.GetBytes(
        "{\"NotificationUrl\":{\"target_url\":\"x\",\"category\":\"PAYMENT\",\"event_type\":\"PAYMENT_RECEIVED\",\"object\":{\"Payment\":{\"id\":" + id + ",\"monetary_account_id\":" + account
        + ",\"amount\":{\"value\":\"" + amount + "\",\"currency\":\"EUR\"},\"description\":\"forged\"}}}}");

    [Fact]
    public async Task A_payment_callback_from_the_emulator_is_verified_confirmed_and_dispatched_once_and_its_resend_dropped()
    {
        await using var host = await CallbackHost.StartAsync(deliveries: 2);
        var user = await host.Accessor.GetUserIdAsync();
        await host.Api.EnsureCallbacksAsync(user, host.CallbackUrl, new[] { "PAYMENT", "MUTATION" });

        var paymentId = await host.PayAsync("7.00", "callback me");

        // PAYMENT_CREATED and MUTATION_CREATED, each posted twice by the emulator (bunq's resend).
        await CallbackHost.WaitUntilAsync(() => host.Stats.Dispatched == 2 && host.Stats.DuplicatesDropped == 2, "two dispatched, two resends dropped");
        Assert.Equal(4, host.Stats.Received);
        Assert.Equal(2, host.Payments.Count);
        Assert.All(host.Payments, p =>
        {
            Assert.True(p.Event.Confirmed);
            Assert.Equal(paymentId, p.Payment.Id);
            Assert.Equal("-7.00", p.Payment.Amount!.Value);
            Assert.Equal("callback me", p.Payment.Description);
        });
        Assert.Equal(new[] { "MUTATION", "PAYMENT" }, host.Payments.Select(p => p.Event.Callback.Category!).Order().ToArray());
        Assert.Equal(0, host.Stats.ForgedRefused);
        Assert.Equal(0, host.Stats.Refused(BunqCallbackRefusal.Unconfirmed));
    }

    [Fact]
    public async Task Forged_unsigned_and_foreign_key_callbacks_are_refused_with_an_empty_401_and_reach_no_handler()
    {
        await using var host = await CallbackHost.StartAsync();
        await host.Accessor.GetUserIdAsync();
        var body = Forged();

        using var unsigned = await host.PostAsync(body, signature: null);
        using var garbage = await host.PostAsync(body, "bm90IGEgc2lnbmF0dXJl");
        using var foreignKey = BunqSigner.CreateKey();
        using var foreign = await host.PostAsync(body, BunqSigner.Sign(foreignKey, body));
        // A genuine signature of another body: a signature cannot be moved.
        using var moved = await host.PostAsync(body, CallbackHost.SignAsBunq(Forged("1.00")));

        foreach (var answer in new[] { unsigned, garbage, foreign, moved })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Empty(await answer.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(1, host.Stats.Refused(BunqCallbackRefusal.MissingSignature));
        Assert.Equal(3, host.Stats.Refused(BunqCallbackRefusal.BadSignature));
        await Task.Delay(200);
        Assert.Empty(host.Payments);
        Assert.Empty(host.Unknown);
        Assert.Equal(0, host.Stats.Accepted);
    }

    [Fact]
    public async Task An_unsigned_callback_allowed_in_is_still_not_dispatched_when_bunq_does_not_confirm_the_object()
    {
        await using var host = await CallbackHost.StartAsync(o => o.RequireSignature = false);
        var account = await host.Accessor.GetPrimaryMonetaryAccountIdAsync();

        using var answer = await host.PostAsync(Forged(account: account), signature: null);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await CallbackHost.WaitUntilAsync(() => host.Stats.Refused(BunqCallbackRefusal.Unconfirmed) == 1, "the forged payment is found unconfirmed");
        Assert.Empty(host.Payments);
        Assert.Equal(0, host.Stats.Dispatched);
    }

    [Fact]
    public async Task A_signed_replay_of_a_real_callback_with_a_changed_amount_is_refused_and_the_original_replayed_later_is_dropped()
    {
        await using var host = await CallbackHost.StartAsync();
        var user = await host.Accessor.GetUserIdAsync();
        var account = await host.Accessor.GetPrimaryMonetaryAccountIdAsync();
        var paymentId = await host.PayAsync("3.00", "real");

        // Signed with bunq's key but the amount does not match what bunq holds for this id.
        var tampered = Forged("-300.00", paymentId, account);
        using (var answer = await host.PostAsync(tampered, CallbackHost.SignAsBunq(tampered))) Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await CallbackHost.WaitUntilAsync(() => host.Stats.Refused(BunqCallbackRefusal.Unconfirmed) == 1, "the tampered amount is found unconfirmed");

        var genuine = Forged("-3.00", paymentId, account);
        using (var first = await host.PostAsync(genuine, CallbackHost.SignAsBunq(genuine))) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var replay = await host.PostAsync(genuine, CallbackHost.SignAsBunq(genuine))) Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        await CallbackHost.WaitUntilAsync(() => host.Stats.Dispatched == 1, "the genuine one dispatched");
        Assert.Equal(1, host.Stats.DuplicatesDropped);
        var (e, payment) = Assert.Single(host.Payments);
        Assert.Equal("-3.00", payment.Amount!.Value);
        Assert.True(e.Confirmed);
        Assert.Equal(user, await host.Accessor.GetUserIdAsync());
    }

    [Fact]
    public async Task With_the_source_checked_the_emulators_loopback_callbacks_are_refused_403()
    {
        await using var host = await CallbackHost.StartAsync(o => o.SourceCheck = BunqCallbackSourceCheck.Always);
        var user = await host.Accessor.GetUserIdAsync();
        await host.Api.EnsureCallbacksAsync(user, host.CallbackUrl, new[] { "PAYMENT" });

        await host.PayAsync("1.00", "from the wrong place");

        await CallbackHost.WaitUntilAsync(() => host.Stats.Refused(BunqCallbackRefusal.WrongSource) == 1, "the loopback callback refused");
        var body = Forged();
        using var answer = await host.PostAsync(body, CallbackHost.SignAsBunq(body));
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Empty(host.Payments);
        Assert.Equal(0, host.Stats.Accepted);
    }

    [Fact]
    public async Task Behind_a_known_proxy_the_forwarded_address_decides_and_a_forwarded_header_from_anyone_else_is_ignored()
    {
        await using var proxied = await CallbackHost.StartAsync(o => o.SourceCheck = BunqCallbackSourceCheck.Always, pipeline: app =>
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor };
            forwarded.KnownProxies.Add(IPAddress.Loopback);
            app.UseForwardedHeaders(forwarded);
        });
        await proxied.Accessor.GetUserIdAsync();
        var body = Encoding.UTF8.GetBytes("""{"NotificationUrl":{"category":"CHAT","event_type":"CHAT_RECEIVED","object":{"ChatMessage":{"id":1}}}}""");
        var signature = CallbackHost.SignAsBunq(body);

        using var fromBunq = await proxied.PostAsync(body, signature, r => r.Headers.Add("X-Forwarded-For", "185.40.108.7"));
        using var fromElsewhere = await proxied.PostAsync(body, signature, r => r.Headers.Add("X-Forwarded-For", "203.0.113.9"));

        Assert.Equal(HttpStatusCode.OK, fromBunq.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fromElsewhere.StatusCode);
        await CallbackHost.WaitUntilAsync(() => proxied.Unknown.Count == 1, "the CHAT callback reaches OnUnknown");

        await using var direct = await CallbackHost.StartAsync(o => o.SourceCheck = BunqCallbackSourceCheck.Always);
        await direct.Accessor.GetUserIdAsync();
        using var spoofed = await direct.PostAsync(body, CallbackHost.SignAsBunq(body), r => r.Headers.Add("X-Forwarded-For", "185.40.108.7"));
        Assert.Equal(HttpStatusCode.Forbidden, spoofed.StatusCode);
    }

    [Fact]
    public async Task Oversized_and_malformed_callbacks_are_refused_413_and_400()
    {
        await using var host = await CallbackHost.StartAsync(o => o.MaxBodyBytes = 4096);
        await host.Accessor.GetUserIdAsync();
        var big = Encoding.UTF8.GetBytes("{\"NotificationUrl\":{\"category\":\"PAYMENT\",\"x\":\"" + new string('a', 5000) + "\"}}");

        using var declared = await host.PostAsync(big, CallbackHost.SignAsBunq(big));
        using var chunked = await host.PostAsync(big, CallbackHost.SignAsBunq(big), r => r.Headers.TransferEncodingChunked = true);
        var notBunq = Encoding.UTF8.GetBytes("""{"Something":"else"}""");
        using var malformed = await host.PostAsync(notBunq, CallbackHost.SignAsBunq(notBunq));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.True(chunked.RequestMessage!.Headers.TransferEncodingChunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(2, host.Stats.Refused(BunqCallbackRefusal.Oversized));
        Assert.Equal(1, host.Stats.Refused(BunqCallbackRefusal.Malformed));
        Assert.Equal(0, host.Stats.Accepted);
    }

    [Fact]
    public async Task A_slow_handler_does_not_hold_up_bunqs_answer_and_a_full_queue_answers_503_without_remembering_the_callback()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await CallbackHost.StartAsync(o =>
        {
            o.QueueCapacity = 1;
            o.OnCategory("CHAT", (_, ct) => gate.Task.WaitAsync(ct));
        });
        await host.Accessor.GetUserIdAsync();
        byte[] Chat(int id) => Encoding.UTF8.GetBytes("{\"NotificationUrl\":{\"category\":\"CHAT\",\"event_type\":\"CHAT_RECEIVED\",\"object\":{\"ChatMessage\":{\"id\":" + id + "}}}}");

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var first = await host.PostAsync(Chat(1), CallbackHost.SignAsBunq(Chat(1)));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await CallbackHost.WaitUntilAsync(() => host.Stats.Accepted == 1, "the first is taken");
        await Task.Delay(100); // the worker takes the first and blocks in the handler
        using var second = await host.PostAsync(Chat(2), CallbackHost.SignAsBunq(Chat(2)));
        using var third = await host.PostAsync(Chat(3), CallbackHost.SignAsBunq(Chat(3)));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"answers took {started.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.Equal(1, host.Stats.QueueFull);

        gate.SetResult();
        await CallbackHost.WaitUntilAsync(() => host.Stats.Dispatched == 2, "both queued ones dispatched");
        // bunq's retry of the refused one is taken, not dropped as a duplicate.
        using var retried = await host.PostAsync(Chat(3), CallbackHost.SignAsBunq(Chat(3)));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await CallbackHost.WaitUntilAsync(() => host.Stats.Dispatched == 3, "the retried one dispatched");
        Assert.Equal(0, host.Stats.DuplicatesDropped);
    }

    [Fact]
    public async Task The_resend_memory_is_bounded_and_forgets_the_oldest_first()
    {
        await using var host = await CallbackHost.StartAsync(o => o.DuplicateCapacity = 4);
        await host.Accessor.GetUserIdAsync();
        byte[] Chat(int id) => Encoding.UTF8.GetBytes("{\"NotificationUrl\":{\"category\":\"CHAT\",\"event_type\":\"CHAT_RECEIVED\",\"object\":{\"ChatMessage\":{\"id\":" + id + "}}}}");

        for (var id = 1; id <= 6; id++)
        {
            using var answer = await host.PostAsync(Chat(id), CallbackHost.SignAsBunq(Chat(id)));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        using (var latest = await host.PostAsync(Chat(6), CallbackHost.SignAsBunq(Chat(6)))) Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        using (var oldest = await host.PostAsync(Chat(1), CallbackHost.SignAsBunq(Chat(1)))) Assert.Equal(HttpStatusCode.OK, oldest.StatusCode);

        Assert.Equal(1, host.Stats.DuplicatesDropped);   // 6 was still remembered
        Assert.Equal(7, host.Stats.Accepted);            // 1 had been forgotten, so it counts as new
    }
}
