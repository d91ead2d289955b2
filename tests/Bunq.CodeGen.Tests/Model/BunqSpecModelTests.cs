using System.Text.Json;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Tests.Load;
using Bunq.CodeGen.Tests.TestSupport;

namespace Bunq.CodeGen.Tests.Model;

/// <summary>Builds the model of the 2025 spec and of specs/bunq.com.json once per test class.</summary>
public sealed class BunqModels
{
    public BunqModels()
    {
        Repo = ApiModelBuilder.Build(SpecFiles.RepoSpec, File.ReadAllText(SpecFiles.RepoSpec));
        if (SpecFiles.SharedSpecsFolder is not null)
        {
            var path = Path.Combine(SpecFiles.SharedSpecsFolder, SpecFiles.Spec2025);
            Spec2025 = ApiModelBuilder.Build(path, File.ReadAllText(path));
        }
    }

    public ApiModel Repo { get; }

    public ApiModel? Spec2025 { get; }

    public ApiModel Require2025()
    {
        SpecFiles.RequireSharedSpecs();
        return Spec2025!;
    }
}

public sealed class BunqSpecModelTests : IClassFixture<BunqModels>
{
    private readonly BunqModels _models;

    public BunqSpecModelTests(BunqModels models) => _models = models;

    private static IEnumerable<ApiOperation> Operations(ApiModel model) => model.Resources.SelectMany(r => r.Operations);

    private static ApiOperation Op(ApiModel model, string method, string path)
        => Operations(model).SingleOrDefault(o => o.Method == method && o.Path == path)
           ?? throw new Xunit.Sdk.XunitException($"{method.ToUpperInvariant()} {path} is not in the model.");

    /// <summary>Every operation the spec file declares, counted straight from its JSON.</summary>
    private static HashSet<string> DeclaredOperations(string specPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(specPath));
        var set = new HashSet<string>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                if (method.Name is "get" or "post" or "put" or "delete" or "patch") set.Add(method.Name + " " + path.Name);
            }
        }
        return set;
    }

    [Fact]
    public void Every_operation_of_the_repo_spec_is_in_the_model_without_warnings()
    {
        AssertComplete(_models.Repo, SpecFiles.RepoSpec, 429);
    }

    [SharedSpecsFact]
    public void Every_operation_of_the_2025_spec_is_in_the_model_without_warnings()
    {
        AssertComplete(_models.Require2025(), SpecFiles.RequireSharedSpec(SpecFiles.Spec2025), 480);
    }

    private static void AssertComplete(ApiModel model, string specPath, int expected)
    {
        var problems = model.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).Select(d => d.ToCompilerString()).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        var declared = DeclaredOperations(specPath);
        Assert.Equal(expected, declared.Count);
        var modelled = Operations(model).Select(o => o.Method + " " + o.Path).ToHashSet();
        Assert.Empty(declared.Except(modelled));
        Assert.Equal(declared.Count, Operations(model).Count());
        // Every method name is unique within its endpoint class.
        foreach (var resource in model.Resources)
        {
            var duplicates = resource.Operations.GroupBy(o => o.MethodName).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(duplicates.Count == 0, resource.ClassName + ": " + string.Join(", ", duplicates));
        }
    }

    [SharedSpecsTheory]
    // DESIGN.md §2 renames (schema stem → wire key), each as bunq's SDKs read it.
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/schedule-payment/{itemId}", "ScheduledPayment")]
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/schedule-payment-batch/{itemId}", "ScheduledPaymentBatch")]
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/schedule/{scheduleID}/schedule-instance/{itemId}", "ScheduledInstance")]
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/customer-statement/{itemId}", "CustomerStatement")]
    [InlineData("get", "/user/{userID}/invoice/{itemId}", "Invoice")]
    [InlineData("get", "/installation/{installationID}/server-public-key", "ServerPublicKey")]
    [InlineData("post", "/sandbox-user-person", "ApiKey")]
    [InlineData("post", "/sandbox-user-company", "ApiKey")]
    [InlineData("post", "/user/{userID}/token-qr-request-ideal", "RequestResponse")]
    [InlineData("post", "/user/{userID}/token-qr-request-sofort", "RequestResponse")]
    [InlineData("get", "/user/{userID}/company/{itemId}", "UserCompany")]
    [InlineData("get", "/user/{userID}/legal-name", "UserLegalNameArray")]
    [InlineData("get", "/user/{userID}/card-name", "CardUserNameArray")]
    [InlineData("get", "/user/{userID}/insights", "InsightCategory")]
    [InlineData("get", "/user/{userID}/insights-search", "Event")]
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/notification-filter-url", "NotificationFilterUrl")]
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/mastercard-action/{mastercard-actionID}/payment", "Payment")]
    [InlineData("get", "/user/{userID}/payment-auto-allocate", "PaymentAutoAllocate")]
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/whitelist-sdd/{itemId}", "WhitelistSdd")]
    [InlineData("get", "/user/{userID}/transferwise-quote-temporary/{itemId}", "TransferwiseQuote")]
    [InlineData("get", "/user/{userID}/transferwise-quote/{transferwise-quoteID}/transferwise-recipient/{itemId}", "TransferwiseRecipient")]
    [InlineData("get", "/user/{userID}/transferwise-quote/{transferwise-quoteID}/transferwise-recipient-requirement", "TransferwiseRequirement")]
    [InlineData("get", "/user/{userID}/transferwise-quote/{transferwise-quoteID}/transferwise-transfer/{itemId}", "TransferwisePayment")]
    [InlineData("get", "/user/{userID}/bunqme-fundraiser-profile/{itemId}", "BunqMeFundraiserProfile")]
    [InlineData("get", "/user/{userID}/credential-password-ip/{itemId}", "CredentialPasswordIp")]
    [InlineData("get", "/user/{userID}/challenge-request/{itemId}", "MasterCardIdentityCheckChallengeRequest")]
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/payment/{paymentID}/note-text/{itemId}", "NoteText")]
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/draft-payment/{draft-paymentID}/note-attachment", "NoteAttachment")]
    // The default rule: schema stem.
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/payment", "Payment")]
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/request-inquiry/{itemId}", "RequestInquiry")]
    public void Object_type_keys_follow_the_wire(string method, string path, string key)
    {
        var op = Op(_models.Require2025(), method, path);
        // The first key is the object type; any after it are the aliases the conventions table lists for it.
        Assert.Equal(key, op.Keys[0]);
        Assert.NotNull(op.ResponseType);
    }

    [SharedSpecsTheory]
    [InlineData("get", "/user/{userID}/card", "Card,CardDebit,CardCredit")]
    [InlineData("get", "/user/{userID}/card/{itemId}", "Card,CardDebit,CardCredit")]
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/customer-statement", "CustomerStatement,CustomerStatementExport")]
    [InlineData("get", "/user/{userID}/monetary-account/{monetary-accountID}/payment", "Payment")]
    public void Object_type_aliases_follow_the_conventions_table(string method, string path, string keys)
    {
        var op = Op(_models.Require2025(), method, path);
        Assert.Equal(keys, string.Join(",", op.Keys));
    }

    [SharedSpecsTheory]
    [InlineData("get", "/user", ResultShape.Union, "User")]
    [InlineData("get", "/user/{itemId}", ResultShape.Union, "User")]
    [InlineData("get", "/user/{userID}/monetary-account", ResultShape.Union, "MonetaryAccount")]
    [InlineData("get", "/user/{userID}/monetary-account/{itemId}", ResultShape.Union, "MonetaryAccount")]
    [InlineData("get", "/device", ResultShape.Union, "Device")]
    [InlineData("get", "/device/{itemId}", ResultShape.Union, "Device")]
    public void Anchor_endpoints_answer_unions(string method, string path, ResultShape shape, string type)
    {
        var model = _models.Require2025();
        var op = Op(model, method, path);
        Assert.Equal(shape, op.Shape);
        Assert.Equal(type, op.ResponseType);
        var union = model.Types.Single(t => t.Name == type);
        Assert.Equal(TypeKind.Union, union.Kind);
        Assert.Equal(op.Keys, union.Cases.Select(c => c.Key));
    }

    [SharedSpecsFact]
    public void Monetary_account_and_user_unions_have_every_variant()
    {
        var model = _models.Require2025();
        var account = model.Types.Single(t => t.Name == "MonetaryAccount");
        Assert.Equal(TypeKind.Union, account.Kind);
        foreach (var (key, caseName) in new[] { ("MonetaryAccountBank", "Bank"), ("MonetaryAccountSavings", "Savings"), ("MonetaryAccountJoint", "Joint"), ("MonetaryAccountExternal", "External") })
        {
            var c = account.Cases.Single(x => x.Key == key);
            Assert.Equal(caseName, c.CaseName);
            Assert.Equal(key, c.TypeName);
        }
        var user = model.Types.Single(t => t.Name == "User");
        Assert.Equal(new[] { "UserApiKey", "UserCompany", "UserPaymentServiceProvider", "UserPerson" }, user.Cases.Select(c => c.Key));
        Assert.Equal("Person", user.Cases.Single(c => c.Key == "UserPerson").CaseName);
    }

    [SharedSpecsFact]
    public void Event_object_is_a_union_whose_keys_can_differ_from_their_types()
    {
        var model = _models.Require2025();
        var eventType = model.Types.Single(t => t.Name == "Event");
        var objectProperty = eventType.Properties.Single(p => p.JsonName == "object");
        Assert.Equal(TypeRefKind.Model, objectProperty.Type.Kind);
        var union = model.Types.Single(t => t.Name == objectProperty.Type.ModelName);
        Assert.Equal(TypeKind.Union, union.Kind);
        var scheduled = union.Cases.Single(c => c.Key == "ScheduledPayment");
        Assert.Equal("SchedulePayment", scheduled.TypeName);
        // Cases are named after the type they carry; the wire key stays in Key (and in the case's docs).
        Assert.Equal("SchedulePayment", scheduled.CaseName);
        Assert.Equal("ScheduleInstance", union.Cases.Single(c => c.Key == "ScheduledInstance").CaseName);
        Assert.Contains(union.Cases, c => c.Key == "Payment" && c.TypeName == "Payment");
    }

    [SharedSpecsTheory]
    [InlineData("post", "/attachment-public", ResultShape.Uuid, true)]
    [InlineData("post", "/avatar", ResultShape.Uuid, false)]
    [InlineData("post", "/user/{userID}/monetary-account/{monetary-accountID}/attachment", ResultShape.Id, true)]
    [InlineData("post", "/user/{userID}/monetary-account/{monetary-accountID}/payment", ResultShape.Id, false)]
    [InlineData("delete", "/user/{userID}/monetary-account/{monetary-accountID}/customer-statement/{itemId}", ResultShape.Empty, false)]
    public void Create_and_delete_results(string method, string path, ResultShape shape, bool binaryUpload)
    {
        var op = Op(_models.Require2025(), method, path);
        Assert.Equal(shape, op.Shape);
        Assert.Equal(binaryUpload, op.BinaryRequest);
        if (binaryUpload) Assert.Null(op.RequestType);
    }

    [SharedSpecsFact]
    public void Installation_and_session_server_are_multi_part_answers_with_the_right_tokens()
    {
        var model = _models.Require2025();
        var installation = Op(model, "post", "/installation");
        Assert.Equal(ResultShape.Multi, installation.Shape);
        Assert.Equal(new[] { "Id", "Token", "ServerPublicKey" }, installation.Keys.ToArray());
        Assert.Equal(TokenKind.None, installation.Token);
        var installationResult = model.Types.Single(t => t.Name == installation.ResponseType);
        Assert.Equal(TypeKind.Multi, installationResult.Kind);
        Assert.Equal(new[] { "Id", "Token", "ServerPublicKey" }, installationResult.Properties.Select(p => p.JsonName));

        var session = Op(model, "post", "/session-server");
        Assert.Equal(ResultShape.Multi, session.Shape);
        Assert.Equal(TokenKind.Installation, session.Token);
        Assert.True(session.SignatureRequired);
        foreach (var key in new[] { "Id", "Token", "UserPerson", "UserCompany", "UserApiKey", "UserPaymentServiceProvider" })
        {
            Assert.Contains(key, session.Keys);
        }
        Assert.Equal(TokenKind.Installation, Op(model, "post", "/device-server").Token);
        Assert.Equal(TokenKind.None, Op(model, "post", "/sandbox-user-person").Token);
        Assert.Equal(TokenKind.Session, Op(model, "get", "/user").Token);
    }

    [SharedSpecsFact]
    public void The_twelve_binary_endpoints_are_binary()
    {
        var model = _models.Require2025();
        var downloads = Operations(model).Where(o => o.Shape == ResultShape.Binary).Select(o => o.Path).OrderBy(p => p, StringComparer.Ordinal).ToList();
        Assert.Equal(10, downloads.Count);
        Assert.All(downloads, p => Assert.True(p.EndsWith("/content", StringComparison.Ordinal) || p.EndsWith("/pdf-content", StringComparison.Ordinal), p));
        var uploads = Operations(model).Where(o => o.BinaryRequest).Select(o => o.Method + " " + o.Path).OrderBy(p => p, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "post /attachment-public", "post /user/{userID}/monetary-account/{monetary-accountID}/attachment" }, uploads);
    }

    [SharedSpecsFact]
    public void Every_list_has_count_older_id_and_newer_id()
    {
        var model = _models.Require2025();
        var lists = Operations(model).Where(o => o.Kind == OperationKind.List && o.Shape is ResultShape.List or ResultShape.Union).ToList();
        Assert.True(lists.Count > 100, $"only {lists.Count} lists");
        foreach (var op in lists)
        {
            Assert.Equal(new[] { "count", "older_id", "newer_id" }, op.QueryParameters.Select(p => p.WireName).Take(3));
        }
        Assert.All(Operations(model).Where(o => o.Kind != OperationKind.List), o => Assert.DoesNotContain(o.QueryParameters, p => p.WireName == "count"));
    }

    [SharedSpecsFact]
    public void Money_moving_operations_require_a_signature()
    {
        var model = _models.Require2025();
        Assert.True(Op(model, "post", "/user/{userID}/monetary-account/{monetary-accountID}/payment").SignatureRequired);
        Assert.True(Op(model, "post", "/user/{userID}/monetary-account/{monetary-accountID}/schedule-payment").SignatureRequired);
        Assert.True(Op(model, "put", "/user/{userID}/monetary-account/{monetary-accountID}/draft-payment/{itemId}").SignatureRequired);
        Assert.False(Op(model, "get", "/user/{userID}/monetary-account/{monetary-accountID}/payment").SignatureRequired);
    }

    [SharedSpecsFact]
    public void Requests_and_responses_split_by_read_only_and_write_only()
    {
        var model = _models.Require2025();
        var create = Op(model, "post", "/user/{userID}/monetary-account/{monetary-accountID}/payment");
        var request = model.Types.Single(t => t.Name == create.RequestType);
        Assert.Equal(TypeUsage.Request, request.Usage);
        Assert.Contains(request.Properties, p => p.JsonName == "amount" && p.Type.Kind == TypeRefKind.Amount);
        Assert.Contains(request.Properties, p => p.JsonName == "counterparty_alias");
        Assert.DoesNotContain(request.Properties, p => p.JsonName == "id" || p.JsonName == "created");

        var payment = model.Types.Single(t => t.Name == "Payment");
        Assert.Equal(TypeUsage.Response, payment.Usage);
        Assert.Contains(payment.Properties, p => p.JsonName == "id" && p.Type.Kind == TypeRefKind.Long);
        Assert.Contains(payment.Properties, p => p.JsonName == "created" && p.Type.Kind == TypeRefKind.Timestamp);
        // allow_bunqto is writeOnly: it never comes back.
        Assert.DoesNotContain(payment.Properties, p => p.JsonName == "allow_bunqto");
        Assert.Contains(request.Properties, p => p.JsonName == "allow_bunqto");
    }

    [Fact]
    public void The_notification_callback_type_exists_although_no_spec_declares_it()
    {
        var model = _models.Repo;
        var callback = model.Types.Single(t => t.Name == "NotificationUrl");
        Assert.Equal(new[] { "target_url", "category", "event_type", "object" }, callback.Properties.Select(p => p.JsonName));
        var objectType = callback.Properties.Single(p => p.JsonName == "object").Type;
        Assert.Equal(TypeKind.Union, model.Types.Single(t => t.Name == objectType.ModelName).Kind);
    }

    [Fact]
    public void The_model_is_deterministic_and_equatable()
    {
        var again = ApiModelBuilder.Build(SpecFiles.RepoSpec, File.ReadAllText(SpecFiles.RepoSpec));
        Assert.Equal(_models.Repo, again);
        Assert.Equal(_models.Repo.GetHashCode(), again.GetHashCode());
    }
}
