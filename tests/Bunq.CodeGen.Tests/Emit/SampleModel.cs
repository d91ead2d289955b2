using Bunq.CodeGen;
using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Tests.Emit;

/// <summary>
/// A hand-built slice of bunq's API covering every shape the emitter has to handle: a Payment resource
/// (create/read/list), the MonetaryAccount anchor union, the installation multi result, a binary
/// download and upload, a delete, a body-less PUT, and Event with its nested object union. Field names
/// follow bunq's wire; NameClash exists only to provoke the emitter's renaming rules.
/// </summary>
internal static class SampleModel
{
    private static EquatableArray<T> A<T>(params T[] items) where T : System.IEquatable<T> => items.ToEquatableArray();

    private static ApiProperty P(string json, string name, TypeRef type, string? description = null)
        => new(json, name, type, false, description);

    private static ApiParameter Path(string wire, string name) => new(wire, name, ParameterType.Long, true, null);

    private static ApiType Object(string name, string? description, params ApiProperty[] properties)
        => new(name, TypeKind.Object, TypeUsage.Response, name, A(properties), EquatableArray<UnionCase>.Empty, description, "#/components/schemas/" + name);

    private static ApiOperation Op(
        string operationId, string method, string path, string methodName, OperationKind kind, ResultShape shape,
        string[] keys, ApiParameter[] pathParameters, string? requestType, string? responseType,
        bool binaryRequest = false, TokenKind token = TokenKind.Session, bool signature = false, string? summary = null)
    {
        var (paging, body, headers, key) = ApiModelBuilder.WireDecisions(Bunq.CodeGen.Model.Conventions.BunqConventions.Embedded.Facts, method, kind, shape, keys, requestType, responseType, binaryRequest);
        return new(operationId, method, path, methodName, kind, shape, A(keys), A(pathParameters), EquatableArray<ApiParameter>.Empty,
            requestType, responseType, binaryRequest, token, signature, "tag", summary, null, "#/paths/" + operationId, paging, body, headers, key);
    }

    public static ApiModel Create()
    {
        var user = Path("userID", "userId");
        var account = Path("monetary-accountID", "monetaryAccountId");
        var item = Path("itemId", "itemId");
        var payment = Path("paymentID", "paymentId");

        var types = new[]
        {
            Object("Pointer", "A Pointer is a way of pointing to a user & their <account>.",
                P("type", "Type", TypeRef.EnumOf("PointerType"), "The alias type, can be: EMAIL|PHONE_NUMBER|IBAN."),
                P("types_seen", "TypesSeen", TypeRef.ArrayOf(TypeRef.EnumOf("PointerType"))),
                P("value", "Value", TypeRef.String, "The alias value."),
                P("name", "Name", TypeRef.String, "The alias name.\nOnly for IBAN aliases.")),
            new ApiType("PointerType", TypeKind.Enum, TypeUsage.Both, "Pointer", EquatableArray<ApiProperty>.Empty, EquatableArray<UnionCase>.Empty,
                "The values bunq lists for Pointer.type: \"The alias type, can be: EMAIL|PHONE_NUMBER|IBAN.\"", "#/components/schemas/Pointer/properties/type",
                A(new EnumValue("EMAIL", "Email"), new EnumValue("PHONE_NUMBER", "PhoneNumber"), new EnumValue("IBAN", "Iban"))),
            Object("LabelMonetaryAccount", null,
                P("iban", "Iban", TypeRef.String),
                P("display_name", "DisplayName", TypeRef.String),
                P("country", "Country", TypeRef.String),
                P("is_light", "IsLight", TypeRef.Boolean)),
            Object("Payment", "Using Payment, you can send payments to bunq and non-bunq users.",
                P("id", "Id", TypeRef.Long, "The id of the created Payment."),
                P("created", "Created", TypeRef.Timestamp),
                P("updated", "Updated", TypeRef.Timestamp),
                P("monetary_account_id", "MonetaryAccountId", TypeRef.Long),
                P("amount", "Amount", TypeRef.Amount),
                P("alias", "Alias", TypeRef.Model("LabelMonetaryAccount")),
                P("counterparty_alias", "CounterpartyAlias", TypeRef.Model("LabelMonetaryAccount")),
                P("description", "Description", TypeRef.String),
                P("type", "Type", TypeRef.String),
                P("balance_after_mutation", "BalanceAfterMutation", TypeRef.Amount),
                P("geolocation", "Geolocation", TypeRef.Json)),
            new ApiType("PaymentCreate", TypeKind.Object, TypeUsage.Request, "Payment", A(
                    new ApiProperty("amount", "Amount", TypeRef.Amount, true, "The amount; bunq requires it."),
                    P("counterparty_alias", "CounterpartyAlias", TypeRef.Model("Pointer")),
                    P("description", "Description", TypeRef.String),
                    P("attachment", "Attachment", TypeRef.ArrayOf(TypeRef.Model("AttachmentMonetaryAccountPayment"))),
                    P("merchant_reference", "MerchantReference", TypeRef.String),
                    P("allow_bunqto", "AllowBunqto", TypeRef.Boolean)),
                EquatableArray<UnionCase>.Empty, null, "#/components/schemas/Payment"),
            Object("AttachmentMonetaryAccountPayment", null,
                P("id", "Id", TypeRef.Long)),
            Object("MonetaryAccountBank", "With MonetaryAccountBank you can create a new bank account.",
                P("id", "Id", TypeRef.Long),
                P("created", "Created", TypeRef.Timestamp),
                P("description", "Description", TypeRef.String),
                P("balance", "Balance", TypeRef.Amount),
                P("currency", "Currency", TypeRef.String),
                P("status", "Status", TypeRef.String),
                P("alias", "Alias", TypeRef.ArrayOf(TypeRef.Model("Pointer")))),
            Object("MonetaryAccountSavings", null,
                P("id", "Id", TypeRef.Long),
                P("description", "Description", TypeRef.String),
                P("balance", "Balance", TypeRef.Amount),
                P("savings_goal", "SavingsGoal", TypeRef.Amount)),
            new ApiType("MonetaryAccount", TypeKind.Union, TypeUsage.Response, "MonetaryAccountRead", EquatableArray<ApiProperty>.Empty,
                A(new UnionCase("MonetaryAccountBank", "Bank", "MonetaryAccountBank"),
                  new UnionCase("MonetaryAccountSavings", "Savings", "MonetaryAccountSavings")),
                "A monetary account of any kind.", "#/components/schemas/MonetaryAccountRead"),
            Object("Event", "Used to view events.",
                P("id", "Id", TypeRef.Long),
                P("created", "Created", TypeRef.Timestamp),
                P("action", "Action", TypeRef.String),
                P("user_id", "UserId", TypeRef.String),
                P("monetary_account_id", "MonetaryAccountId", TypeRef.Long),
                P("object", "Object", TypeRef.Model("EventObject")),
                P("status", "Status", TypeRef.String)),
            // The case named like the model it wraps (Payment) is the reason model types are written fully qualified.
            new ApiType("EventObject", TypeKind.Union, TypeUsage.Response, "EventObject", EquatableArray<ApiProperty>.Empty,
                A(new UnionCase("Payment", "Payment", "Payment"),
                  new UnionCase("MonetaryAccountBank", "MonetaryAccountBank", "MonetaryAccountBank")),
                null, "#/components/schemas/EventObject"),
            Object("InstallationCreate", null,
                P("client_public_key", "ClientPublicKey", TypeRef.String)),
            Object("BunqId", null, P("id", "Id", TypeRef.Long)),
            Object("InstallationToken", null,
                P("id", "Id", TypeRef.Long),
                P("created", "Created", TypeRef.Timestamp),
                P("token", "Token", TypeRef.String)),
            Object("InstallationServerPublicKey", null,
                P("server_public_key", "ServerPublicKey", TypeRef.String)),
            new ApiType("Installation", TypeKind.Multi, TypeUsage.Response, "InstallationCreate", A(
                    P("Id", "Id", TypeRef.Model("BunqId")),
                    P("Token", "Token", TypeRef.Model("InstallationToken")),
                    P("ServerPublicKey", "ServerPublicKey", TypeRef.Model("InstallationServerPublicKey"))),
                EquatableArray<UnionCase>.Empty, null, "#/paths/installation"),
            Object("NameClash", "Members named like the type, like generated members, like keywords; arrays of every element kind.",
                P("name_clash", "NameClash", TypeRef.String),
                P("read_json", "ReadJson", TypeRef.String),
                P("to_string", "ToString", TypeRef.String),
                P("class", "class", TypeRef.Integer),
                P("ids", "Ids", TypeRef.ArrayOf(TypeRef.Long)),
                P("labels", "Labels", TypeRef.ArrayOf(TypeRef.String)),
                P("ratios", "Ratios", TypeRef.ArrayOf(TypeRef.Double)),
                P("grid", "Grid", TypeRef.ArrayOf(TypeRef.ArrayOf(TypeRef.Integer))),
                P("amounts", "Amounts", TypeRef.ArrayOf(TypeRef.Amount)),
                P("raw", "Raw", TypeRef.ArrayOf(TypeRef.Json)),
                P("when", "When", TypeRef.ArrayOf(TypeRef.Timestamp)),
                P("quote\"d", "Quoted", TypeRef.Double)),
            // Degenerate shapes the templates must still turn into valid code.
            Object("EmptyObject", null),
            new ApiType("EmptyUnion", TypeKind.Union, TypeUsage.Response, "EmptyUnion", EquatableArray<ApiProperty>.Empty,
                EquatableArray<UnionCase>.Empty, null, "#/components/schemas/EmptyUnion"),
            new ApiType("EmptyMulti", TypeKind.Multi, TypeUsage.Response, "EmptyMulti", EquatableArray<ApiProperty>.Empty,
                EquatableArray<UnionCase>.Empty, null, "#/components/schemas/EmptyMulti"),
        };

        var resources = new[]
        {
            new ApiResource("Payment", "Payments", "PaymentEndpoint", A(
                Op("CREATE_Payment_for_User_MonetaryAccount", "POST", "/user/{userID}/monetary-account/{monetary-accountID}/payment",
                    "CreateAsync", OperationKind.Create, ResultShape.Id, new[] { "Id" }, new[] { user, account }, "PaymentCreate", null,
                    signature: true, summary: "Create a new Payment & send it <now>."),
                Op("READ_Payment_for_User_MonetaryAccount", "GET", "/user/{userID}/monetary-account/{monetary-accountID}/payment/{itemId}",
                    "GetAsync", OperationKind.Read, ResultShape.Object, new[] { "Payment" }, new[] { user, account, item }, null, "Payment"),
                Op("List_all_Payment_for_User_MonetaryAccount", "GET", "/user/{userID}/monetary-account/{monetary-accountID}/payment",
                    "ListAsync", OperationKind.List, ResultShape.List, new[] { "Payment" }, new[] { user, account }, null, "Payment")), ResourceScope.MonetaryAccount),
            new ApiResource("MonetaryAccount", "MonetaryAccounts", "MonetaryAccountEndpoint", A(
                Op("READ_MonetaryAccount_for_User", "GET", "/user/{userID}/monetary-account/{itemId}",
                    "GetAsync", OperationKind.Read, ResultShape.Union, new[] { "MonetaryAccountBank", "MonetaryAccountSavings" }, new[] { user, item }, null, "MonetaryAccount"),
                Op("List_all_MonetaryAccount_for_User", "GET", "/user/{userID}/monetary-account",
                    "ListAsync", OperationKind.List, ResultShape.Union, new[] { "MonetaryAccountBank", "MonetaryAccountSavings" }, new[] { user }, null, "MonetaryAccount")), ResourceScope.User),
            new ApiResource("Event", "Events", "EventEndpoint", A(
                Op("List_all_Event_for_User", "GET", "/user/{userID}/event",
                    "ListAsync", OperationKind.List, ResultShape.List, new[] { "Event" }, new[] { user }, null, "Event"))),
            new ApiResource("Installation", "Installations", "InstallationEndpoint", A(
                Op("CREATE_Installation", "POST", "/installation", "CreateAsync", OperationKind.Create, ResultShape.Multi,
                    new[] { "Id", "Token", "ServerPublicKey" }, new ApiParameter[0], "InstallationCreate", "Installation", token: TokenKind.None))),
            new ApiResource("AttachmentPublicContent", "AttachmentPublicContents", "AttachmentPublicContentEndpoint", A(
                Op("List_all_Content_for_AttachmentPublic", "GET", "/attachment-public/{attachment-publicUUID}/content", "ListAsync",
                    OperationKind.List, ResultShape.Binary, new string[0],
                    new[] { new ApiParameter("attachment-publicUUID", "attachmentPublicUuid", ParameterType.String, true, "The attachment's uuid.") },
                    null, null))),
            new ApiResource("AttachmentPublic", "AttachmentPublics", "AttachmentPublicEndpoint", A(
                Op("CREATE_AttachmentPublic", "POST", "/attachment-public", "CreateAsync", OperationKind.Create, ResultShape.Uuid,
                    new[] { "Uuid" }, new ApiParameter[0], null, null, binaryRequest: true))),
            new ApiResource("NoteText", "NoteTexts", "NoteTextEndpoint", A(
                Op("DELETE_NoteText_for_User_MonetaryAccount_Payment", "DELETE",
                    "/user/{userID}/monetary-account/{monetary-accountID}/payment/{paymentID}/note-text/{itemId}", "DeleteAsync",
                    OperationKind.Delete, ResultShape.Empty, new string[0], new[] { user, account, payment, item }, null, null),
                Op("UPDATE_NoteText_for_User_MonetaryAccount_Payment", "PUT",
                    "/user/{userID}/monetary-account/{monetary-accountID}/payment/{paymentID}/note-text/{itemId}", "UpdateAsync",
                    OperationKind.Update, ResultShape.Id, new[] { "Id" }, new[] { user, account, payment, item }, null, null))),
        };

        return new ApiModel("bunq API", "1.0", A(resources), A(types), EquatableArray<Bunq.CodeGen.Diagnostics.SpecDiagnostic>.Empty);
    }
}
