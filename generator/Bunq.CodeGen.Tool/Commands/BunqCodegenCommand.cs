using System.CommandLine;

namespace Bunq.CodeGen.Tool.Commands;

/// <summary>The root command with every subcommand: what Program runs and what the tests parse with.</summary>
internal static class BunqCodegenCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "bunq-codegen: a typed C# client from bunq's OpenAPI document.\n" +
            "bunq publishes its spec as swagger.json in github.com/bunq/doc; save it as bunq.json next to your project.\n\n" +
            "Examples:\n" +
            "  bunq-codegen generate --spec bunq.json --out Generated --namespace MyApp.Bunq\n" +
            "  bunq-codegen inspect --spec bunq.json --json > model.json\n" +
            "  bunq-codegen diff old.json bunq.json --format markdown\n" +
            "  bunq-codegen check --spec bunq.json --generated Generated\n" +
            "  bunq-codegen emulate --urls http://127.0.0.1:5000\n\n" +
            "Exit codes: 0 success; 1 findings (check, diff) or a spec with errors (generate, inspect); 2 bad usage;\n" +
            "3 a spec with errors (check, diff, emulate); 4 emulate cannot listen. See docs/ci.md.");
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(EmulateCommand.Create());
        // Without a command, or with an unknown one: one line and exit 2, as every command's usage errors.
        root.Action = new UsageCheckedAction(int (_, _) => throw new UsageException(
            "a command is required: generate, inspect, diff, check or emulate (run 'bunq-codegen --help' for usage)"));
        return root;
    }
}
