using System;
using System.Globalization;
using System.Text;
using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Emit;

/// <summary>
/// What the emitter still computes about types, as data: the full name of a model type (its identity in the
/// generated namespace), the <see cref="TypeRefView"/> of a <see cref="TypeRef"/>, and the escaping of text into a
/// C# literal (also the templates' <c>cs_literal</c>). The C# syntax of types, reads and writes is in
/// Templates/_Shared.scriban. Every type is written fully qualified: a union case nested in its union may carry the
/// same name as the model it wraps, and spec types such as <c>Amount</c> or <c>Pagination</c> share names with runtime
/// types.
/// </summary>
internal static class TypeMapper
{
    public static string ModelType(string ns, string name) => "global::" + ns + "." + EmitNames.Escape(name);

    /// <summary>The view of a type reference; model and enum types by their full name in <paramref name="ns"/>.</summary>
    public static TypeRefView View(TypeRef type, string ns) => new TypeRefView
    {
        Kind = KindName(type.Kind),
        Model = type.Kind is TypeRefKind.Model or TypeRefKind.Enum ? ModelType(ns, Require(type.ModelName, "model name")) : null,
        Element = type.Kind == TypeRefKind.Array ? View(Require(type.Element, "array element"), ns) : null,
    };

    /// <summary>The names _Shared.scriban's tables are keyed by.</summary>
    private static string KindName(TypeRefKind kind) => kind switch
    {
        TypeRefKind.String => "string",
        TypeRefKind.Long => "long",
        TypeRefKind.Integer => "integer",
        TypeRefKind.Double => "double",
        TypeRefKind.Decimal => "decimal",
        TypeRefKind.Boolean => "boolean",
        TypeRefKind.Timestamp => "timestamp",
        TypeRefKind.Amount => "amount",
        TypeRefKind.Model => "model",
        TypeRefKind.Array => "array",
        TypeRefKind.Json => "json",
        TypeRefKind.Enum => "enum",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown type kind."),
    };

    /// <summary>A C# string literal (regular, escaped) for any text.</summary>
    public static string Literal(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\0': sb.Append("\\0"); break;
                default:
                    if (c < ' ' || c == '\u007f' || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static T Require<T>(T? value, string what) where T : class
        => value ?? throw new InvalidOperationException("The type reference has no " + what + ".");
}
