using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace Bunq.CodeGen.Emit;

/// <summary>
/// Parses each embedded template once per process and renders plain view objects with it. The source
/// generator emits files in parallel: a parsed <see cref="Template"/> is immutable and safe to share,
/// while each thread renders with a <see cref="TemplateContext"/> of its own, reset between files. <c>_Shared</c> (the C# syntax: lookup tables and
/// functions) is evaluated once per process into a frozen object that every render sees as a global; as an include
/// it rebuilt its tables and function objects for each of the ~500 files (about 8 % of a warm emission). Sharing it is
/// safe: a Scriban function is its parsed node, evaluated in the calling context (its arguments, locals and the
/// view's globals live there), and the tables are only read. Templates include <c>_Header</c> (the file header) and
/// <c>_Factory</c> (a model's factory methods) through <see cref="EmbeddedLoader"/>; each include is handed to each
/// context already parsed, so it costs a lookup per file rather than a parse.
/// </summary>
internal static class TemplateRenderer
{
    private const string Shared = "_Shared";
    private const string Header = "_Header";
    private const string Factory = "_Factory";

    private static readonly ConcurrentDictionary<string, Lazy<Template>> Cache = new ConcurrentDictionary<string, Lazy<Template>>(StringComparer.Ordinal);

    private static readonly EmbeddedLoader Loader = new EmbeddedLoader();

    private static readonly Lazy<ScriptObject> Definitions = new Lazy<ScriptObject>(Define);

    // One context per thread, reset between renders instead of built for each file: a context is about forty
    // stacks, pools and dictionaries, and its output builder, grown to the file's size, is what every render of the
    // thread writes into again. Only reused on the thread that made it (what Reset is for), and dropped if a render
    // failed, so a half-finished render's state never reaches the next file. It lives as long as its thread (in a
    // compiler process, a pool thread): the builder then holds the largest file that thread rendered, ~0.5 MB.
    [ThreadStatic]
    private static RenderContext? _idle;

    public static string Render(string templateName, object view)
    {
        var template = Get(templateName);
        var context = _idle ?? new RenderContext
        {
            StrictVariables = true,
            // The whole client is one model; Scriban's default budget of 1000 iterations is far too small.
            LoopLimit = 0,
            NewLine = "\n",
            TemplateLoader = Loader,
        };
        // Taken while in use, so a render that (through a helper) started another on this thread gets a context of its own.
        _idle = null;
        // The view's properties become the globals through the shared accessor of its type (ScriptObject.Import would
        // reflect over the type and rename every member again for each file).
        var globals = new ScriptObject();
        var accessor = context.GetMemberAccessor(view);
        foreach (var member in accessor.GetMembers(context, default, view))
        {
            accessor.TryGetValue(context, default, view, member, out var value);
            globals.SetValue(member, value, false);
        }
        context.CachedTemplates[Header] = Get(Header);
        context.CachedTemplates[Factory] = Get(Factory);
        context.PushGlobal(Definitions.Value);
        context.PushGlobal(globals);
        var text = template.Render(context);
        context.Reset();
        _idle = context;
        // Templates may have been checked out with CRLF; the output is "\n" only so it is byte-identical everywhere.
        return text.Replace("\r\n", "\n");
    }

    /// <summary>
    /// A context that shares with every other render what Scriban would otherwise rebuild for each of the ~500
    /// files: the builtin functions (a default context deep-clones them all) and the reflected member accessors of the
    /// view types. Both are read-only once built; the templates never assign into the builtins (assignments go to the
    /// view's globals on top).
    /// </summary>
    private sealed class RenderContext : TemplateContext
    {
        private static readonly ScriptObject SharedBuiltins = CreateReadOnlyBuiltins();
        private static readonly ConcurrentDictionary<Type, IObjectAccessor> Accessors = new ConcurrentDictionary<Type, IObjectAccessor>();

        public RenderContext() : base(SharedBuiltins)
        {
        }

        protected override IObjectAccessor? GetMemberAccessorImpl(object target)
        {
            var type = target.GetType();
            if (Accessors.TryGetValue(type, out var cached)) return cached;
            var accessor = base.GetMemberAccessorImpl(target);
            if (accessor is not null) Accessors.TryAdd(type, accessor);
            return accessor;
        }

        private static ScriptObject CreateReadOnlyBuiltins()
        {
            var builtins = GetDefaultBuiltinObject();
            builtins.IsReadOnly = true;
            return builtins;
        }
    }

    /// <summary>
    /// Runs <c>_Shared</c>'s top level (assignments and <c>func</c> definitions only) into a fresh object that also holds <c>cs_literal</c> and freezes
    /// it and its tables, so a template that assigned to a shared name would fail instead of racing other renders.
    /// </summary>
    private static ScriptObject Define()
    {
        var context = new RenderContext { StrictVariables = true, NewLine = "\n" };
        // The one C#-side helper the templates call: escaping text into a C# literal is character work Scriban would
        // do far slower. It lives beside the definitions rather than in a global of its own: each global on the stack
        // is one more dictionary every variable lookup that misses the view's globals walks through.
        var definitions = new ScriptObject();
        definitions.Import("cs_literal", new Func<string, string>(TypeMapper.Literal));
        context.PushGlobal(definitions);
        var output = Get(Shared).Render(context);
        if (output.Trim().Length > 0)
        {
            throw new InvalidOperationException("The template " + Resource(Shared) + " must only define, but it writes output.");
        }
        foreach (var value in definitions.Values)
        {
            if (value is ScriptObject table) table.IsReadOnly = true;
        }
        definitions.IsReadOnly = true;
        return definitions;
    }

    private static Template Get(string name) => Cache.GetOrAdd(name, n => new Lazy<Template>(() => Parse(n))).Value;

    private static string Resource(string name) => "Bunq.CodeGen.Templates." + name + ".scriban";

    private static string Text(string name)
    {
        var resource = Resource(name);
        using var stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException("The embedded template " + resource + " is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }

    private static Template Parse(string name)
    {
        var template = Template.Parse(Text(name), Resource(name));
        if (template.HasErrors)
        {
            throw new InvalidOperationException("The template " + Resource(name) + " does not parse: " + string.Join("; ", template.Messages));
        }
        return template;
    }

    /// <summary>
    /// Resolves <c>include '_Header'</c> to the embedded template of that name; the path is the name itself, which is
    /// also the key each context's <see cref="TemplateContext.CachedTemplates"/> is seeded under.
    /// </summary>
    private sealed class EmbeddedLoader : ITemplateLoader
    {
        public string? GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) => templateName;

        public string? Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => Text(templatePath);

        public System.Threading.Tasks.ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath)
            => new System.Threading.Tasks.ValueTask<string?>(Text(templatePath));
    }
}
