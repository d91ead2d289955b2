using Bunq.Runtime;

namespace Bunq.Emulator.Tests;

/// <summary>
/// The emulator and the runtime enforce the same rate limits by default: both read bunq's documented limits from the
/// runtime's wire facts (written from the conventions table), so neither can drift from the other or from the table.
/// </summary>
public sealed class WireFactsDefaultsTests
{
    [Fact]
    public void The_emulators_default_limits_are_the_runtimes()
    {
        var emulator = new BunqEmulatorRateLimits();
        var runtime = new BunqRateLimitOptions();
        Assert.Equal(
            (runtime.GetLimit, runtime.PostLimit, runtime.PutLimit, runtime.Window, runtime.SessionServerLimit, runtime.SessionServerWindow),
            (emulator.Get, emulator.Post, emulator.Put, emulator.Window, emulator.SessionServer, emulator.SessionServerWindow));
    }

    [Fact]
    public void The_default_limits_are_bunqs_documented_ones()
    {
        // spec info.description, "Rate limits": GET 3, POST 5, PUT 2 within any 3 consecutive seconds; /session-server 1 within 30.
        var emulator = new BunqEmulatorRateLimits();
        Assert.Equal((3, 5, 2, TimeSpan.FromSeconds(3), 1, TimeSpan.FromSeconds(30)),
            (emulator.Get, emulator.Post, emulator.Put, emulator.Window, emulator.SessionServer, emulator.SessionServerWindow));
        Assert.Equal(0, emulator.Delete);
    }
}
