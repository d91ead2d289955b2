using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Diff;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Model.Conventions;

namespace Bunq.CodeGen.Tests.Diff;

/// <summary>One small hand-made model per rule the real specs do not exercise in the npm pair, each with its level.</summary>
public sealed class RuleTests
{
    private static ApiParameter P(string wire, string cs, ParameterType type = ParameterType.Long, bool required = true) => new(wire, cs, type, required, null);

    private static ApiOperation Op(
        string method = "get", string path = "/user/{userID}/payment", string methodName = "ListAsync", ResultShape shape = ResultShape.List,
        string[]? keys = null, ApiParameter[]? pathParameters = null, ApiParameter[]? query = null, string? request = null, string? response = "Payment",
        bool binaryRequest = false, TokenKind token = TokenKind.Session, bool signature = false, string operationId = "List_all_Payment_for_User")
    {
        var objectKeys = keys ?? new[] { "Payment" };
        var (paging, body, headers, key) = ApiModelBuilder.WireDecisions(BunqConventions.Embedded.Facts, method, OperationKind.List, shape, objectKeys, request, response, binaryRequest);
        return new(operationId, method, path, methodName, OperationKind.List, shape, objectKeys.ToEquatableArray(),
            (pathParameters ?? new[] { P("userID", "userId") }).ToEquatableArray(), (query ?? Array.Empty<ApiParameter>()).ToEquatableArray(),
            request, response, binaryRequest, token, signature, "Payment", null, null, "/paths/~1user~1{userID}~1payment/" + method, paging, body, headers, key);
    }

    private static ApiModel Model(ApiOperation[] operations, params ApiType[] types) => new(
        "bunq", "1.0",
        new[] { new ApiResource("Payment", "Payments", "PaymentsEndpoint", operations.ToEquatableArray()) }.ToEquatableArray(),
        types.ToEquatableArray(), EquatableArray<SpecDiagnostic>.Empty);

    private static ApiType T(string name, TypeUsage usage = TypeUsage.Response, ApiProperty[]? properties = null, UnionCase[]? cases = null, TypeKind? kind = null) =>
        new(name, kind ?? (cases is null ? TypeKind.Object : TypeKind.Union), usage, name, (properties ?? Array.Empty<ApiProperty>()).ToEquatableArray(),
            (cases ?? Array.Empty<UnionCase>()).ToEquatableArray(), null, "/components/schemas/" + name);

    private static ApiProperty Prop(string json, string cs, TypeRef? type = null, bool required = false) => new(json, cs, type ?? TypeRef.String, required, null);

    private static DiffFinding Single(ApiModel before, ApiModel after)
    {
        var findings = SpecDiff.Compare(before, after);
        return Assert.Single(findings);
    }

    [Fact]
    public void Members_under_an_account_are_named_as_a_caller_reaches_them()
    {
        static ApiModel Account(params ApiOperation[] operations) => new(
            "bunq", "1.0",
            new[] { new ApiResource("Payment", "Payments", "PaymentsClient", operations.ToEquatableArray(), ResourceScope.MonetaryAccount) }.ToEquatableArray(),
            EquatableArray<ApiType>.Empty, EquatableArray<SpecDiagnostic>.Empty);
        var f = Single(Account(Op(), Op(method: "post", methodName: "CreateAsync", shape: ResultShape.Id, keys: new[] { "Id" }, operationId: "CREATE_Payment_for_User")), Account(Op()));
        Assert.Equal("MonetaryAccount(id).Payments.CreateAsync", f.Member);
    }

    [Fact]
    public void Operation_removed_is_breaking_and_names_the_member()
    {
        var f = Single(Model(new[] { Op(), Op(method: "post", methodName: "CreateAsync", shape: ResultShape.Id, keys: new[] { "Id" }, operationId: "CREATE_Payment_for_User") }), Model(new[] { Op() }));
        Assert.Equal(("operation-removed", DiffLevel.Breaking, "Payments.CreateAsync"), (f.Rule, f.Level, f.Member));
        Assert.Equal("`Payments.CreateAsync` is gone: POST /user/{userID}/payment is no longer in the spec.", f.Message);
        Assert.Null(f.NewPointer);
    }

    [Fact]
    public void Renaming_a_path_parameter_matches_the_operation_and_warns_about_named_arguments()
    {
        var renamed = Op(path: "/user/{userId}/payment", pathParameters: new[] { P("userId", "user") });
        var f = Single(Model(new[] { Op() }), Model(new[] { renamed }));
        Assert.Equal(("parameter-renamed", DiffLevel.Warning), (f.Rule, f.Level));
        Assert.Equal("GET /user/{}/payment", SpecDiff.OperationKey("get", "/user/{userId}/payment"));
    }

    [Theory]
    [InlineData(true, DiffLevel.Breaking)]
    [InlineData(false, DiffLevel.Info)]
    public void A_new_query_parameter_breaks_only_when_required(bool required, DiffLevel level)
    {
        var f = Single(Model(new[] { Op() }), Model(new[] { Op(query: new[] { P("status", "status", ParameterType.String, required) }) }));
        Assert.Equal(("parameter-added", level), (f.Rule, f.Level));
    }

    [Fact]
    public void Query_parameter_removed_and_retyped_are_breaking()
    {
        var before = Model(new[] { Op(query: new[] { P("count", "count", ParameterType.Integer, false), P("older_id", "olderId", ParameterType.Long, false) }) });
        var after = Model(new[] { Op(query: new[] { P("count", "count", ParameterType.String, false) }) });
        var findings = SpecDiff.Compare(before, after);
        Assert.Equal(new[] { ("parameter-removed", DiffLevel.Breaking), ("parameter-retyped", DiffLevel.Breaking) }, findings.Select(f => (f.Rule, f.Level)).OrderBy(x => x.Rule));
    }

    [Fact]
    public void Shape_binary_key_token_and_signature_changes()
    {
        Assert.Equal(("result-shape-changed", DiffLevel.Breaking), Rule(Op(), Op(shape: ResultShape.Object)));
        Assert.Equal(("binary-changed", DiffLevel.Breaking), Rule(Op(), Op(shape: ResultShape.Binary)));
        Assert.Equal(("binary-changed", DiffLevel.Breaking), Rule(Op(), Op(binaryRequest: true)));
        Assert.Equal(("object-type-key-changed", DiffLevel.Breaking), Rule(Op(), Op(keys: new[] { "ScheduledPayment" })));
        Assert.Equal(("token-changed", DiffLevel.Warning), Rule(Op(), Op(token: TokenKind.Installation)));
        Assert.Equal(("signature-changed", DiffLevel.Warning), Rule(Op(), Op(signature: true)));
        Assert.Equal(("response-type-changed", DiffLevel.Breaking), Rule(Op(), Op(response: "PaymentBatch")));
        Assert.Equal(("request-type-changed", DiffLevel.Breaking), Rule(Op(), Op(request: "PaymentRequest")));
        Assert.Equal(("operation-renamed", DiffLevel.Breaking), Rule(Op(), Op(methodName: "ListForUserAsync")));
        Assert.Equal(("operation-id-changed", DiffLevel.Info), Rule(Op(), Op(operationId: "List_all_Payment")));

        static (string, DiffLevel) Rule(ApiOperation before, ApiOperation after)
        {
            var f = Single(Model(new[] { before }), Model(new[] { after }));
            return (f.Rule, f.Level);
        }
    }

    [Fact]
    public void Request_fields_break_when_required_and_warn_when_removed()
    {
        var before = T("PaymentRequest", TypeUsage.Request, new[] { Prop("amount", "Amount", TypeRef.Amount, true), Prop("description", "Description") });
        Assert.Equal(("request-property-added", DiffLevel.Breaking, "PaymentRequest.Iban"), Change(before, before with { Properties = before.Properties.Append(Prop("iban", "Iban", required: true)).ToEquatableArray() }));
        Assert.Equal(("request-property-added", DiffLevel.Info, "PaymentRequest.Iban"), Change(before, before with { Properties = before.Properties.Append(Prop("iban", "Iban")).ToEquatableArray() }));
        Assert.Equal(("request-property-removed", DiffLevel.Warning, "PaymentRequest.Description"), Change(before, before with { Properties = before.Properties.Take(1).ToEquatableArray() }));
        Assert.Equal(("request-property-became-required", DiffLevel.Breaking, "PaymentRequest.Description"), Change(before, before with { Properties = new[] { before.Properties[0], Prop("description", "Description", required: true) }.ToEquatableArray() }));
        Assert.Equal(("request-property-retyped", DiffLevel.Breaking, "PaymentRequest.Amount"), Change(before, before with { Properties = new[] { Prop("amount", "Amount", TypeRef.String, true), before.Properties[1] }.ToEquatableArray() }));
    }

    [Fact]
    public void Response_fields_and_union_cases()
    {
        var payment = T("Payment", properties: new[] { Prop("id", "Id", TypeRef.Long), Prop("amount", "Amount", TypeRef.Amount) });
        Assert.Equal(("response-property-removed", DiffLevel.Breaking, "Payment.Amount"), Change(payment, payment with { Properties = payment.Properties.Take(1).ToEquatableArray() }));
        Assert.Equal(("response-property-retyped", DiffLevel.Breaking, "Payment.Id"), Change(payment, payment with { Properties = new[] { Prop("id", "Id", TypeRef.String), payment.Properties[1] }.ToEquatableArray() }));
        Assert.Equal(("property-renamed", DiffLevel.Breaking, "Payment.Id"), Change(payment, payment with { Properties = new[] { Prop("id", "PaymentId", TypeRef.Long), payment.Properties[1] }.ToEquatableArray() }));
        Assert.Equal(("type-description-changed", DiffLevel.Info, "Payment"), Change(payment, payment with { Description = "A payment." }));

        var union = T("MonetaryAccount", cases: new[] { new UnionCase("MonetaryAccountBank", "Bank", "MonetaryAccountBank") });
        var withJoint = union with { Cases = union.Cases.Append(new UnionCase("MonetaryAccountJoint", "Joint", "MonetaryAccountJoint")).ToEquatableArray() };
        Assert.Equal(("union-case-added", DiffLevel.Warning, "MonetaryAccount.Joint"), Change(union, withJoint));
        Assert.Equal(("union-case-removed", DiffLevel.Breaking, "MonetaryAccount.Joint"), Change(withJoint, union));
        Assert.Equal(("union-case-retyped", DiffLevel.Breaking, "MonetaryAccount.Bank"), Change(union, union with { Cases = new[] { new UnionCase("MonetaryAccountBank", "Bank", "MonetaryAccountBankObject") }.ToEquatableArray() }));
        Assert.Equal(("type-kind-changed", DiffLevel.Breaking, "MonetaryAccount"), Change(union with { Cases = EquatableArray<UnionCase>.Empty }, union with { Cases = EquatableArray<UnionCase>.Empty, Kind = TypeKind.Object }));
    }

    [Fact]
    public void Enum_values_added_are_info_and_removed_are_breaking()
    {
        var pointerType = T("PointerType", TypeUsage.Both, kind: TypeKind.Enum) with
        {
            Values = new[] { new EnumValue("EMAIL", "Email"), new EnumValue("IBAN", "Iban") }.ToEquatableArray(),
        };
        var withPhone = pointerType with { Values = pointerType.Values.Append(new EnumValue("PHONE_NUMBER", "PhoneNumber")).ToEquatableArray() };
        Assert.Equal(("enum-value-added", DiffLevel.Info, "PointerType.PhoneNumber"), Change(pointerType, withPhone));
        Assert.Equal(("enum-value-removed", DiffLevel.Breaking, "PointerType.PhoneNumber"), Change(withPhone, pointerType));
    }

    [Fact]
    public void Types_added_are_info_and_removed_are_breaking()
    {
        var added = Single(Model(new[] { Op() }), Model(new[] { Op() }, T("Payment")));
        Assert.Equal(("type-added", DiffLevel.Info, null, "/components/schemas/Payment"), (added.Rule, added.Level, added.OldPointer, added.NewPointer));
        var removed = Single(Model(new[] { Op() }, T("Payment")), Model(new[] { Op() }));
        Assert.Equal(("type-removed", DiffLevel.Breaking), (removed.Rule, removed.Level));
    }

    private static (string, DiffLevel, string?) Change(ApiType before, ApiType after)
    {
        var f = Single(Model(new[] { Op() }, before), Model(new[] { Op() }, after));
        return (f.Rule, f.Level, f.Member);
    }
}
