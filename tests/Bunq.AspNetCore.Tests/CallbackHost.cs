using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Bunq.AspNetCore;
using Bunq.Emulator;
using Bunq.Runtime;
using Bunq.Runtime.Security;
using KitTests.Bunq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunq.AspNetCore.Tests;

/// <summary>
/// An emulator with a fixed server key (so tests can sign callbacks as bunq would) and a real Kestrel app on 127.0.0.1
/// with AddBunq + AddBunqCallbacks + MapBunqCallbacks, whose handlers record what they got.
/// </summary>
internal sealed class CallbackHost : IAsyncDisposable
{
    public const string CallbackPath = "/bunq/callbacks";

    private static readonly Lazy<string> ServerKeyPem = new(() =>
    {
        using var key = BunqSigner.CreateKey();
        return BunqSigner.ExportPrivateKeyPem(key);
    });

    private readonly string _folder;

    private CallbackHost(BunqEmulator emulator, WebApplication app, string callbackUrl, string folder)
    {
        Emulator = emulator;
        App = app;
        CallbackUrl = callbackUrl;
        _folder = folder;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public BunqEmulator Emulator { get; }
    public WebApplication App { get; }
    public string CallbackUrl { get; }
    public HttpClient Http { get; }
    public ConcurrentQueue<(BunqCallbackEvent Event, Payment Payment)> Payments { get; } = new();
    public ConcurrentQueue<BunqCallbackEvent> Unknown { get; } = new();
    public IBunqApiClient Api => App.Services.GetRequiredService<IBunqApiClient>();
    public IBunqContextAccessor Accessor => App.Services.GetRequiredService<IBunqContextAccessor>();
    public BunqCallbackStats Stats => App.Services.GetRequiredService<BunqCallbackStats>();
    public BunqClient Client => App.Services.GetRequiredService<BunqClient>();

    public static async Task<CallbackHost> StartAsync(Action<BunqCallbackOptions>? configure = null, int deliveries = 1, Action<WebApplication>? pipeline = null)
    {
        var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions
        {
            RateLimits = false,
            ServerPrivateKeyPem = ServerKeyPem.Value,
            CallbackDeliveries = deliveries,
        });
        var folder = Directory.CreateTempSubdirectory("bunq-kit-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bunq:ApiKey"] = emulator.CreateSandboxUser(),
            ["Bunq:Environment"] = emulator.BaseUrl,
            ["Bunq:ContextFile"] = Path.Combine(folder, "bunq-context.json"),
            ["Bunq:Description"] = "kit tests",
        });
        CallbackHost? host = null;
        builder.Services.AddBunq(builder.Configuration.GetSection("Bunq"), o => o.Client.RateLimits.Enabled = false);
        builder.Services.AddBunqClient<BunqClient>();
        builder.Services.AddBunqCallbacks(o =>
        {
            o.RequireSignature = true;
            o.OnPayment<Payment>((e, payment, _) =>
            {
                host!.Payments.Enqueue((e, payment));
                return Task.CompletedTask;
            });
            o.OnUnknown((e, _) =>
            {
                host!.Unknown.Enqueue(e);
                return Task.CompletedTask;
            });
            configure?.Invoke(o);
        });
        var app = builder.Build();
        pipeline?.Invoke(app);
        app.MapBunqCallbacks(CallbackPath);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        host = new CallbackHost(emulator, app, $"http://127.0.0.1:{address.Port}{CallbackPath}", folder);
        return host;
    }

    /// <summary>Signs like bunq does, with the emulator's (fixed) server key.</summary>
    public static string SignAsBunq(byte[] body)
    {
        using var key = BunqSigner.ImportPrivateKeyPem(ServerKeyPem.Value);
        return BunqSigner.Sign(key, body);
    }

    public async Task<HttpResponseMessage> PostAsync(byte[] body, string? signature, Action<HttpRequestMessage>? edit = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, CallbackUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (signature is not null) request.Headers.TryAddWithoutValidation("X-Bunq-Server-Signature", signature);
        edit?.Invoke(request);
        return await Http.SendAsync(request);
    }

    public async Task<long> PayAsync(string amount, string description)
    {
        var user = await Accessor.GetUserIdAsync();
        var account = await Accessor.GetPrimaryMonetaryAccountIdAsync();
        return await Client.MonetaryAccount(account).Payments.CreateAsync(new PaymentRequest
        {
            Amount = Runtime.Json.Amount.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "EUR"),
            CounterpartyAlias = new PointerRequest { Type = "EMAIL", Value = "bravo@bunq.example", Name = "Bravo" },
            Description = description,
        });
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("Timed out waiting until " + what);
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Emulator.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
