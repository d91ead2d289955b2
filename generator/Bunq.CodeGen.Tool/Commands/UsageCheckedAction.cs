using System.CommandLine;
using System.CommandLine.Invocation;

namespace Bunq.CodeGen.Tool.Commands;

/// <summary>
/// The action of every command (and of the root): System.CommandLine answers a parse error (an unknown option, a
/// missing value, <c>--seed abc</c>) with the whole help and exit code 1, which for diff and check means "findings".
/// This action takes over the parse errors (ClearsParseErrors) and reports each on one line with exit code 2, the
/// documented usage error (docs/ci.md), so every command fails the same way. <see cref="UsageException"/> thrown by a
/// command is reported the same way.
/// </summary>
internal sealed class UsageCheckedAction : AsynchronousCommandLineAction
{
    private readonly Func<ParseResult, CancellationToken, Task<int>> _run;

    public UsageCheckedAction(Func<ParseResult, CancellationToken, int> run) => _run = (parseResult, cancellationToken) => Task.FromResult(run(parseResult, cancellationToken));

    public UsageCheckedAction(Func<ParseResult, CancellationToken, Task<int>> run) => _run = run;

    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        var stderr = parseResult.InvocationConfiguration.Error;
        var command = CommandName(parseResult);
        if (parseResult.Errors.Count > 0 || parseResult.UnmatchedTokens.Count > 0)
        {
            foreach (var error in parseResult.Errors) await stderr.WriteLineAsync($"{command}: {error.Message}").ConfigureAwait(false);
            foreach (var token in parseResult.UnmatchedTokens) await stderr.WriteLineAsync($"{command}: unrecognized argument '{token}'").ConfigureAwait(false);
            await stderr.WriteLineAsync($"Run '{command} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        try
        {
            return await _run(parseResult, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            foreach (var line in ex.Lines) await stderr.WriteLineAsync(line.Length == 0 || line[0] == ' ' ? line : $"{command}: {line}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
    }

    /// <summary><c>bunq-codegen check</c>, or <c>bunq-codegen</c> for the root.</summary>
    private static string CommandName(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        return command is RootCommand ? "bunq-codegen" : "bunq-codegen " + command.Name;
    }
}

/// <summary>A wrong argument found after parsing (a folder that does not exist, a filter that matches nothing): exit 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(params string[] lines)
        : base(string.Join(Environment.NewLine, lines)) => Lines = lines;

    /// <summary>The first line is the error; lines starting with a space add detail under it.</summary>
    public IReadOnlyList<string> Lines { get; }
}
