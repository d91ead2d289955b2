using System.CommandLine;
using Bunq.CodeGen.Tool.Commands;

var root = new RootCommand(
    "bunq-codegen: a typed C# client from bunq's OpenAPI document.\n" +
    "bunq publishes its spec as swagger.json in github.com/bunq/doc; save it as bunq.json next to your project.\n\n" +
    "Examples:\n" +
    "  bunq-codegen generate --spec bunq.json --out Generated --namespace MyApp.Bunq\n" +
    "  bunq-codegen inspect --spec bunq.json --json > model.json\n" +
    "  bunq-codegen diff old.json bunq.json --format markdown\n" +
    "  bunq-codegen check --spec bunq.json --generated Generated\n" +
    "  bunq-codegen emulate --urls http://127.0.0.1:5000");
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(DiffCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(EmulateCommand.Create());
return await root.Parse(args).InvokeAsync();
