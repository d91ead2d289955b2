using System.Collections.Concurrent;
using System.Net;
using Bunq.Emulator;
using Bunq.Runtime;
using EndToEnd.Bunq;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// One emulator, one sandbox user with an API context, and the generated client over a real HttpClient whose
/// handler can watch or tamper with the traffic.
/// </summary>
internal sealed class Bank : IAsyncDisposable
{
    private Bank(BunqEmulator emulator, BunqApiContext context, Wire wire, HttpClient http, BunqApiClient api, BunqClientOptions options)
    {
        Emulator = emulator;
        Context = context;
        Wire = wire;
        Http = http;
        Api = api;
        Options = options;
        Client = new BunqClient(api);
    }

    public BunqEmulator Emulator { get; }
    public BunqApiContext Context { get; }
    public Wire Wire { get; }
    public HttpClient Http { get; }
    public BunqApiClient Api { get; }
    public BunqClientOptions Options { get; }
    public BunqClient Client { get; }
    public long UserId => Context.UserId;

    /// <param name="emulatorLimits">bunq's rate limits at the emulator.</param>
    /// <param name="clientLimits">The runtime's own limiter; off to let 429s reach the retry logic.</param>
    /// <param name="drift">The emulator sends drifted answers; <paramref name="onDrift"/> sees the client's report.</param>
    /// <param name="maxRetries"><see cref="BunqClientOptions.MaxRetries"/>; null keeps the runtime's default.</param>
    public static async Task<Bank> OpenAsync(bool emulatorLimits = false, bool clientLimits = false, IBunqContextStore? store = null,
        bool drift = false, Action<Bunq.Runtime.Json.BunqDriftEvent>? onDrift = null, int? maxRetries = null)
    {
        var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = emulatorLimits, Drift = drift });
        var wire = new Wire();
        var http = new HttpClient(wire);
        var options = new BunqClientOptions
        {
            RateLimits = { Enabled = clientLimits },
            ContextStore = store,
            OnWireDrift = onDrift,
        };
        if (maxRetries is { } retries) options.MaxRetries = retries;
        var apiKey = emulator.CreateSandboxUser();
        var context = await BunqApiContext.CreateAsync(new BunqContextOptions
        {
            ApiKey = apiKey,
            Environment = BunqEnvironment.Custom(emulator.BaseUrl),
            Description = "end-to-end",
            HttpClient = http,
            ClientOptions = options,
        });
        return new Bank(emulator, context, wire, http, new BunqApiClient(context, http, options), options);
    }

    public async Task<long> PrimaryAccountAsync()
    {
        var accounts = await Client.MonetaryAccounts.ListAsync();
        return accounts.Items.OfType<MonetaryAccount.Bank>().Select(b => b.Value.Id).First() ?? throw new InvalidOperationException("no bank account");
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Context.Dispose();
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}

/// <summary>The client's side of the wire: records every exchange and lets a test rewrite requests or answers.</summary>
internal sealed class Wire : DelegatingHandler
{
    public Wire() : base(new SocketsHttpHandler()) { }

    public ConcurrentQueue<(string Method, string Path, HttpStatusCode Status, string? RequestId)> Exchanges { get; } = new();

    public Action<HttpRequestMessage>? RewriteRequest { get; set; }

    public Func<HttpResponseMessage, Task>? RewriteResponse { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RewriteRequest?.Invoke(request);
        var response = await base.SendAsync(request, cancellationToken);
        var requestId = request.Headers.TryGetValues("X-Bunq-Client-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
        Exchanges.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath, response.StatusCode, requestId));
        if (RewriteResponse is not null) await RewriteResponse(response);
        return response;
    }

    public int Count(string method, string pathSuffix, HttpStatusCode? status = null)
        => Exchanges.Count(e => e.Method == method && e.Path.EndsWith(pathSuffix, StringComparison.Ordinal) && (status is null || e.Status == status));
}
