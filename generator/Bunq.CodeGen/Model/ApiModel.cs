using Bunq.CodeGen.Diagnostics;

namespace Bunq.CodeGen.Model;

// The plain, equatable description of a bunq API that the Model stage builds and the Emit stage
// turns into text. Nothing from Roslyn or Microsoft.OpenApi lives here, so these values can be
// cached by the incremental generator and compared by the spec-diff.

/// <summary>The whole API as bunq's wire sees it.</summary>
public sealed record ApiModel(
    string Title,
    string ApiVersion,
    EquatableArray<ApiResource> Resources,
    EquatableArray<ApiType> Types,
    EquatableArray<SpecDiagnostic> Diagnostics)
{
    public bool HasErrors
    {
        get
        {
            foreach (var d in Diagnostics)
            {
                if (d.Severity == DiagnosticSeverity.Error) return true;
            }
            return false;
        }
    }
}

/// <summary>
/// A bunq resource (Payment, MonetaryAccountBank, …) in one scope: one resource class in the generated client.
/// <paramref name="Name"/> is bunq's object name, <paramref name="PropertyName"/> its plural.
/// </summary>
public sealed record ApiResource(
    string Name,
    string PropertyName,
    string ClassName,
    EquatableArray<ApiOperation> Operations,
    ResourceScope Scope = ResourceScope.Root)
{
    /// <summary>How a caller reaches it from the root client: <c>Payments</c> under an account is <c>MonetaryAccount(id).Payments</c>.</summary>
    public string Accessor => Scope == ResourceScope.MonetaryAccount ? "MonetaryAccount(id)." + PropertyName : PropertyName;

    /// <summary>How many leading path parameters the scope supplies: the user's id, then the account's.</summary>
    public int ScopeParameters => Scope switch
    {
        ResourceScope.User => 1,
        ResourceScope.MonetaryAccount => 2,
        _ => 0,
    };
}

/// <summary>
/// Where a resource lives in bunq's tree: outside any user (installation, sandbox users), under the user
/// (<c>/user/{id}/…</c>, the client's default user), or under one of the user's monetary accounts
/// (<c>/user/{id}/monetary-account/{id}/…</c>).
/// </summary>
public enum ResourceScope
{
    Root,
    User,
    MonetaryAccount,
}

/// <summary>What an operation does; bunq encodes it in the operationId prefix.</summary>
public enum OperationKind
{
    Create,
    Read,
    List,
    Update,
    Delete,
}

/// <summary>What the <c>Response</c> envelope of an operation carries.</summary>
public enum ResultShape
{
    /// <summary><c>{"Response":[{"Id":{"id":1}}]}</c></summary>
    Id,
    /// <summary><c>{"Response":[{"Uuid":{"uuid":"…"}}]}</c></summary>
    Uuid,
    /// <summary>One object under one object-type key.</summary>
    Object,
    /// <summary>Many objects under one object-type key, plus <c>Pagination</c>.</summary>
    List,
    /// <summary>Each element is one of several object types (anchor endpoints).</summary>
    Union,
    /// <summary>Several elements of different keys that together form one result (installation, session-server).</summary>
    Multi,
    /// <summary>Raw bytes, not JSON.</summary>
    Binary,
    /// <summary>Nothing worth reading (deletes).</summary>
    Empty,
}

/// <summary>Which token goes into <c>X-Bunq-Client-Authentication</c>.</summary>
public enum TokenKind
{
    None,
    Installation,
    Session,
}

public enum ParameterType
{
    Long,
    String,
    Integer,
    Boolean,
}

public sealed record ApiParameter(
    string WireName,
    string CSharpName,
    ParameterType Type,
    bool Required,
    string? Description);

public sealed record ApiOperation(
    string OperationId,
    string Method,
    string Path,
    string MethodName,
    OperationKind Kind,
    ResultShape Shape,
    EquatableArray<string> Keys,
    EquatableArray<ApiParameter> PathParameters,
    EquatableArray<ApiParameter> QueryParameters,
    string? RequestType,
    string? ResponseType,
    bool BinaryRequest,
    TokenKind Token,
    bool SignatureRequired,
    string Tag,
    string? Summary,
    string? Description,
    string JsonPointer,
    ApiPaging? Paging,
    ApiBody Body,
    EquatableArray<ApiHeader> Headers,
    string ObjectTypeKey);

/// <summary>
/// A listing that pages: the query parameters bunq pages it with (they are the page options', not the method's own),
/// the largest page, and the page options' parameter doc. Null on every other operation.
/// </summary>
public sealed record ApiPaging(EquatableArray<string> Parameters, int MaxPageSize, string OptionsDoc);

public enum BodyKind
{
    /// <summary>No body (GET, DELETE).</summary>
    None,
    /// <summary>The request model, serialised as JSON.</summary>
    Model,
    /// <summary>The caller's bytes with the caller's media type (attachment uploads).</summary>
    Binary,
    /// <summary>A fixed body (<see cref="ApiBody.Text"/>): bunq expects one on every POST/PUT, even where the spec declares none.</summary>
    Fixed,
}

/// <summary>What the request sends as its body; <see cref="ContentType"/> is null for <see cref="BodyKind.Binary"/> (the caller gives it).</summary>
public sealed record ApiBody(BodyKind Kind, string? ContentType = null, string? Text = null)
{
    public static readonly ApiBody None = new ApiBody(BodyKind.None);
}

/// <summary>A request header the method sends from an optional parameter of its own (X-Bunq-Attachment-Description).</summary>
public sealed record ApiHeader(string Name, string ParameterName);

public enum TypeKind
{
    /// <summary>A plain JSON object with named fields.</summary>
    Object,
    /// <summary>An object with exactly one PascalCase key naming the object type (implicit polymorphism).</summary>
    Union,
    /// <summary>The several-parts answer of installation and session-server.</summary>
    Multi,
    /// <summary>A string whose allowed values bunq lists in prose: an extensible enum that keeps any other value.</summary>
    Enum,
}

/// <summary>Which way a type travels; bunq's readOnly/writeOnly flags split one schema into two.</summary>
public enum TypeUsage
{
    Response,
    Request,
    Both,
}

public sealed record ApiType(
    string Name,
    TypeKind Kind,
    TypeUsage Usage,
    string SchemaName,
    EquatableArray<ApiProperty> Properties,
    EquatableArray<UnionCase> Cases,
    string? Description,
    string JsonPointer,
    EquatableArray<EnumValue> Values = default);

/// <summary>A value of an extensible enum: the wire text and the C# name of its static member.</summary>
public sealed record EnumValue(string Wire, string CSharpName);

public enum TypeRefKind
{
    String,
    Long,
    Integer,
    Double,
    /// <summary>A number read as decimal: fields the spec calls integer that carry fractions (the conventions table says which).</summary>
    Decimal,
    Boolean,
    Timestamp,
    Amount,
    Model,
    Array,
    /// <summary>Free-form JSON the spec does not describe; surfaced as a JsonElement.</summary>
    Json,
    /// <summary>A string with prose-listed values; <see cref="TypeRef.ModelName"/> names the enum type.</summary>
    Enum,
}

public sealed record TypeRef(TypeRefKind Kind, string? ModelName = null, TypeRef? Element = null)
{
    public static readonly TypeRef String = new TypeRef(TypeRefKind.String);
    public static readonly TypeRef Long = new TypeRef(TypeRefKind.Long);
    public static readonly TypeRef Integer = new TypeRef(TypeRefKind.Integer);
    public static readonly TypeRef Double = new TypeRef(TypeRefKind.Double);
    public static readonly TypeRef Decimal = new TypeRef(TypeRefKind.Decimal);
    public static readonly TypeRef Boolean = new TypeRef(TypeRefKind.Boolean);
    public static readonly TypeRef Timestamp = new TypeRef(TypeRefKind.Timestamp);
    public static readonly TypeRef Amount = new TypeRef(TypeRefKind.Amount);
    public static readonly TypeRef Json = new TypeRef(TypeRefKind.Json);

    public static TypeRef Model(string name) => new TypeRef(TypeRefKind.Model, name);

    public static TypeRef EnumOf(string name) => new TypeRef(TypeRefKind.Enum, name);

    public static TypeRef ArrayOf(TypeRef element) => new TypeRef(TypeRefKind.Array, null, element);

    public override string ToString() => Kind switch
    {
        TypeRefKind.Model or TypeRefKind.Enum => ModelName ?? "?",
        TypeRefKind.Array => (Element?.ToString() ?? "?") + "[]",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

public sealed record ApiProperty(
    string JsonName,
    string CSharpName,
    TypeRef Type,
    bool Required,
    string? Description);

/// <summary>
/// One variant of a union: the object-type key on the wire and the model it carries. <paramref name="IsUnion"/>: the
/// case is itself a union (an anchor such as MonetaryAccount), whose own keys also select this case.
/// </summary>
public sealed record UnionCase(string Key, string CaseName, string TypeName, bool IsUnion = false);
