using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Emit;

/// <summary>
/// TypeRef → C# type names, read expressions and write statements. Array shapes nest, so this is
/// recursive code rather than template logic; the templates only place what it returns.
/// Every type is written fully qualified: a union case nested in its union may carry the same name
/// as the model it wraps, and spec types such as <c>Amount</c> or <c>Pagination</c> share names with
/// runtime types.
/// </summary>
internal static class TypeMapper
{
    internal const string BunqJson = "global::Bunq.Runtime.Json.BunqJson";
    internal const string Amount = "global::Bunq.Runtime.Json.Amount";
    internal const string JsonElement = "global::System.Text.Json.JsonElement";
    internal const string Utf8JsonReader = "global::System.Text.Json.Utf8JsonReader";
    internal const string List = "global::System.Collections.Generic.List";

    public static string ModelType(string ns, string name) => "global::" + ns + "." + EmitNames.Escape(name);

    /// <summary>The property type: everything nullable, because bunq omits or nulls any field.</summary>
    public static string PropertyType(TypeRef type, string ns)
    {
        var element = ElementType(type, ns);
        return element.EndsWith("?", StringComparison.Ordinal) ? element : element + "?";
    }

    /// <summary>
    /// The type inside a list: references non-null (the readers drop nulls), value types nullable
    /// because the runtime's scalar list reader is shared with reference types and yields <c>T?</c>.
    /// </summary>
    public static string ElementType(TypeRef type, string ns) => type.Kind switch
    {
        TypeRefKind.String => "string",
        TypeRefKind.Long => "long?",
        TypeRefKind.Integer => "int?",
        TypeRefKind.Double => "double?",
        TypeRefKind.Decimal => "decimal?",
        TypeRefKind.Boolean => "bool?",
        TypeRefKind.Timestamp => "global::System.DateTimeOffset?",
        TypeRefKind.Amount => Amount,
        TypeRefKind.Model => ModelType(ns, Require(type.ModelName, "model name")),
        TypeRefKind.Enum => ModelType(ns, Require(type.ModelName, "enum name")) + "?",
        TypeRefKind.Json => JsonElement,
        TypeRefKind.Array => List + "<" + ElementType(Require(type.Element, "array element"), ns) + ">",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "Unknown type kind."),
    };

    /// <summary>
    /// An expression that reads one value at the reader's current token and yields the property type. With
    /// <paramref name="keep"/> (<c>ref model._unknownFields, "Model", "json_name"</c>) the value is read by the runtime's
    /// drift-aware readers: a wire value the property cannot hold unchanged is kept in the model's unknown fields and
    /// reported. Without it (list elements, multi-part answers) the plain readers are used.
    /// </summary>
    public static string ReadExpression(TypeRef type, string ns, string reader, int depth = 0, string? keep = null)
    {
        var r = "ref " + reader;
        var k = keep is null ? "" : ", " + keep;
        if (type.Kind == TypeRefKind.Json) return BunqJson + ".ReadElement(" + r + ")";
        if (ScalarReader(type.Kind) is { } scalar) return BunqJson + "." + scalar + "(" + r + k + ")";
        switch (type.Kind)
        {
            case TypeRefKind.Enum:
                // Read as the string it is on the wire, so drift handling is the string field's; any text is a value.
                return ModelType(ns, Require(type.ModelName, "enum name")) + ".FromWire(" + BunqJson + ".ReadString(" + r + k + "))";
            case TypeRefKind.Amount:
            case TypeRefKind.Model:
                return BunqJson + ".ReadModel<" + ElementType(type, ns) + ">(" + r + k + ")";
            case TypeRefKind.Array:
                var element = Require(type.Element, "array element");
                switch (element.Kind)
                {
                    case TypeRefKind.Amount:
                    case TypeRefKind.Model:
                        return BunqJson + ".ReadModelList<" + ElementType(element, ns) + ">(" + r + k + ")";
                    case TypeRefKind.String when keep is null:
                        return BunqJson + ".ReadStringList(" + r + ")";
                    case TypeRefKind.Json:
                        return BunqJson + ".ReadElementList(" + r + ")";
                    case TypeRefKind.Enum:
                        // Read as the string list it is on the wire (so a list with a non-string element is kept
                        // whole, as for strings), then each text becomes a value.
                        var strings = keep is null ? BunqJson + ".ReadStringList(" + r + ")" : BunqJson + ".ReadList<string>(" + r + ", " + BunqJson + ".ReadString" + k + ")";
                        var enumType = ModelType(ns, Require(element.ModelName, "enum name"));
                        return strings + "?.ConvertAll(static text => (" + enumType + "?)new " + enumType + "(text))";
                    case TypeRefKind.Array:
                        var inner = "reader" + (depth + 1).ToString(CultureInfo.InvariantCulture);
                        return BunqJson + ".ReadList<" + ElementType(element, ns) + ">(" + r + ", static (ref " + Utf8JsonReader + " " + inner + ") => "
                            + ReadExpression(element, ns, inner, depth + 1) + k + ")";
                    default:
                        // The scalar readers are method groups of exactly the ScalarReader<T?> shape.
                        var method = ScalarReader(element.Kind) ?? throw new ArgumentOutOfRangeException(nameof(type), element.Kind, "Unknown element kind.");
                        return BunqJson + ".ReadList<" + ElementType(element, ns) + ">(" + r + ", " + BunqJson + "." + method + k + ")";
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "Unknown type kind.");
        }
    }

    /// <summary>The BunqJson reader of a scalar kind; null for models, amounts and arrays.</summary>
    private static string? ScalarReader(TypeRefKind kind) => kind switch
    {
        TypeRefKind.String => "ReadString",
        TypeRefKind.Long => "ReadInt64",
        TypeRefKind.Integer => "ReadInt32",
        TypeRefKind.Double => "ReadDouble",
        TypeRefKind.Decimal => "ReadDecimal",
        TypeRefKind.Boolean => "ReadBoolean",
        TypeRefKind.Timestamp => "ReadTimestamp",
        TypeRefKind.Json => "ReadElement",
        _ => null,
    };

    /// <summary>Statements that write one non-null value (already unwrapped for value types) to <c>writer</c>.</summary>
    public static void WriteValue(List<string> lines, TypeRef type, string value, string indent, int depth = 0)
    {
        switch (type.Kind)
        {
            case TypeRefKind.String:
                lines.Add(indent + "writer.WriteStringValue(" + value + ");");
                break;
            case TypeRefKind.Enum:
                lines.Add(indent + "writer.WriteStringValue(" + value + ".ToString());");
                break;
            case TypeRefKind.Long:
            case TypeRefKind.Integer:
            case TypeRefKind.Double:
            case TypeRefKind.Decimal:
                lines.Add(indent + "writer.WriteNumberValue(" + value + ");");
                break;
            case TypeRefKind.Boolean:
                lines.Add(indent + "writer.WriteBooleanValue(" + value + ");");
                break;
            case TypeRefKind.Timestamp:
                lines.Add(indent + BunqJson + ".WriteTimestamp(writer, " + value + ");");
                break;
            case TypeRefKind.Amount:
            case TypeRefKind.Model:
                lines.Add(indent + value + ".WriteJson(writer);");
                break;
            case TypeRefKind.Json:
                lines.Add(indent + value + ".WriteTo(writer);");
                break;
            case TypeRefKind.Array:
                var element = Require(type.Element, "array element");
                var item = "item" + (depth + 1).ToString(CultureInfo.InvariantCulture);
                lines.Add(indent + "writer.WriteStartArray();");
                lines.Add(indent + "foreach (var " + item + " in " + value + ")");
                lines.Add(indent + "{");
                if (IsNullableValueElement(element))
                {
                    var unwrapped = "itemValue" + (depth + 1).ToString(CultureInfo.InvariantCulture);
                    lines.Add(indent + "    if (" + item + " is { } " + unwrapped + ")");
                    lines.Add(indent + "    {");
                    WriteValue(lines, element, unwrapped, indent + "        ", depth + 1);
                    lines.Add(indent + "    }");
                    lines.Add(indent + "    else");
                    lines.Add(indent + "    {");
                    lines.Add(indent + "        writer.WriteNullValue();");
                    lines.Add(indent + "    }");
                }
                else
                {
                    WriteValue(lines, element, item, indent + "    ", depth + 1);
                }
                lines.Add(indent + "}");
                lines.Add(indent + "writer.WriteEndArray();");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "Unknown type kind.");
        }
    }

    private static bool IsNullableValueElement(TypeRef element) => element.Kind switch
    {
        TypeRefKind.Long or TypeRefKind.Integer or TypeRefKind.Double or TypeRefKind.Decimal or TypeRefKind.Boolean or TypeRefKind.Timestamp or TypeRefKind.Enum => true,
        _ => false,
    };

    /// <summary>
    /// What a writer hands <c>TryWriteKept</c> to ask whether the property still holds what was read: the kept entry
    /// remembers an enum by its text (the string reader kept it), so an enum is compared as its text.
    /// </summary>
    public static string KeptValue(TypeRef type, string value) => type.Kind == TypeRefKind.Enum ? value + ".ToString()" : value;

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
