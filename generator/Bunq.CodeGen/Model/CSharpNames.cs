using System;
using System.Collections.Generic;
using System.Text;

namespace Bunq.CodeGen.Model;

/// <summary>Turns bunq's names (snake_case fields, kebab-case path parameters) into C# identifiers.</summary>
public static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary><c>monetary_account_id</c>, <c>monetary-accountID</c> → <c>MonetaryAccountId</c>.</summary>
    public static string Pascal(string name)
    {
        var sb = new StringBuilder(name.Length);
        var upperNext = true;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!IsIdentifierPart(c))
            {
                upperNext = true;
                continue;
            }
            // "userID" → "UserId", "attachment-publicUUID" → "AttachmentPublicUuid": a run of capitals after a
            // lower-case letter is one word.
            if (char.IsUpper(c) && i > 0 && char.IsUpper(name[i - 1]) && sb.Length > 0 && !upperNext)
            {
                sb.Append(char.ToLowerInvariant(c));
                continue;
            }
            sb.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }
        if (sb.Length == 0) return "Value";
        if (char.IsDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }

    /// <summary><c>monetary-accountID</c> → <c>monetaryAccountId</c>, keywords escaped.</summary>
    public static string Camel(string name)
    {
        var pascal = Pascal(name);
        var camel = pascal[0] == '_' ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return Escape(camel);
    }

    public static string Escape(string identifier) => Keywords.Contains(identifier) ? "@" + identifier : identifier;

    public static bool IsKeyword(string identifier) => Keywords.Contains(identifier);

    private static bool IsIdentifierPart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// <summary>
/// The one place that hands out names within a scope (a namespace, a class): the first claimant keeps
/// its name, later ones get a suffix, so output is deterministic for a deterministic claim order.
/// </summary>
public sealed class NameAllocator
{
    private readonly HashSet<string> _taken;

    public NameAllocator(params string[] reserved)
        : this(StringComparer.Ordinal, reserved)
    {
    }

    private NameAllocator(StringComparer comparer, string[] reserved)
    {
        _taken = new HashSet<string>(comparer);
        foreach (var name in reserved) _taken.Add(name);
    }

    /// <summary>
    /// For names that also become file names (one .g.cs per type and endpoint class): Roslyn requires hint names
    /// to be unique ignoring case, and so do Windows and macOS file systems, so "ApiKeys" and "Apikeys" collide.
    /// </summary>
    public static NameAllocator ForFileNames() => new NameAllocator(StringComparer.OrdinalIgnoreCase, new string[0]);

    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary>Claims <paramref name="preferred"/>, else preferred+suffix, else preferred+suffix+2, 3, ….</summary>
    public string Allocate(string preferred, string suffix = "")
    {
        if (_taken.Add(preferred)) return preferred;
        if (suffix.Length > 0 && _taken.Add(preferred + suffix)) return preferred + suffix;
        for (var i = 2; ; i++)
        {
            var candidate = preferred + suffix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_taken.Add(candidate)) return candidate;
        }
    }
}
