using System.Diagnostics;
using System.Text;

namespace Bunq.Runtime.Tests;

/// <summary>
/// A real crash between writing the temporary context file and renaming it: this test assembly runs itself as a
/// child process that saves a context and exits hard inside the store (no finally block runs), like a kill or a
/// power cut. The temporary file it leaves holds the API key; the next load or save in another process removes it.
/// </summary>
public sealed class CrashInjectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("load")]
    [InlineData("save")]
    public async Task A_temp_file_left_by_a_crashed_writer_is_removed_by_the_next_load_or_save(string next)
    {
        var path = Path.Combine(_dir, "context.json");
        var exit = await RunChildAsync("save-and-crash", path);
        Assert.Equal(CrashProgram.CrashExitCode, exit);

        // The crash really left the secret on disk, and no context file.
        var temps = Directory.GetFiles(_dir, ".context.json.*.tmp");
        var temp = Assert.Single(temps);
        Assert.Contains(Fixtures.ApiKey, await File.ReadAllTextAsync(temp, Encoding.UTF8), StringComparison.Ordinal);
        Assert.False(File.Exists(path));

        var store = new BunqContextFileStore(path);
        if (next == "load")
        {
            Assert.Null(await store.LoadAsync());
        }
        else
        {
            using var context = await Fixtures.CreateContextAsync(new FakeBunq());
            await store.SaveAsync(context);
        }
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        Assert.Empty(Directory.GetFiles(_dir, ".*.tmp"));
    }

    [Fact]
    public async Task A_temp_file_of_a_writer_that_still_runs_is_left_alone()
    {
        // Another live process may be between its write and its rename: a sleeping child stands in for it.
        var path = Path.Combine(_dir, "context.json");
        using var writer = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var live = Path.Combine(_dir, ".context.json." + writer.Id + "." + Guid.NewGuid().ToString("N") + ".tmp");
            await File.WriteAllTextAsync(live, "in flight");
            Assert.Null(await new BunqContextFileStore(path).LoadAsync());
            Assert.True(File.Exists(live));
            // …unless it is older than any write takes.
            File.SetLastWriteTimeUtc(live, DateTime.UtcNow.AddHours(-1));
            Assert.Null(await new BunqContextFileStore(path).LoadAsync());
            Assert.False(File.Exists(live));
        }
        finally
        {
            writer.Kill();
        }
    }

    private static async Task<int> RunChildAsync(params string[] args)
    {
        var assembly = typeof(CrashInjectionTests).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(assembly);
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == CrashProgram.CrashExitCode, $"child exited {process.ExitCode}: {await stdout} {await stderr}");
        return process.ExitCode;
    }
}

/// <summary>The child process of <see cref="CrashInjectionTests"/>; xunit never calls it.</summary>
internal static class CrashProgram
{
    public const int CrashExitCode = 86;

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["save-and-crash", var path]) return 2;
        using var context = await Fixtures.CreateContextAsync(new FakeBunq());
        // Environment.Exit runs no finally block of the save: the process is gone with the temporary file on disk.
        var store = new BunqContextFileStore(path) { BeforeReplace = _ => Environment.Exit(CrashExitCode) };
        await store.SaveAsync(context);
        return 0;
    }
}
