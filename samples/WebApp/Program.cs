// A bunq web app in one file. Modes:
//   dotnet run --project samples/WebApp -- --self-test          the whole loop against the in-process emulator; the last
//                                                               line is a JSON summary; exit code 0 only if all held
//   dotnet run --project samples/WebApp -- --urls http://127.0.0.1:5080
//                                                               serves against the in-process emulator; first line
//                                                               {"callbackUrl":"…"}
// With a "Bunq" section in the configuration (appsettings, user secrets, Bunq__ApiKey=…) it serves against that
// bunq instead; bunq calls only https:// callback URLs, so put the app behind TLS and set Bunq__CallbackUrl.
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Bunq.AspNetCore;
using Bunq.Emulator;
using Bunq.Runtime;
using Bunq.Runtime.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using WebApp.Bunq;

var selfTest = args.Contains("--self-test");
var urls = UrlsArgument(args) ?? (selfTest ? "http://127.0.0.1:0" : null);

var builder = WebApplication.CreateBuilder(args.Where(a => a != "--self-test").ToArray());
await using var emulator = builder.Configuration.GetSection("Bunq")["ApiKey"] is null
    ? await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false, CallbackDeliveries = selfTest ? 2 : 1 })
    : null;
if (emulator is not null)
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Bunq:ApiKey"] = emulator.CreateSandboxUser(),
        ["Bunq:Environment"] = emulator.BaseUrl,
        ["Bunq:ContextFile"] = Path.Combine(Path.GetTempPath(), $"bunq-webapp-{Environment.ProcessId}.json"),
        ["Bunq:Description"] = "samples/WebApp",
    });
}
if (urls is not null) builder.WebHost.UseUrls(urls);
// stdout carries the {"callbackUrl"} line first and (self-test) the summary last; logs go to stderr.
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
if (selfTest) builder.Logging.ClearProviders();

var seen = new ConcurrentQueue<(bool Confirmed, string Category, Payment Payment)>();
builder.Services.AddBunq(builder.Configuration.GetSection("Bunq"));
builder.Services.AddBunqClient<BunqClient>();
builder.Services.AddBunqCallbacks(callbacks =>
{
    callbacks.RequireSignature = true;
    callbacks.OnPayment<Payment>((e, payment, ct) =>
    {
        seen.Enqueue((e.Confirmed, e.Callback.Category ?? "", payment));
        return Task.CompletedTask;
    });
    callbacks.OnUnknown((e, ct) =>
    {
        e.Services.GetRequiredService<ILogger<Program>>().LogInformation("bunq callback {Category} {ObjectType} has no handler", e.Callback.Category, e.Callback.ObjectType);
        return Task.CompletedTask;
    });
});

var app = builder.Build();
app.MapBunqCallbacks("/bunq/callbacks");
app.MapGet("/accounts", async (BunqClient bunq, IBunqContextAccessor who, CancellationToken ct) =>
{
    var page = await bunq.MonetaryAccounts.ListAsync(cancellationToken: ct);
    return page.Items.OfType<MonetaryAccount.Bank>().Select(b => new { b.Value.Id, b.Value.Description, Balance = b.Value.Balance?.Value });
});
app.MapPost("/pay", async (decimal amount, string to, BunqClient bunq, IBunqContextAccessor who, CancellationToken ct) =>
{
    var id = await bunq.MonetaryAccount(await who.GetPrimaryMonetaryAccountIdAsync(ct)).Payments.CreateAsync(new PaymentRequest
    {
        Amount = Bunq.Runtime.Json.Amount.Of(amount, "EUR"),
        CounterpartyAlias = new PointerRequest { Type = PointerType.Email, Value = to, Name = to },
        Description = "samples/WebApp",
    }, cancellationToken: ct);
    return Results.Ok(new { id });
});
app.MapGet("/callbacks", (BunqCallbackStats stats) => Summary(stats, seen.Count));

await app.StartAsync();
var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
var callbackUrl = builder.Configuration["Bunq:CallbackUrl"] ?? $"http://127.0.0.1:{address.Port}/bunq/callbacks";
Console.WriteLine(new JsonObject { ["callbackUrl"] = callbackUrl }.ToJsonString());

var api = app.Services.GetRequiredService<IBunqApiClient>();
var accessor = app.Services.GetRequiredService<IBunqContextAccessor>();
// Against real bunq only a public https:// Bunq:CallbackUrl is worth registering; 127.0.0.1 reaches only the emulator.
if (emulator is not null || builder.Configuration["Bunq:CallbackUrl"] is not null)
{
    await api.EnsureCallbacksAsync(await accessor.GetUserIdAsync(), callbackUrl, new[] { "PAYMENT", "MUTATION" });
}
if (!selfTest)
{
    await app.WaitForShutdownAsync();
    return 0;
}
return await SelfTestAsync();

async Task<int> SelfTestAsync()
{
    var stats = app.Services.GetRequiredService<BunqCallbackStats>();
    var bunq = app.Services.GetRequiredService<BunqClient>();
    var failures = new List<string>();

    // Pay: bunq (the emulator) posts PAYMENT and MUTATION, each twice, as bunq resends a callback.
    var paymentId = await bunq.MonetaryAccount(await accessor.GetPrimaryMonetaryAccountIdAsync()).Payments.CreateAsync(new PaymentRequest
    {
        Amount = Bunq.Runtime.Json.Amount.Of(12.34m, "EUR"),
        CounterpartyAlias = new PointerRequest { Type = PointerType.Email, Value = "bravo@bunq.example", Name = "Bravo" },
        Description = "self-test",
    });

    // A forgery: bunq's shape, a million euros, no signature; and the same signed with a key that is not bunq's.
    var forged = Encoding.UTF8.GetBytes("{\"NotificationUrl\":{\"category\":\"PAYMENT\",\"event_type\":\"PAYMENT_RECEIVED\",\"object\":{\"Payment\":{\"id\":"
        + paymentId + ",\"monetary_account_id\":1,\"amount\":{\"value\":\"1000000.00\",\"currency\":\"EUR\"}}}}}");
    using var http = new HttpClient();
    using var foreignKey = BunqSigner.CreateKey();
    foreach (var signature in new[] { null, BunqSigner.Sign(foreignKey, forged) })
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, callbackUrl) { Content = new ByteArrayContent(forged) };
        if (signature is not null) request.Headers.Add("X-Bunq-Server-Signature", signature);
        using var answer = await http.SendAsync(request);
        if ((int)answer.StatusCode is < 400 or > 499) failures.Add($"a forged callback was answered {(int)answer.StatusCode}");
    }

    var until = DateTime.UtcNow.AddSeconds(30);
    while ((stats.Dispatched < 2 || stats.DuplicatesDropped < 2) && DateTime.UtcNow < until) await Task.Delay(50);

    if (stats.Dispatched != 2) failures.Add($"dispatched {stats.Dispatched} callbacks, expected 2 (PAYMENT and MUTATION)");
    if (stats.DuplicatesDropped < 2) failures.Add($"dropped {stats.DuplicatesDropped} resends, expected 2");
    if (stats.ForgedRefused != 2) failures.Add($"refused {stats.ForgedRefused} forged callbacks, expected 2");
    var payments = seen.ToArray();
    if (payments.Length != 2 || payments.Any(p => !p.Confirmed || p.Payment.Id != paymentId || p.Payment.Amount?.Value != "-12.34"))
    {
        failures.Add("the handler did not see the payment of -12.34 twice (PAYMENT, MUTATION), confirmed");
    }
    if (payments.Any(p => p.Payment.Amount?.Value == "1000000.00")) failures.Add("a forged payment reached the handler");

    foreach (var failure in failures) Console.Error.WriteLine("self-test: " + failure);
    var summary = Summary(stats, payments.Length);
    summary["ok"] = failures.Count == 0;
    Console.WriteLine(summary.ToJsonString());
    await app.StopAsync();
    File.Delete(builder.Configuration["Bunq:ContextFile"]!);
    return failures.Count == 0 ? 0 : 1;
}

static JsonObject Summary(BunqCallbackStats stats, int paymentsSeen) => new()
{
    ["callbacksReceived"] = stats.Received,
    ["dispatched"] = stats.Dispatched,
    ["duplicatesDropped"] = stats.DuplicatesDropped,
    ["forgedRefused"] = stats.ForgedRefused,
    ["unconfirmed"] = stats.Refused(BunqCallbackRefusal.Unconfirmed),
    ["paymentsSeen"] = paymentsSeen,
};

static string? UrlsArgument(string[] args)
{
    var i = Array.IndexOf(args, "--urls");
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
