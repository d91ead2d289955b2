using System.CommandLine;
using System.Net.Sockets;
using Bunq.Emulator;

namespace Bunq.CodeGen.Tool.Commands;

/// <summary>
/// <c>emulate</c>: a local bunq on 127.0.0.1 for tests and the quickstart (emulator/Bunq.Emulator). Every failure is
/// one line on standard error with a documented exit code (docs/ci.md), never a stack trace: 2 bad usage, 3 a spec
/// that cannot be read or has errors (its diagnostics), 4 a port that cannot be listened on, 1 anything else.
/// </summary>
internal static class EmulateCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen: http://127.0.0.1:PORT (loopback only). A free port when left out." };
        var spec = new Option<FileInfo?>("--spec") { Description = "The bunq spec whose operations to serve; the one built into the emulator when left out." };
        var seed = new Option<int>("--seed") { Description = "Seed for ids, IBANs and keys, so runs repeat (a whole number).", DefaultValueFactory = _ => 1 };
        var noRateLimits = new Option<bool>("--no-rate-limits") { Description = "Do not answer 429 when bunq's rate limits are exceeded." };
        var drift = new Option<bool>("--drift") { Description = "Send drifted answers (an undeclared field in every object) to see the client's drift report." };
        var state = new Option<FileInfo?>("--state") { Description = "Keep the server key and all state in this file (read at start, written after every request), so a saved API context survives a restart." };
        var command = new Command("emulate",
            "Run a local bunq: prints {\"baseUrl\":…,\"apiKey\":…} as its first line, then one line per request, until Ctrl+C or SIGTERM.")
        {
            urls, spec, seed, noRateLimits, state, drift,
        };
        command.Action = new UsageCheckedAction(async (parseResult, cancellationToken) =>
        {
            var console = parseResult.InvocationConfiguration;
            var options = new BunqEmulatorOptions
            {
                Seed = parseResult.GetValue(seed),
                RateLimits = !parseResult.GetValue(noRateLimits),
                StatePath = parseResult.GetValue(state)?.FullName,
                Drift = parseResult.GetValue(drift),
            };
            if (parseResult.GetValue(urls) is { } url)
            {
                if (!TryLoopbackPort(url, out var port)) throw new UsageException("--urls must be http://127.0.0.1:PORT; the emulator only listens on this machine.");
                options.Port = port;
            }
            if (parseResult.GetValue(spec) is { } file)
            {
                if (!file.Exists) throw new UsageException($"the spec {file.FullName} (--spec) does not exist.");
                // Read here so that an unreadable file is BUNQ0001 like in generate; the model is the emulator's to build.
                if (SharedOptions.ReadSpec(file.FullName, console.Error) is null) return ExitCodes.Unreadable;
                options.SpecPath = file.FullName;
            }
            return await RunAsync(options, console.Output, console.Error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task<int> RunAsync(BunqEmulatorOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var where = options.Port == 0 ? "a free port of 127.0.0.1" : $"http://127.0.0.1:{options.Port}";
        try
        {
            return await BunqEmulator.RunAsync(options, stdout, cancellationToken).ConfigureAwait(false);
        }
        catch (BunqEmulatorSpecException refused)
        {
            // A broken spec is reported by its diagnostics, as generate does.
            foreach (var diagnostic in refused.Diagnostics) await stderr.WriteLineAsync(diagnostic).ConfigureAwait(false);
            if (refused.Diagnostics.Count == 0) await stderr.WriteLineAsync($"bunq-codegen emulate: {OneLine(refused.Message)}").ConfigureAwait(false);
            return ExitCodes.Unreadable;
        }
        catch (Exception ex) when (ListenFailure(ex) is { } socket)
        {
            await stderr.WriteLineAsync($"bunq-codegen emulate: cannot listen on {where}: {Describe(socket)}").ConfigureAwait(false);
            return ExitCodes.CannotListen;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever else stops the emulator from starting is still one line, not a stack trace.
            await stderr.WriteLineAsync($"bunq-codegen emulate: {OneLine(ex.Message)} ({ex.GetType().Name})").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    /// <summary>Kestrel reports a busy or forbidden port as an IOException around the SocketException.</summary>
    private static SocketException? ListenFailure(Exception ex)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket && socket.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied or SocketError.AddressNotAvailable) return socket;
        }
        return null;
    }

    private static string Describe(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "the port is in use (another emulator or server listens there); pick another with --urls or leave --urls out for a free port",
        SocketError.AccessDenied => "not permitted (ports below 1024 need extra rights); pick another with --urls",
        _ => OneLine(socket.Message),
    };

    private static string OneLine(string text) => string.Join(" ", text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

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
