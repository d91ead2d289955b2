using System.Collections.Generic;

namespace Bunq.CodeGen.Emit;

// Plain view data for the templates. Scriban exposes these properties in snake_case (PathVar → path_var).
// The type side is data only: names are final identifiers, wire names are raw text, a type is a TypeRefView;
// the C# syntax for them (type names, reads, writes, literals, the file header) lives in Templates/_Shared.scriban.
// The method side is data the same way: parameters, path segments, queries, the body and the result are views that
// _Shared's cs_parameters, cs_path, cs_query_value, cs_body, cs_result_type and cs_result_read write.

internal abstract class FileView
{
    public string Namespace { get; set; } = "";
    public string Version { get; set; } = EmitOptions.GeneratorVersion;
    public bool XmlDocs { get; set; }
    public string Name { get; set; } = "";
    public string FullName { get; set; } = "";
    public IReadOnlyList<string> Doc { get; set; } = new string[0];
}

/// <summary>A TypeRef as the templates see it: <c>cs_element_type</c>, <c>cs_read</c> and <c>cs_write</c> in _Shared turn it into C#.</summary>
internal sealed class TypeRefView
{
    /// <summary>The <see cref="Model.TypeRefKind"/> in lower case: string, long, …, model, enum, array.</summary>
    public string Kind { get; set; } = "";
    /// <summary>The full name of the model or enum type; null for other kinds.</summary>
    public string? Model { get; set; }
    /// <summary>The element of an array; null for other kinds.</summary>
    public TypeRefView? Element { get; set; }
}

internal sealed class PropertyView
{
    public IReadOnlyList<string> Doc { get; set; } = new string[0];
    public TypeRefView Type { get; set; } = new TypeRefView();
    public string Name { get; set; } = "";
    /// <summary>The JSON name (or object-type key) as it is on the wire.</summary>
    public string Json { get; set; } = "";
    /// <summary>The property's position: its value local is value{index}, its null bit is bit index % 64 of word index / 64.</summary>
    public int Index { get; set; }
    /// <summary>A request field the spec requires: a C# <c>required</c> member.</summary>
    public bool Required { get; set; }
    public int NullWord { get; set; }
    /// <summary>The bit of word <see cref="NullWord"/> that remembers the wire sent this property as null, as hex digits
    /// (1, 2, 4 or 8 and zeros; computed once here rather than by four table lookups for each of its two uses).</summary>
    public string NullMask { get; set; } = "";
}

internal sealed class ObjectView : FileView
{
    /// <summary>This type's methods of the model factory; null for a request model.</summary>
    public FactoryView? Factory { get; set; }
    public IReadOnlyList<PropertyView> Properties { get; set; } = new PropertyView[0];
    /// <summary>The one list property of a wrapper that also reads its list sent bare; null otherwise.</summary>
    public PropertyView? BareArray { get; set; }
    public IReadOnlyList<string> UnknownFieldsDoc { get; set; } = new string[0];
    public IReadOnlyList<string> BareArrayDoc { get; set; } = new string[0];
    /// <summary>The type's name as drift events name fields: Type.json_name.</summary>
    public string TypeName { get; set; } = "";
    /// <summary>The words of null bits, 0 to (properties - 1) / 64.</summary>
    public IReadOnlyList<int> NullWords { get; set; } = new int[0];
    public IReadOnlyList<string> ReadDoc { get; set; } = new string[0];
    public IReadOnlyList<string> WriteDoc { get; set; } = new string[0];
    /// <summary>Some member is <c>required</c>: the type declares a public constructor and one the reader uses.</summary>
    public bool HasRequired { get; set; }
    public IReadOnlyList<string> CtorDoc { get; set; } = new string[0];
}

internal sealed class EnumValueView
{
    public IReadOnlyList<string> Doc { get; set; } = new string[0];
    public string Name { get; set; } = "";
    /// <summary>The wire text.</summary>
    public string Wire { get; set; } = "";
}

internal sealed class EnumView : FileView
{
    public IReadOnlyList<EnumValueView> Values { get; set; } = new EnumValueView[0];
    public IReadOnlyList<string> CtorDoc { get; set; } = new string[0];
    public IReadOnlyList<string> ImplicitDoc { get; set; } = new string[0];
    public IReadOnlyList<string> EqualsDoc { get; set; } = new string[0];
    public IReadOnlyList<string> NotEqualsDoc { get; set; } = new string[0];
    public IReadOnlyList<string> InheritDoc { get; set; } = new string[0];
    public IReadOnlyList<string> ToStringDoc { get; set; } = new string[0];
}

internal sealed class MultiView : FileView
{
    /// <summary>This type's methods of the model factory; null for a request model.</summary>
    public FactoryView? Factory { get; set; }
    public IReadOnlyList<PropertyView> Properties { get; set; } = new PropertyView[0];
    public IReadOnlyList<string> CreateDoc { get; set; } = new string[0];
    public IReadOnlyList<string> ReadDoc { get; set; } = new string[0];
}

internal sealed class CaseView
{
    public string Name { get; set; } = "";
    /// <summary>The object-type key as it is on the wire.</summary>
    public string Key { get; set; } = "";
    /// <summary>The full name of the case's type.</summary>
    public string Type { get; set; } = "";
    /// <summary>The case's type is itself a union (a nested anchor).</summary>
    public bool IsUnion { get; set; }
    public IReadOnlyList<string> Doc { get; set; } = new string[0];
    public IReadOnlyList<string> CtorDoc { get; set; } = new string[0];
    public IReadOnlyList<string> ValueDoc { get; set; } = new string[0];
    public IReadOnlyList<string> NestedCtorDoc { get; set; } = new string[0];
    public IReadOnlyList<string> UnderOwnKeyDoc { get; set; } = new string[0];
}

internal sealed class UnionView : FileView
{
    /// <summary>This type's methods of the model factory; null for a request model.</summary>
    public FactoryView? Factory { get; set; }
    public IReadOnlyList<CaseView> Cases { get; set; } = new CaseView[0];
    public string Unknown { get; set; } = "Unknown";
    public IReadOnlyList<string> ObjectTypeDoc { get; set; } = new string[0];
    public IReadOnlyList<string> ReadDoc { get; set; } = new string[0];
    public IReadOnlyList<string> WriteDoc { get; set; } = new string[0];
    public IReadOnlyList<string> TryReadCaseDoc { get; set; } = new string[0];
    /// <summary>The union's name as drift events name it.</summary>
    public string TypeName { get; set; } = "";
    public IReadOnlyList<string> InheritDoc { get; set; } = new string[0];
    public IReadOnlyList<string> UnknownDoc { get; set; } = new string[0];
    public IReadOnlyList<string> UnknownCtorDoc { get; set; } = new string[0];
    public IReadOnlyList<string> UnknownKeyDoc { get; set; } = new string[0];
    public IReadOnlyList<string> UnknownRawDoc { get; set; } = new string[0];
}

/// <summary>
/// One parameter of a generated method: <c>cs_parameters</c> in _Shared writes its declaration. <see cref="Type"/> is
/// a key of _Shared's <c>cs_parameter_types</c> (long, integer, boolean, string, bytes, page_options, call_options,
/// token) or <c>model</c> with <see cref="Model"/> the full name.
/// </summary>
internal sealed class ParameterView
{
    public string Type { get; set; } = "";
    public string? Model { get; set; }
    public bool Nullable { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The caller may leave it out: null when nullable, the value type's default otherwise (or <see cref="DefaultValue"/>).</summary>
    public bool Optional { get; set; }
    public int? DefaultValue { get; set; }
}

/// <summary>A piece of a request path: literal text (raw, not yet quoted), or the parameter or field named <see cref="Name"/>.</summary>
internal sealed class PathSegmentView
{
    public string? Literal { get; set; }
    public string? Name { get; set; }
    /// <summary>The parameter is a bool, written as true/false rather than through BunqPath.Segment.</summary>
    public bool Boolean { get; set; }
}

internal sealed class QueryView
{
    /// <summary>The query parameter's name on the wire.</summary>
    public string Wire { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The <see cref="ParameterView.Type"/> key of the parameter.</summary>
    public string Type { get; set; } = "";
    /// <summary>Sent only when the caller gave it (a nullable parameter).</summary>
    public bool Optional { get; set; }
}

/// <summary>The request body: <c>binary</c> (the content and content-type parameters), <c>model</c> (the request parameter, serialised) or <c>fixed</c> (a constant text).</summary>
internal sealed class BodyView
{
    public string Kind { get; set; } = "";
    /// <summary>The parameter holding the body (binary, model) or the constant text (fixed).</summary>
    public string Value { get; set; } = "";
    /// <summary>The parameter holding the media type (binary) or the media type's text (model, fixed).</summary>
    public string ContentType { get; set; } = "";
}

/// <summary>
/// What a method hands back and how it reads the answer: <see cref="Kind"/> is id, uuid, binary, empty, list,
/// union_list, union, multi or object; <c>cs_result_type</c> and <c>cs_result_read</c> in _Shared write the C#.
/// </summary>
internal sealed class ResultView
{
    public string Kind { get; set; } = "";
    /// <summary>The full name of the result model (or of a page's item); null for id, uuid, binary and empty.</summary>
    public string? Type { get; set; }
    /// <summary>The object-type key a list or object is read under, and the other keys bunq has sent it under.</summary>
    public string Key { get; set; } = "";
    public IReadOnlyList<string> Aliases { get; set; } = new string[0];
}

/// <summary>The <c>…AllAsync</c> twin of a list method: a pageable over the paged method.</summary>
internal sealed class AllView
{
    public IReadOnlyList<string> Doc { get; set; } = new string[0];
    public string Name { get; set; } = "";
    public IReadOnlyList<ParameterView> Parameters { get; set; } = new ParameterView[0];
    /// <summary>The paged method's arguments before its page options, call options and token (the shared parameters).</summary>
    public IReadOnlyList<string> Arguments { get; set; } = new string[0];
    public string OptionsVar { get; set; } = "";
    public string TokenVar { get; set; } = "";
    public string CallOptionsParam { get; set; } = "";
    public string PageSizeParam { get; set; } = "";
    public string OuterTokenParam { get; set; } = "";
}

internal sealed class MethodView
{
    public IReadOnlyList<string> Doc { get; set; } = new string[0];
    public ResultView Result { get; set; } = new ResultView();
    public string Name { get; set; } = "";
    public IReadOnlyList<ParameterView> Parameters { get; set; } = new ParameterView[0];
    /// <summary>Non-nullable reference parameters, checked for null first.</summary>
    public IReadOnlyList<string> Guards { get; set; } = new string[0];
    public string PathVar { get; set; } = "";
    public IReadOnlyList<PathSegmentView> Path { get; set; } = new PathSegmentView[0];
    public IReadOnlyList<QueryView> Query { get; set; } = new QueryView[0];
    public string? PageParam { get; set; }
    public string RequestVar { get; set; } = "";
    public string ResponseVar { get; set; } = "";
    public string TokenParam { get; set; } = "";
    public string CallOptionsParam { get; set; } = "";
    /// <summary>The HTTP method in upper case.</summary>
    public string HttpMethod { get; set; } = "";
    public BodyView? Body { get; set; }
    /// <summary>The parameter sent as the attachment-description header; null when the operation has none.</summary>
    public string? DescriptionParam { get; set; }
    /// <summary>The member of BunqAuth: None, Installation or Session.</summary>
    public string Auth { get; set; } = "";
    public bool SignatureRequired { get; set; }
    public string OperationId { get; set; } = "";
    public bool ExpectsBinary { get; set; }
    public AllView? All { get; set; }
    /// <summary>The local the scope's user id is read into; null for calls outside a user.</summary>
    public string? UserVar { get; set; }
}

internal sealed class ResourceView : FileView
{
    public IReadOnlyList<string> CtorDoc { get; set; } = new string[0];
    public IReadOnlyList<string> MockCtorDoc { get; set; } = new string[0];
    public IReadOnlyList<MethodView> Methods { get; set; } = new MethodView[0];
    /// <summary>The resource lives under a user (a BunqUser field) and under an account (a long field too).</summary>
    public bool HasUser { get; set; }
    public bool HasAccount { get; set; }
}

internal sealed class ClientResourceView
{
    public IReadOnlyList<string> Doc { get; set; } = new string[0];
    public string Name { get; set; } = "";
    public string Field { get; set; } = "";
    /// <summary>The full name of the resource class.</summary>
    public string Type { get; set; } = "";
    /// <summary>The resource is made with the scope's user, and with its account too.</summary>
    public bool User { get; set; }
    public bool Account { get; set; }
}

internal sealed class ScopeView
{
    public IReadOnlyList<string> Doc { get; set; } = new string[0];
    public IReadOnlyList<string> CtorDoc { get; set; } = new string[0];
    public IReadOnlyList<string> MockCtorDoc { get; set; } = new string[0];
    public IReadOnlyList<string> IdDoc { get; set; } = new string[0];
    public IReadOnlyList<string> MethodDoc { get; set; } = new string[0];
    public string Name { get; set; } = "";
    public string IdName { get; set; } = "MonetaryAccountId";
    public IReadOnlyList<ClientResourceView> Resources { get; set; } = new ClientResourceView[0];
}

internal sealed class FactoryParameterView
{
    public TypeRefView Type { get; set; } = new TypeRefView();
    public string Name { get; set; } = "";
    /// <summary>The property the argument sets; null for a union case's value (a required argument).</summary>
    public string? Property { get; set; }
}

internal sealed class FactoryMethodView
{
    public IReadOnlyList<string> Doc { get; set; } = new string[0];
    /// <summary>The full name of the model the method builds.</summary>
    public string Returns { get; set; } = "";
    public string Name { get; set; } = "";
    public IReadOnlyList<FactoryParameterView> Parameters { get; set; } = new FactoryParameterView[0];
    /// <summary>The case class (nested in <see cref="Returns"/>) for a union case's overload; null for a model.</summary>
    public string? Case { get; set; }
}

/// <summary>The model factory: the client file declares it with its doc (no methods), each response model's file adds its methods.</summary>
internal sealed class FactoryView
{
    public IReadOnlyList<string> Doc { get; set; } = new string[0];
    public string Name { get; set; } = "";
    public IReadOnlyList<FactoryMethodView> Methods { get; set; } = new FactoryMethodView[0];
}

internal sealed class ClientView : FileView
{
    /// <summary>The static class that builds response models for tests; null when the model has none.</summary>
    public FactoryView? Factory { get; set; }
    public IReadOnlyList<string> CtorDoc { get; set; } = new string[0];
    public IReadOnlyList<string> ApiCtorDoc { get; set; } = new string[0];
    public IReadOnlyList<string> UserCtorDoc { get; set; } = new string[0];
    public IReadOnlyList<string> MockCtorDoc { get; set; } = new string[0];
    public IReadOnlyList<string> ApiDoc { get; set; } = new string[0];
    public IReadOnlyList<string> UserDoc { get; set; } = new string[0];
    public IReadOnlyList<string> DisposeDoc { get; set; } = new string[0];
    public IReadOnlyList<string> DisposeCoreDoc { get; set; } = new string[0];
    public string ApiName { get; set; } = "Api";
    public string UserName { get; set; } = "User";
    public IReadOnlyList<ClientResourceView> Resources { get; set; } = new ClientResourceView[0];
    /// <summary>The account scope: <c>bunq.MonetaryAccount(id)</c>; null when the spec has no account resources.</summary>
    public ScopeView? Scope { get; set; }
    public string ScopeMethod { get; set; } = "MonetaryAccount";
}
