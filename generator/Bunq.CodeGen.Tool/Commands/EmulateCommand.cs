using System.CommandLine;
using Bunq.Emulator;

namespace Bunq.CodeGen.Tool.Commands;

/// <summary><c>emulate</c>: a local bunq on 127.0.0.1 for tests and the quickstart (runtime/Bunq.Emulator).</summary>
internal static class EmulateCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen: http://127.0.0.1:PORT (loopback only). A free port when left out." };
        var spec = new Option<FileInfo?>("--spec") { Description = "The bunq spec whose operations to serve; the one built into the emulator when left out." };
        var seed = new Option<int>("--seed") { Description = "Seed for ids, IBANs and keys, so runs repeat.", DefaultValueFactory = _ => 1 };
        var noRateLimits = new Option<bool>("--no-rate-limits") { Description = "Do not answer 429 when bunq's rate limits are exceeded." };
        var drift = new Option<bool>("--drift") { Description = "Send drifted answers (an undeclared field in every object) to see the client's drift report." };
        var command = new Command("emulate",
            "Run a local bunq: prints {\"baseUrl\":…,\"apiKey\":…} as its first line, then one line per request, until Ctrl+C or SIGTERM.")
        {
            urls, spec, seed, noRateLimits, drift,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var console = parseResult.InvocationConfiguration;
            var options = new BunqEmulatorOptions { Seed = parseResult.GetValue(seed), RateLimits = !parseResult.GetValue(noRateLimits), Drift = parseResult.GetValue(drift) };
            if (parseResult.GetValue(urls) is { } url)
            {
                if (!TryLoopbackPort(url, out var port))
                {
                    await console.Error.WriteLineAsync("emulate: --urls must be http://127.0.0.1:PORT; the emulator only listens on this machine.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }
                options.Port = port;
            }
            if (parseResult.GetValue(spec) is { } file)
            {
                if (!file.Exists)
                {
                    await console.Error.WriteLineAsync($"emulate: the spec {file.FullName} does not exist.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }
                options.SpecPath = file.FullName;
            }
            return await BunqEmulator.RunAsync(options, console.Output, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    internal static bool TryLoopbackPort(string url, out int port)
    {
        port = 0;
        // ASP.NET's --urls may list several; the emulator binds one.
        var first = url.Split(';')[0];
        if (!Uri.TryCreate(first, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || !uri.IsLoopback) return false;
        port = uri.Port;
        return true;
    }
}
