using System;
using System.Collections.Generic;
using System.Text;
using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Emit;

/// <summary>
/// The emitter's side of naming: the model proposes C# names and <see cref="NameAllocator"/> (the one
/// allocator, in the model) keeps them unique per scope; this makes sure whatever arrives is a valid
/// identifier and is escaped where it is written as code.
/// </summary>
internal static class EmitNames
{
    /// <summary>
    /// The parameters and locals every generated method declares itself. The model allocates the spec's parameter names
    /// around them, so a spec parameter called <c>request</c> or <c>page</c> arrives renamed and the emitter renames nothing.
    /// </summary>
    public static readonly IReadOnlyList<string> MethodLocals = new[]
    {
        "request", "page", "pageSize", "cancellationToken", "content", "contentType", "description", "path", "response", "callOptions",
    };

    // Legal identifiers, but `await` is not inside the async methods we generate; escaping a
    // contextual keyword is always legal, so all of them are escaped rather than reasoned about.
    private static readonly HashSet<string> ContextualKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "add", "alias", "and", "args", "ascending", "async", "await", "by", "descending", "dynamic", "equals",
        "field", "file", "from", "get", "global", "group", "init", "into", "join", "let", "managed", "nameof",
        "nint", "not", "notnull", "nuint", "on", "or", "orderby", "partial", "record", "remove", "required",
        "scoped", "select", "set", "unmanaged", "value", "var", "when", "where", "with", "yield",
    };

    /// <summary><c>class</c> → <c>@class</c>, <c>await</c> → <c>@await</c>.</summary>
    public static string Escape(string identifier)
        => CSharpNames.IsKeyword(identifier) || ContextualKeywords.Contains(identifier) ? "@" + identifier : identifier;

    /// <summary>The identifier without a leading <c>@</c>, as XML docs and <c>nameof</c> spell it.</summary>
    public static string Unescape(string identifier) => identifier.StartsWith("@", StringComparison.Ordinal) ? identifier.Substring(1) : identifier;

    /// <summary>
    /// A valid, unescaped C# identifier for any text: an <c>@</c> the model already added is dropped
    /// (<see cref="Escape"/> adds it back), other invalid characters are dropped with the next letter
    /// upper-cased, a leading digit gets an underscore, empty text becomes <c>_</c>.
    /// </summary>
    public static string Identifier(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "_";
        var sb = new StringBuilder(text!.Length + 1);
        var upperNext = false;
        foreach (var c in Unescape(text))
        {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
            {
                sb.Append(upperNext && sb.Length > 0 ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }
        if (sb.Length == 0) return "_";
        if (sb[0] >= '0' && sb[0] <= '9') sb.Insert(0, '_');
        return sb.ToString();
    }

    /// <summary>
    /// Takes a name the model allocated (unique among the method's parameters and clear of <see cref="MethodLocals"/>)
    /// and returns it escaped for code. The emitter does not rename: a clash is a model bug and stops the emission.
    /// </summary>
    public static string Take(NameAllocator scope, string allocated)
    {
        var name = Identifier(allocated);
        if (scope.IsTaken(name) || scope.Allocate(name) != name) throw new InvalidOperationException("The model allocated '" + name + "' twice in one method.");
        return Escape(name);
    }

    /// <summary>Allocates a unique, valid identifier in <paramref name="scope"/> and returns it escaped for code.</summary>
    public static string Claim(NameAllocator scope, string preferred, string suffix = "")
        => Escape(scope.Allocate(Identifier(preferred), suffix));
}
