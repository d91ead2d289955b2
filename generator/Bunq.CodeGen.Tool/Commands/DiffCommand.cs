using System.CommandLine;
using System.CommandLine.Invocation;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Diff;
using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Tool.Commands;

/// <summary>
/// <c>diff OLD NEW</c>: what changes for code written against the generated client when bunq's spec moves from OLD to NEW.
/// Exit codes (docs/ci.md): 0 nothing at or above --fail-on, 1 findings at or above it, 2 bad usage, 3 a spec that cannot be read.
/// Public so tests can run it in-process.
/// </summary>
public static class DiffCommand
{
    public static readonly string[] Formats = { "text", "markdown", "json", "github" };
    public static readonly string[] FailOnLevels = { "breaking", "warning", "any", "none" };

    public static Command Create()
    {
        var oldSpec = new Argument<string>("OLD") { Description = "The spec the checked-in client was generated from." };
        var newSpec = new Argument<string>("NEW") { Description = "The spec to compare it with (e.g. bunq's current swagger.json)." };
        var format = new Option<string>("--format") { Description = "text (default), markdown (PR comment / job summary), json (docs/diff-json.md) or github (workflow annotations).", DefaultValueFactory = _ => "text", HelpName = "text|markdown|json|github" };
        var failOn = new Option<string>("--fail-on") { Description = "Exit 1 when a finding is at or above this level: breaking (default), warning, any, none.", DefaultValueFactory = _ => "breaking", HelpName = "breaking|warning|any|none" };
        var ignore = new Option<string>("--ignore") { Description = "A file of accepted findings, one 'rule-id subject [# comment]' per line ('*' matches anything); they are listed apart and do not fail the run.", HelpName = "FILE" };
        // The same subset options as generate: report only what the code you generate uses.
        var include = SharedOptions.Include();
        var exclude = SharedOptions.Exclude();
        var command = new Command("diff", "Compare two bunq specs and report what changes for the generated C# client, by level: breaking, warning, info.")
        {
            oldSpec, newSpec, format, failOn, ignore, include, exclude,
        };
        command.Action = new UsageCheckedAction((parseResult, cancellationToken) =>
        {
            var arguments = new DiffArguments(
                parseResult.GetValue(oldSpec) ?? "",
                parseResult.GetValue(newSpec) ?? "",
                parseResult.GetValue(format) ?? "text",
                parseResult.GetValue(failOn) ?? "breaking",
                parseResult.GetValue(ignore),
                parseResult.GetValue(include),
                parseResult.GetValue(exclude));
            var configuration = parseResult.InvocationConfiguration;
            return Run(arguments, configuration.Output, configuration.Error, cancellationToken);
        });
        return command;
    }

    public sealed record DiffArguments(string OldPath, string NewPath, string Format = "text", string FailOn = "breaking", string? IgnorePath = null,
        string[]? Include = null, string[]? Exclude = null);

    public static int Run(DiffArguments arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (arguments.OldPath.Length == 0 || arguments.NewPath.Length == 0)
        {
            return Usage(stderr, "diff needs two specs: bunq-codegen diff OLD NEW");
        }
        if (Array.IndexOf(Formats, arguments.Format) < 0)
        {
            return Usage(stderr, $"--format must be one of {string.Join(", ", Formats)}; got '{arguments.Format}'");
        }
        if (Array.IndexOf(FailOnLevels, arguments.FailOn) < 0)
        {
            return Usage(stderr, $"--fail-on must be one of {string.Join(", ", FailOnLevels)}; got '{arguments.FailOn}'");
        }

        var ignoreList = DiffIgnoreList.Empty;
        if (arguments.IgnorePath is { } ignorePath)
        {
            string ignoreText;
            try
            {
                ignoreText = File.ReadAllText(ignorePath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Usage(stderr, $"cannot read the ignore file '{ignorePath}': {ex.Message}");
            }
            ignoreList = DiffIgnoreList.Parse(ignoreText, out var errors);
            if (errors.Count > 0)
            {
                foreach (var error in errors) stderr.WriteLine($"{ignorePath}: {error}");
                return ExitCodes.Usage;
            }
        }

        var oldSide = Load(arguments.OldPath, stderr, cancellationToken);
        var newSide = Load(arguments.NewPath, stderr, cancellationToken);
        if (oldSide is null || newSide is null) return ExitCodes.Unreadable;
        var filter = SharedOptions.Filter(arguments.Include, arguments.Exclude);
        if (!filter.IsEmpty)
        {
            oldSide = Filter(oldSide, filter, stderr);
            newSide = Filter(newSide, filter, stderr);
        }

        var findings = SpecDiff.Compare(oldSide, newSide, cancellationToken);
        var report = ignoreList.Apply(findings, out var unused);
        foreach (var entry in unused)
        {
            // A stale acceptance hides nothing today but would hide a future regression: say so, without failing.
            stderr.WriteLine($"{arguments.IgnorePath}({entry.Line}): ignore entry '{entry.Rule} {entry.Subject}' matched no finding");
        }

        var threshold = arguments.FailOn switch
        {
            "warning" => DiffLevel.Warning,
            "any" => DiffLevel.Info,
            _ => DiffLevel.Breaking,
        };
        var failed = arguments.FailOn != "none" && report.HasAtLeast(threshold);
        var context = new DiffOutput.Context(arguments.OldPath, arguments.NewPath, oldSide, newSide, report, arguments.FailOn);
        switch (arguments.Format)
        {
            case "markdown":
                DiffOutput.WriteMarkdown(context, stdout);
                break;
            case "json":
                DiffOutput.WriteJson(context, stdout);
                break;
            case "github":
                DiffOutput.WriteGitHub(context, stdout);
                break;
            default:
                DiffOutput.WriteText(context, stdout);
                break;
        }
        return failed ? ExitCodes.Findings : ExitCodes.Success;
    }

    private static DiffSide Filter(DiffSide side, ModelFilterOptions filter, TextWriter stderr)
    {
        var filtered = side.Filtered(filter);
        // Only the filter's own findings (an entry that matches nothing in this spec) are new here.
        foreach (var diagnostic in filtered.Model.Diagnostics.Skip(side.Model.Diagnostics.Count)) stderr.WriteLine(diagnostic.ToCompilerString());
        return filtered;
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("bunq-codegen diff: " + message);
        stderr.WriteLine("Usage: bunq-codegen diff OLD NEW [--format text|markdown|json|github] [--fail-on breaking|warning|any|none] [--ignore FILE] [--include …] [--exclude …]");
        return ExitCodes.Usage;
    }

    /// <summary>Reads and models a spec once; null (after printing why) when it cannot be read or has errors.</summary>
    private static DiffSide? Load(string path, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (SharedOptions.ReadSpec(path, stderr) is not { } text) return null;
        var side = DiffSide.Load(path, text, cancellationToken);
        if (!side.Model.HasErrors) return side;
        SharedOptions.PrintDiagnostics(side.Model.Diagnostics, stderr);
        return null;
    }
}
