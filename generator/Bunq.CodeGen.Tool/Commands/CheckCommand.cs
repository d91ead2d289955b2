using System.CommandLine;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Tool.Commands;

/// <summary>
/// <c>check</c>: is the checked-in generated code what <c>generate</c> would write from the spec now? Exit 0 when it is,
/// 1 (listing the files) when a file differs, is missing, or is an extra generated file; 2 bad usage (also: the folder
/// does not exist, a filter entry matches nothing, no namespace to compare with); 3 unreadable spec. Without
/// --namespace (or --no-xml-docs) the options are the ones the checked-in files were generated with, so check never
/// calls every file stale, or suggests a command, for an option the user did not mean to change.
/// Public so tests can run it in-process.
/// </summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var spec = SharedOptions.Spec();
        var generated = new Option<string>("--generated") { Description = "The folder holding the checked-in output of 'bunq-codegen generate'.", Required = true };
        var ns = SharedOptions.Namespace();
        var client = SharedOptions.ClientName();
        var noDocs = SharedOptions.NoXmlDocs();
        var include = SharedOptions.Include();
        var exclude = SharedOptions.Exclude();
        var command = new Command("check", "Fail when the checked-in generated code is not what the spec generates now (same options as generate).")
        {
            spec, generated, ns, client, noDocs, include, exclude,
        };
        command.Action = new UsageCheckedAction((parseResult, cancellationToken) =>
        {
            var folder = new DirectoryInfo(parseResult.GetValue(generated)!);
            if (!folder.Exists) throw new UsageException($"the folder '{folder.FullName}' (--generated) does not exist");
            var checkedIn = CheckedInOptions.Read(folder);
            var options = new EmitOptions(
                Given(parseResult, ns) ? parseResult.GetValue(ns)! : checkedIn.Namespace(folder),
                parseResult.GetValue(client)!,
                Given(parseResult, noDocs) ? !parseResult.GetValue(noDocs) : checkedIn.XmlDocs ?? true);
            var filter = SharedOptions.Filter(parseResult.GetValue(include), parseResult.GetValue(exclude));
            var configuration = parseResult.InvocationConfiguration;
            return Run(parseResult.GetValue(spec)!, folder, options, configuration.Output, configuration.Error, cancellationToken, filter);
        });
        return command;
    }

    public static int Run(FileInfo spec, DirectoryInfo generated, EmitOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken,
        ModelFilterOptions? filter = null)
    {
        // The very emit path of 'generate' (filter included), so check can never disagree with what generate writes.
        var generation = SharedOptions.Generate(spec, options, stderr, cancellationToken, filter);
        if (generation is null) return ExitCodes.Unreadable;
        var (_, files) = generation.Value;

        var problems = new List<string>();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files.OrderBy(f => f.HintName, StringComparer.Ordinal))
        {
            var path = Path.Combine(generated.FullName, file.HintName);
            expected.Add(Path.GetFileName(path));
            if (!File.Exists(path))
            {
                problems.Add("missing  " + file.HintName);
            }
            else if (Normalise(File.ReadAllText(path)) != Normalise(file.Text))
            {
                problems.Add("differs  " + file.HintName);
            }
        }
        if (generated.Exists)
        {
            foreach (var existing in generated.EnumerateFiles("*.cs").OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                // Hand-written files beside the generated ones are the user's business; only our marker makes a file "extra".
                if (!expected.Contains(existing.Name) && StartsWithMarker(existing)) problems.Add("extra    " + existing.Name);
            }
        }

        if (problems.Count == 0)
        {
            stdout.WriteLine($"Up to date: {files.Count} generated files in {generated.FullName} match {spec.Name}.");
            return ExitCodes.Success;
        }
        stdout.WriteLine($"Stale: the generated code in {generated.FullName} is not what {spec.Name} generates now ({problems.Count} file(s)):");
        foreach (var problem in problems) stdout.WriteLine("  " + problem);
        stdout.WriteLine($"Run: bunq-codegen generate --spec {spec} --out {generated} --namespace {options.Namespace} --client-name {options.ClientName}" +
            (options.XmlDocs ? "" : " --no-xml-docs") +
            (filter is null ? "" : string.Concat(filter.Include.Select(i => $" --include \"{i}\"")) + string.Concat(filter.Exclude.Select(e => $" --exclude \"{e}\""))));
        return ExitCodes.Findings;
    }

    private static bool Given(ParseResult parseResult, Option option) => parseResult.GetResult(option) is { Implicit: false };

    /// <summary>git's autocrlf may check the files out with CRLF on Windows; that is not staleness.</summary>
    private static string Normalise(string text) => text.Replace("\r\n", "\n");

    private static bool StartsWithMarker(FileInfo file)
    {
        using var reader = file.OpenText();
        return reader.ReadLine()?.TrimEnd('\r') == GenerateCommand.GeneratedMarker;
    }
}

/// <summary>What the checked-in generated files say about the options they were generated with.</summary>
internal sealed class CheckedInOptions
{
    private CheckedInOptions(IReadOnlyList<string> namespaces, bool? xmlDocs)
    {
        Namespaces = namespaces;
        XmlDocs = xmlDocs;
    }

    /// <summary>The distinct namespaces the generated files declare.</summary>
    public IReadOnlyList<string> Namespaces { get; }

    /// <summary>False when every generated file turns off CS1591 (written with --no-xml-docs); null when there are none.</summary>
    public bool? XmlDocs { get; }

    public static CheckedInOptions Read(DirectoryInfo folder)
    {
        var namespaces = new List<string>();
        var files = 0;
        var withoutDocs = 0;
        foreach (var file in folder.EnumerateFiles("*.cs").OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            using var reader = file.OpenText();
            if (reader.ReadLine()?.TrimEnd('\r') != GenerateCommand.GeneratedMarker) continue;
            files++;
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                if (line.StartsWith("#pragma warning disable CS1591", StringComparison.Ordinal)) withoutDocs++;
                if (!line.StartsWith("namespace ", StringComparison.Ordinal)) continue;
                var name = line["namespace ".Length..].Trim().TrimEnd(';', '{').Trim();
                if (!namespaces.Contains(name, StringComparer.Ordinal)) namespaces.Add(name);
                break;
            }
        }
        return new CheckedInOptions(namespaces, files == 0 ? null : withoutDocs != files);
    }

    /// <summary>The one namespace of the checked-in files; a usage error when there is none or more than one.</summary>
    public string Namespace(DirectoryInfo folder) => Namespaces.Count switch
    {
        1 => Namespaces[0],
        0 => throw new UsageException(
            $"no generated files in '{folder.FullName}' to take the namespace from; pass --namespace (the one you generate with)"),
        _ => throw new UsageException(
            $"the generated files in '{folder.FullName}' declare {Namespaces.Count} namespaces ({string.Join(", ", Namespaces)}); pass --namespace"),
    };
}
