using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using Scriban;
using Scriban.Runtime;

namespace Bunq.CodeGen.Emit;

/// <summary>
/// Parses each embedded template once per process and renders plain view objects with it. The source
/// generator emits files in parallel: a parsed <see cref="Template"/> is immutable and safe to share,
/// while every render gets its own <see cref="TemplateContext"/>.
/// </summary>
internal static class TemplateRenderer
{
    private static readonly ConcurrentDictionary<string, Lazy<Template>> Cache = new ConcurrentDictionary<string, Lazy<Template>>(StringComparer.Ordinal);

    public static string Render(string templateName, object view)
    {
        var template = Cache.GetOrAdd(templateName, name => new Lazy<Template>(() => Parse(name))).Value;
        var globals = new ScriptObject();
        globals.Import(view);
        var context = new TemplateContext
        {
            StrictVariables = true,
            // The whole client is one model; Scriban's default budget of 1000 iterations is far too small.
            LoopLimit = 0,
            NewLine = "\n",
        };
        context.PushGlobal(globals);
        var text = template.Render(context);
        // Templates may have been checked out with CRLF; the output is "\n" only so it is byte-identical everywhere.
        return text.Replace("\r\n", "\n");
    }

    private static Template Parse(string name)
    {
        var resource = "Bunq.CodeGen.Templates." + name + ".scriban";
        using var stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException("The embedded template " + resource + " is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd().Replace("\r\n", "\n");
        var template = Template.Parse(text, resource);
        if (template.HasErrors)
        {
            throw new InvalidOperationException("The template " + resource + " does not parse: " + string.Join("; ", template.Messages));
        }
        return template;
    }
}
