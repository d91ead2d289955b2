using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Bunq.Fleet.Tests;

/// <summary>samples/Fleet as it is meant to run: 4 worker processes, several users, one Redis, one emulator (one IP).</summary>
public sealed class FleetProcessTests
{
    [RedisFact]
    public async Task Four_processes_share_the_limits_sessions_and_contexts_of_three_users()
    {
        var fleet = Path.Combine(AppContext.BaseDirectory, "..", "..", "Fleet", "release", "Fleet.dll");
        if (!File.Exists(fleet)) fleet = Path.Combine(AppContext.BaseDirectory, "..", "..", "Fleet", "debug", "Fleet.dll");
        Assert.True(File.Exists(fleet), $"samples/Fleet is not built beside the tests ({fleet})");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { fleet, "--redis", Redis.Address ?? throw new InvalidOperationException("CI=true but " + Redis.MissingReason),
                     "--instances", "4", "--users", "3", "--calls", "44", "--session-window-s", "2" })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"Fleet exited {process.ExitCode}: {await stderr}\n{stdout}");
        var summary = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!.AsObject();

        Assert.Equal(4, (int)summary["instances"]!);
        Assert.Equal(3, (int)summary["users"]!);
        Assert.Equal(44, (int)summary["calls"]!);
        Assert.Equal(0, (int)summary["errors"]!);
        Assert.Equal(0, (long)summary["throttled"]!);
        // Four processes wanted each user's context at once: one installation and session per user.
        Assert.Equal(3, (long)summary["sessionCreates"]!);
        Assert.Equal(20, (int)summary["payments"]!);
        Assert.Equal(0, (int)summary["lost"]!);
        Assert.True((bool)summary["balancesOk"]!, "balances do not add up");
        // bunq's budget is the ceiling: faster would mean the limits were not applied.
        Assert.True((double)summary["durationS"]! >= (double)summary["ceilingS"]!, summary.ToJsonString());
    }
}
