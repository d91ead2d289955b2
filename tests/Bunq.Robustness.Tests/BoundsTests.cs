using System.Diagnostics;
using System.Text;
using Bunq.Robustness.Tests.Support;
using Bunq.Runtime;
using Xunit.Abstractions;

namespace Bunq.Robustness.Tests;

/// <summary>What a hostile answer can cost: memory (size caps), time (timeouts), trust (verification off only on loopback), and the logs (control characters).</summary>
// The allocation bound reads a process-wide counter, so nothing else may run beside it.
[Collection(AllocationMeasuring.Name)]
public sealed class BoundsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_endless_unsigned_answer_is_cut_off_at_the_limit_without_buffering_it()
    {
        await using var bunq = await HostileBunq.StartAsync();
        bunq.Route = async (context, _) =>
        {
            // 256 MB announced by nothing (chunked): the client has to stop reading itself.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)' ');
            try
            {
                for (var i = 0; i < 4096 && !context.RequestAborted.IsCancellationRequested; i++)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
            }
        };
        var options = HostileBunq.Options();
        options.MaxJsonResponseBytes = 1024 * 1024;
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var ex = await Assert.ThrowsAsync<BunqResponseTooLargeException>(() => api.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"endless answer refused at the 1 MiB limit; allocated {allocated / (1024.0 * 1024):0.0} MiB while reading it");
        Assert.Equal(1024 * 1024, ex.Limit);
        Assert.Null(ex.ContentLength);
        Assert.NotNull(ex.RequestId);
        // The limit plus the buffers' growth, not the 256 MB on offer (the server's own writes count here too).
        Assert.True(allocated < 48L * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB");
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_reading_the_body()
    {
        await using var bunq = await HostileBunq.StartAsync();
        bunq.Route = async (context, _) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentLength = 1L << 30;
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
        };
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<BunqResponseTooLargeException>(() => api.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default));
        Assert.Equal(1L << 30, ex.ContentLength);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Binary_and_JSON_answers_have_separate_limits()
    {
        await using var bunq = await HostileBunq.StartAsync();
        var big = new string('x', 2 * 1024 * 1024);
        bunq.Route = (context, _) => HostileBunq.AnswerAsync(context, 200, "\"" + big + "\"");
        var options = HostileBunq.Options();
        options.MaxJsonResponseBytes = 1024 * 1024;
        options.MaxBinaryResponseBytes = 4 * 1024 * 1024;
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);

        var binary = await api.SendAsync(new BunqRequest(HttpMethod.Get, "user/42/attachment/1/content") { ExpectsBinary = true }, default);
        Assert.Equal(big.Length + 2, binary.Body.Length);
        var ex = await Assert.ThrowsAsync<BunqResponseTooLargeException>(() => api.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default));
        Assert.Equal(1024 * 1024, ex.Limit);
    }

    [Fact]
    public async Task A_silent_server_costs_the_attempt_timeout_per_attempt_not_100_seconds()
    {
        await using var bunq = await HostileBunq.StartAsync();
        bunq.Route = (context, _) => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        var options = HostileBunq.Options();
        options.AttemptTimeout = TimeSpan.FromMilliseconds(400);
        options.MaxRetries = 1;
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<BunqTransportException>(() => api.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default));
        Assert.True(ex.TimedOut);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(2, bunq.Server.Count("GET", "/user/42"));
    }

    [Theory]
    [InlineData("https://api.bunq.com/v1", false)]
    [InlineData("https://public-api.sandbox.bunq.com/v1", false)]
    [InlineData("https://bunq-proxy.internal/v1", false)]
    [InlineData("http://127.0.0.1:1/v1", true)]
    [InlineData("http://localhost:1/v1", true)]
    public async Task Switching_off_signature_checks_is_refused_unless_the_base_url_is_loopback(string baseUrl, bool allowed)
    {
        var counter = new Counting(new SocketsHttpHandler());
        using var http = new HttpClient(counter);
        var options = HostileBunq.Options();
        options.VerifyServerSignature = false;
        options.MaxRetries = 0;
        var create = BunqApiContext.CreateAsync(new BunqContextOptions
        {
            ApiKey = StubBunq.ApiKey,
            Environment = BunqEnvironment.Custom(baseUrl),
            HttpClient = http,
            ClientKey = StubBunq.ClientKey,
            ClientOptions = options,
        });
        if (allowed)
        {
            // Allowed, so it goes on the wire (port 1: nothing listens, refused).
            Assert.False((await Assert.ThrowsAsync<BunqTransportException>(() => create)).RequestSent);
        }
        else
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => create);
            Assert.Contains("VerifyServerSignature", ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, counter.Sent);
        }
    }

    [Fact]
    public async Task Control_characters_in_an_error_description_never_reach_the_message()
    {
        await using var bunq = await HostileBunq.StartAsync();
        const string Hostile = "\u001b[2J\u001b[31mpwned\r\nlevel=error forged line\u202e";
        bunq.Route = (context, _) => HostileBunq.AnswerAsync(context, 400, "{\"Error\":[{\"error_description\":" + System.Text.Json.JsonSerializer.Serialize(Hostile) + "}]}");
        var options = HostileBunq.Options();
        using var context = await bunq.CreateContextAsync(options);
        using var api = new BunqApiClient(context, options: options);

        var ex = await Assert.ThrowsAsync<BunqBadRequestException>(() => api.SendAsync(HostileBunq.Payment(), default));
        Assert.Contains("pwned", ex.Message, StringComparison.Ordinal);
        AssertClean(ex.Message);
    }

    [Fact]
    public async Task Control_characters_in_answer_headers_never_reach_the_log()
    {
        // Kestrel will not send such headers; a proxy or a raw socket would. The stub hands them over as they are.
        var stub = new StubBunq();
        using var context = await stub.CreateContextAsync();
        var log = new CapturingLogger();
        var options = StubBunq.Options();
        options.Logger = log;
        stub.Route = (_, _) => StubReply.Json("""{"Response":[{"Id":{"id":1}}]}""");
        using var http = new HttpClient(new AddHeaders(stub, ("X-Bunq-Warning", "negative balance \u001b[2J\u001b]0;title\u0007 ok\u202e"), ("X-Bunq-Client-Response-Id", "id\u001b[31m-1")));
        using var api = new BunqApiClient(context, http, options);

        var response = await api.SendAsync(new BunqRequest(HttpMethod.Get, "user/42"), default);
        Assert.DoesNotContain('\u001b', response.ResponseId!);
        var warning = Assert.Single(log.Lines, l => l.Contains("negative balance", StringComparison.Ordinal));
        AssertClean(warning);
    }

    private static void AssertClean(string text)
    {
        foreach (var c in new[] { '\u001b', '\u0007', '\r', '\n', '\u202e' }) Assert.DoesNotContain(c, text);
    }

    private sealed class AddHeaders(HttpMessageHandler inner, params (string Name, string Value)[] headers) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            foreach (var (name, value) in headers)
            {
                response.Headers.Remove(name);
                Assert.True(response.Headers.TryAddWithoutValidation(name, value));
            }
            return response;
        }
    }

    private sealed class Counting(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _sent;

        public int Sent => _sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Tests that measure the process's allocations run alone: a parallel test's garbage would count against them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasuring
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Allocation measuring";
}
