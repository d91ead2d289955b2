using System.Diagnostics;
using Bunq.Emulator;
using Bunq.Runtime;
using FleetTests.Bunq;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Bunq.Fleet.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Every_call_is_a_span_named_by_its_template_with_ids_as_tags_and_the_meter_counts()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(BunqTelemetry.Name).AddInMemoryExporter(spans).Build();
        using var metering = Sdk.CreateMeterProviderBuilder().AddMeter(BunqTelemetry.Name).AddInMemoryExporter(metrics).Build();

        await using var emulator = await Emulators.StartAsync();
        var options = new BunqClientOptions { RateLimits = Emulators.Limits() };
        using var context = await BunqApiContext.CreateAsync(new BunqContextOptions
        {
            ApiKey = emulator.CreateSandboxUser(),
            Environment = BunqEnvironment.Custom(emulator.BaseUrl),
            ClientOptions = options,
        });
        using var api = new BunqApiClient(context, options: options);
        var accounts = await new BunqClient(api).MonetaryAccounts.ListAsync();
        var accountId = accounts.Items.OfType<MonetaryAccount.Bank>().First().Value.Id!.Value;
        var requestId = BunqCallOptions.NewRequestId();
        await new BunqClient(api).MonetaryAccount(accountId).Payments.ListAsync(callOptions: new BunqCallOptions { RequestId = requestId });
        await Assert.ThrowsAsync<BunqNotFoundException>(() => new BunqClient(api).MonetaryAccount(accountId).Payments.GetAsync(987654));
        tracing.ForceFlush();
        metering.ForceFlush();

        var names = spans.Select(s => s.DisplayName).ToArray();
        Assert.Contains("POST installation", names);
        Assert.Contains("POST session-server", names);
        Assert.Contains("GET user/{id}/monetary-account", names);
        // No id, user or account number in any span name.
        Assert.All(names, n => Assert.DoesNotMatch("[0-9]", n));
        var listing = spans.Single(s => s.DisplayName == "GET user/{id}/monetary-account/{id}/payment");
        Assert.Equal(ActivityKind.Client, listing.Kind);
        Assert.Equal(requestId, listing.GetTagItem("bunq.request_id"));
        Assert.False(string.IsNullOrEmpty(listing.GetTagItem("bunq.response_id") as string));
        Assert.Equal(200, listing.GetTagItem("http.response.status_code"));
        Assert.Equal("GET", listing.GetTagItem("http.request.method"));
        Assert.Equal(0, listing.GetTagItem("bunq.retries"));
        Assert.NotNull(listing.GetTagItem("bunq.limiter.wait_ms"));
        Assert.False(string.IsNullOrEmpty(listing.GetTagItem("bunq.operation") as string));
        var missing = spans.Single(s => s.DisplayName == "GET user/{id}/monetary-account/{id}/payment/{id}");
        Assert.Equal(ActivityStatusCode.Error, missing.Status);
        Assert.Equal(404, missing.GetTagItem("http.response.status_code"));
        Assert.Equal(nameof(BunqNotFoundException), missing.GetTagItem("error.type"));
        // Secrets appear in no tag.
        Assert.All(spans.SelectMany(s => s.TagObjects), tag => Assert.DoesNotContain("BEGIN", tag.Value?.ToString() ?? ""));

        var byName = metrics.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
        Assert.Equal(spans.Count, HistogramCount(byName["bunq.client.request.duration"]));
        Assert.True(HistogramCount(byName["bunq.client.limiter.wait"]) >= spans.Count);
        Assert.Equal(1, Sum(byName["bunq.client.session.renewals"]));
    }

    [Fact]
    public async Task A_429_bunq_sends_is_counted_and_tagged_as_a_retry()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(BunqTelemetry.Name).AddInMemoryExporter(spans).Build();
        using var counts = new MeterCounts();
        await using var emulator = await Emulators.StartAsync();
        // This client does not limit itself: bunq (the emulator) does, per IP across both connections.
        var careless = new BunqClientOptions { RateLimits = new BunqRateLimitOptions { Enabled = false }, RetryBaseDelay = TimeSpan.FromSeconds(1), MaxRetries = 5 };
        using var context = await BunqApiContext.CreateAsync(new BunqContextOptions
        {
            ApiKey = emulator.CreateSandboxUser(),
            Environment = BunqEnvironment.Custom(emulator.BaseUrl),
            ClientOptions = new BunqClientOptions { RateLimits = Emulators.Limits() },
        });
        using var one = new BunqApiClient(context, new HttpClient(careless.CreateHttpHandler()), careless);
        using var other = new BunqApiClient(context, new HttpClient(careless.CreateHttpHandler()), careless);
        for (var i = 0; i < 4; i++) await new BunqClient(i % 2 == 0 ? one : other).MonetaryAccounts.ListAsync();
        tracing.ForceFlush();
        Assert.True(counts["bunq.client.throttled"] >= 1, "the emulator's per-IP limit did not apply across two connections");
        Assert.Contains(spans, s => s.DisplayName == "GET user/{id}/monetary-account" && (int)s.GetTagItem("bunq.retries")! >= 1);
    }

    [Fact]
    public async Task The_health_check_reports_the_session_and_the_last_failure()
    {
        await using var emulator = await Emulators.StartAsync();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new BunqClientOptions { RateLimits = Emulators.Limits() };
        using var context = await BunqApiContext.CreateAsync(new BunqContextOptions
        {
            ApiKey = emulator.CreateSandboxUser(),
            Environment = BunqEnvironment.Custom(emulator.BaseUrl),
            ClientOptions = options,
        });
        using var api = new BunqApiClient(context, options: options);
        var check = new BunqHealthCheck(api, time);
        var registration = new HealthCheckContext { Registration = new HealthCheckRegistration("bunq", check, HealthStatus.Degraded, null) };
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(registration)).Status);

        await new BunqClient(api).MonetaryAccounts.ListAsync();
        var healthy = await check.CheckHealthAsync(registration);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.True(healthy.Data.ContainsKey("sessionExpiresAt"));

        await Assert.ThrowsAsync<BunqNotFoundException>(() => new BunqClient(api).MonetaryAccount(1).Payments.GetAsync(987654));
        var degraded = await check.CheckHealthAsync(registration);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(nameof(BunqNotFoundException), degraded.Data["lastFailure"]);
        Assert.Equal(404, degraded.Data["lastFailureStatus"]);

        time.Advance(context.SessionTimeout!.Value + TimeSpan.FromMinutes(1));
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(registration)).Status);
    }

    private static long HistogramCount(Metric metric)
    {
        long count = 0;
        foreach (ref readonly var point in metric.GetMetricPoints()) count += point.GetHistogramCount();
        return count;
    }

    private static long Sum(Metric metric)
    {
        long sum = 0;
        foreach (ref readonly var point in metric.GetMetricPoints()) sum += point.GetSumLong();
        return sum;
    }
}
