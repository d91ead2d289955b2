using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// The emulator listens on 127.0.0.1 and nowhere else, whatever the environment or the folder it runs from says,
/// and its callbacks follow no redirect past the loopback check.
/// </summary>
[Collection(nameof(AmbientConfiguration))]
public sealed class ListenTests
{
    [Fact]
    public async Task Kestrel_endpoints_from_the_environment_are_ignored()
    {
        var port = FreePort();
        var names = new[] { "Kestrel__Endpoints__Leak__Url", "ASPNETCORE_URLS", "URLS", "ASPNETCORE_HTTP_PORTS" };
        var values = new[] { $"http://0.0.0.0:{port}", $"http://0.0.0.0:{port}", $"http://0.0.0.0:{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        try
        {
            for (var i = 0; i < names.Length; i++) Environment.SetEnvironmentVariable(names[i], values[i]);
            await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false });
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/v1$", emulator.BaseUrl);
            Assert.DoesNotContain($":{port}/", emulator.BaseUrl, StringComparison.Ordinal);
            Assert.False(Accepts(port), $"something listens on the port the environment named ({port})");
        }
        finally
        {
            foreach (var name in names) Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task An_appsettings_json_beside_the_binaries_is_ignored()
    {
        var port = FreePort();
        var file = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        Assert.False(File.Exists(file), "the test output folder already has an appsettings.json");
        await File.WriteAllTextAsync(file, new JsonObject
        {
            ["urls"] = $"http://0.0.0.0:{port}",
            ["Kestrel"] = new JsonObject { ["Endpoints"] = new JsonObject { ["Leak"] = new JsonObject { ["Url"] = $"http://0.0.0.0:{port}" } } },
        }.ToJsonString());
        try
        {
            await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false });
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/v1$", emulator.BaseUrl);
            Assert.False(Accepts(port), $"something listens on the port appsettings.json named ({port})");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_callback_target_that_redirects_is_not_followed()
    {
        await using var emulator = await BunqEmulator.StartAsync(new BunqEmulatorOptions { RateLimits = false });
        using var bunq = await RawBunq.ConnectAsync(emulator);
        using var elsewhere = new HttpListener();
        var elsewherePort = FreePort();
        elsewhere.Prefixes.Add($"http://127.0.0.1:{elsewherePort}/");
        elsewhere.Start();
        using var target = new HttpListener();
        var targetPort = FreePort();
        target.Prefixes.Add($"http://127.0.0.1:{targetPort}/");
        target.Start();
        var filterPath = $"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/notification-filter-url";
        RawBunq.Check(await bunq.PostAsync(filterPath, new JsonObject
        {
            ["notification_filters"] = new JsonArray(new JsonObject { ["category"] = "PAYMENT", ["notification_target"] = $"http://127.0.0.1:{targetPort}/cb" }),
        }));
        var received = target.GetContextAsync();
        var redirected = elsewhere.GetContextAsync();

        RawBunq.Check(await bunq.PostAsync($"user/{bunq.UserId}/monetary-account/{bunq.AccountId}/payment", ProtocolTests.Payment("1.00", "bravo@bunq.com", "redirect me")));
        var first = await received.WaitAsync(TimeSpan.FromSeconds(20));
        first.Response.StatusCode = 307;
        first.Response.RedirectLocation = $"http://127.0.0.1:{elsewherePort}/stolen";
        first.Response.Close();

        var finished = await Task.WhenAny(redirected, Task.Delay(TimeSpan.FromSeconds(2)));
        Assert.NotSame(redirected, finished);
    }

    private static bool Accepts(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Tests that change the process environment or the output folder run alone.</summary>
[CollectionDefinition(nameof(AmbientConfiguration), DisableParallelization = true)]
public sealed class AmbientConfiguration
{
}
