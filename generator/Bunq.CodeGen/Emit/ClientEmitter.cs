using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Emit;

/// <summary>
/// ApiModel → C# source files. One file per resource, one per type and one for the root client:
/// per-type files (rather than grouping types) let the incremental generator re-emit exactly the
/// schema that changed, and a type's file depends on nothing but its own <see cref="ApiType"/>
/// (every other type is referenced by its fully qualified name), so each file is a pure function
/// of one equatable record plus the options.
/// </summary>
public static class ClientEmitter
{
    // Members every generated class inherits from object: a property with one of these names
    // would hide it (CS0108), which is a warning and so an error here.
    private static readonly string[] ObjectMembers =
    {
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    /// <summary>Every file for the model, in a deterministic order: client, resources, types (each in model order).</summary>
    public static EquatableArray<GeneratedFile> Emit(ApiModel model, EmitOptions options)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        options = Normalize(options);
        // Every file is rendered independently (TemplateRenderer shares only immutable parsed templates), so the
        // files are rendered in parallel into their fixed slots: the same bytes in the same order, in less time
        // for bunq-codegen generate (the source generator emits file by file through its own pipeline).
        var resources = model.Resources.Count;
        var files = new GeneratedFile[1 + resources + model.Types.Count];
        var emitOptions = options;
        files[0] = EmitClient(model, emitOptions);
        System.Threading.Tasks.Parallel.For(0, files.Length - 1, i =>
            files[i + 1] = i < resources ? EmitResource(model.Resources[i], emitOptions) : EmitType(model.Types[i - resources], emitOptions));
        return files.ToEquatableArray();
    }

    /// <summary>All type files of the model, in model order.</summary>
    public static EquatableArray<GeneratedFile> EmitTypes(ApiModel model, EmitOptions options)
        => model.Types.Select(t => EmitType(t, options)).ToEquatableArray();

    /// <summary>
    /// The root client and the account scope: the client's properties are the resources outside any user and those
    /// of its default user; <c>MonetaryAccount(id)</c> gives the resources under one account.
    /// </summary>
    public static GeneratedFile EmitClient(ApiModel model, EmitOptions options)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        options = Normalize(options);
        var members = Scope(ObjectMembers, options.ClientName, "Dispose");
        var apiName = members.Allocate("Api");
        var userName = members.Allocate("User");
        var fields = new NameAllocator("_user", "_owned", "_api", "_monetaryAccountId");
        var accountResources = model.Resources.Where(r => r.Scope == ResourceScope.MonetaryAccount).ToList();
        var scopeMethod = accountResources.Count > 0 ? members.Allocate("MonetaryAccount") : "MonetaryAccount";
        var resources = new List<ClientResourceView>();
        foreach (var resource in model.Resources.Where(r => r.Scope != ResourceScope.MonetaryAccount))
        {
            resources.Add(ResourceProperty(resource, members, fields, options, resource.Scope == ResourceScope.User ? ", _user" : ""));
        }
        ScopeView? scope = null;
        if (accountResources.Count > 0)
        {
            var scopeName = ScopeClassName(model, options);
            var scopeMembers = Scope(ObjectMembers, scopeName, "MonetaryAccountId");
            var scopeFields = new NameAllocator("_user", "_api", "_monetaryAccountId");
            scope = new ScopeView
            {
                Name = EmitNames.Escape(scopeName),
                Doc = Doc(options).Summary(null, "The resources under one of the user's monetary accounts: bunq.MonetaryAccount(id).Payments, ….").Lines,
                CtorDoc = Doc(options)
                    .Summary(null, "The scope of one account; usually made by the client's MonetaryAccount(id).")
                    .Param("api", null, "The transport that adds bunq's headers, tokens and signatures.")
                    .Param("user", null, "The user the account belongs to.")
                    .Param("monetaryAccountId", null, "The account's id.")
                    .Lines,
                MockCtorDoc = Doc(options).Summary(null, "For mocking libraries: a substitute overrides the members a test needs.").Lines,
                IdDoc = Doc(options).Summary(null, "The account every call of this scope goes to.").Lines,
                MethodDoc = Doc(options)
                    .Summary(null, "The resources under one of the user's monetary accounts (payments, requests, cards' statements, …).")
                    .Param("monetaryAccountId", null, "The account's id, e.g. from MonetaryAccounts.ListAsync.")
                    .Returns("The account's scope; cheap to make, so make one per call site or keep it.")
                    .Lines,
                Resources = accountResources.Select(r => ResourceProperty(r, scopeMembers, scopeFields, options, ", _user, _monetaryAccountId")).ToList(),
            };
        }
        var title = string.IsNullOrWhiteSpace(model.Title) ? "the bunq API" : model.Title;
        var view = new ClientView
        {
            Doc = Doc(options)
                .Summary(null, "A typed client for " + title + " (version " + model.ApiVersion + "): the resources of the context's user, " + scopeMethod + "(id) for one account, " + userName + "(id) for another user.")
                .Lines,
            CtorDoc = Doc(options)
                .Summary(null, "The client for a context: its transport (made here, disposed with this client) adds bunq's headers, tokens and signatures; the context's user is the default scope.")
                .Param("context", null, "The API context (installation, device and session), e.g. from BunqApiContext.CreateAsync or a context store.")
                .Param("options", null, "Headers, limits, retries, logging; null for the defaults.")
                .Lines,
            ApiCtorDoc = Doc(options)
                .Summary(null, "The client over a transport it does not own (dependency injection, a BunqClientFactory tenant): the transport's user is the default scope.")
                .Param("api", null, "The transport, usually the runtime's BunqApiClient.")
                .Lines,
            UserCtorDoc = Doc(options)
                .Summary(null, "The client over a transport it does not own, acting for the given user (a company the key may act for, an OAuth grant's user).")
                .Param("api", null, "The transport, usually the runtime's BunqApiClient.")
                .Param("userId", null, "The user every /user/{id} call acts as.")
                .Lines,
            MockCtorDoc = Doc(options).Summary(null, "For mocking libraries: a substitute overrides the members a test needs.").Lines,
            ApiDoc = Doc(options).Summary(null, "The transport every resource sends its calls through.").Lines,
            UserDoc = Doc(options)
                .Summary(null, "The same client acting for another user over the same transport.")
                .Param("userId", null, "The user every /user/{id} call acts as.")
                .Returns("A client that does not own the transport.")
                .Lines,
            DisposeDoc = Doc(options).Summary(null, "Disposes the transport when this client made it (the context constructor); otherwise does nothing.").Lines,
            DisposeCoreDoc = Doc(options)
                .Summary(null, "Disposes the transport this client made.")
                .Param("disposing", null, "False when called from a finalizer.")
                .Lines,
            ApiName = apiName,
            UserName = userName,
            Resources = resources,
            Scope = scope,
            ScopeMethod = scopeMethod,
            Factory = FactoryOf(model, options, scope?.Name),
        };
        Fill(view, options, options.ClientName);
        return new GeneratedFile(HintName(options.ClientName), TemplateRenderer.Render("Client", view));
    }

    /// <summary>
    /// BunqModelFactory: one method per response model with every property an optional argument, and one overload per
    /// union case (<c>MonetaryAccount(MonetaryAccountBank value)</c>), so a test builds any answer a mock returns.
    /// </summary>
    private static FactoryView? FactoryOf(ApiModel model, EmitOptions options, string? scopeName)
    {
        var types = model.Types.Where(t => t.Usage != TypeUsage.Request && t.Kind != TypeKind.Enum).ToList();
        if (types.Count == 0) return null;
        var stem = options.ClientName.EndsWith("Client", StringComparison.Ordinal) && options.ClientName.Length > "Client".Length
            ? options.ClientName.Substring(0, options.ClientName.Length - "Client".Length)
            : options.ClientName;
        var taken = new HashSet<string>(model.Types.Select(t => t.Name).Concat(model.Resources.Select(r => r.ClassName)).Append(options.ClientName), StringComparer.OrdinalIgnoreCase);
        if (scopeName is not null) taken.Add(scopeName);
        var name = stem + "ModelFactory";
        for (var i = 2; taken.Contains(name); i++) name = stem + "ModelFactory" + i.ToString(CultureInfo.InvariantCulture);
        var members = Scope(ObjectMembers, name);
        var methods = new List<FactoryMethodView>();
        foreach (var type in types)
        {
            var full = TypeMapper.ModelType(options.Namespace, type.Name);
            if (type.Kind == TypeKind.Union)
            {
                var method = EmitNames.Escape(members.Allocate(type.Name));
                var caseTypes = new HashSet<string>(StringComparer.Ordinal);
                var unionView = UnionViewOf(type, options);
                foreach (var c in unionView.Cases)
                {
                    // Overloads by case type: two cases over one type would be ambiguous, so the second gets its own name.
                    var caseMethod = caseTypes.Add(c.Type) ? method : EmitNames.Escape(members.Allocate(type.Name + c.Name));
                    methods.Add(new FactoryMethodView
                    {
                        Doc = Doc(options)
                            .Summary(null, "A new " + type.Name + " that is its " + c.Name + " case, for tests.")
                            .Param("value", null, "The case's object.")
                            .Returns("The union case.")
                            .Lines,
                        Returns = full,
                        Name = caseMethod,
                        Parameters = new[] { new FactoryParameterView { Type = new TypeRefView { Kind = "model", Model = c.Type }, Name = "value" } },
                        Case = c.Name,
                    });
                }
                continue;
            }
            var properties = type.Kind == TypeKind.Multi ? MultiViewOf(type, options).Properties : ObjectViewOf(type, options).Properties;
            var locals = new NameAllocator();
            var parameters = new List<FactoryParameterView>();
            foreach (var p in properties)
            {
                var local = EmitNames.Claim(locals, char.ToLowerInvariant(EmitNames.Unescape(p.Name)[0]) + EmitNames.Unescape(p.Name).Substring(1));
                parameters.Add(new FactoryParameterView { Type = p.Type, Name = local, Property = p.Name });
            }
            methods.Add(new FactoryMethodView
            {
                Doc = Doc(options)
                    .Summary(null, "A new " + type.Name + " with the given properties, for tests (e.g. the value a mocked resource returns).")
                    .Returns("The model; properties not given stay null.")
                    .Lines,
                Returns = full,
                Name = EmitNames.Escape(members.Allocate(type.Name)),
                Parameters = parameters,
            });
        }
        return new FactoryView
        {
            Doc = Doc(options).Summary(null, "Builds the response models of " + (string.IsNullOrWhiteSpace(model.Title) ? "the bunq API" : model.Title) + " for tests: every property an optional argument, every union case an overload.").Lines,
            Name = EmitNames.Escape(name),
            Methods = methods,
        };
    }

    /// <summary>The account scope's class name: free of every model type's and resource class's name.</summary>
    private static string ScopeClassName(ApiModel model, EmitOptions options)
    {
        var taken = new HashSet<string>(model.Types.Select(t => t.Name).Concat(model.Resources.Select(r => r.ClassName)).Append(options.ClientName), StringComparer.OrdinalIgnoreCase);
        var name = "MonetaryAccountScope";
        for (var i = 2; taken.Contains(name); i++) name = "MonetaryAccountScope" + i.ToString(CultureInfo.InvariantCulture);
        return name;
    }

    private static ClientResourceView ResourceProperty(ApiResource resource, NameAllocator members, NameAllocator fields, EmitOptions options, string args)
    {
        var name = members.Allocate(EmitNames.Identifier(resource.PropertyName), "Resource");
        var field = fields.Allocate("_" + char.ToLowerInvariant(name[0]) + name.Substring(1));
        return new ClientResourceView
        {
            Name = EmitNames.Escape(name),
            Field = field,
            Type = TypeMapper.ModelType(options.Namespace, resource.ClassName),
            Doc = Doc(options).Summary(null, "The " + resource.Name + " resource" + (resource.Scope == ResourceScope.Root ? "." : resource.Scope == ResourceScope.User ? " of the user." : " of the account.")).Lines,
            Args = args,
        };
    }

    /// <summary>One model type: a class, a union hierarchy or a multi-part result.</summary>
    public static GeneratedFile EmitType(ApiType type, EmitOptions options)
    {
        if (type is null) throw new ArgumentNullException(nameof(type));
        options = Normalize(options);
        string text;
        switch (type.Kind)
        {
            case TypeKind.Union:
                text = TemplateRenderer.Render("Union", UnionViewOf(type, options));
                break;
            case TypeKind.Multi:
                text = TemplateRenderer.Render("Multi", MultiViewOf(type, options));
                break;
            case TypeKind.Enum:
                text = TemplateRenderer.Render("Enum", EnumViewOf(type, options));
                break;
            default:
                text = TemplateRenderer.Render("Object", ObjectViewOf(type, options));
                break;
        }
        return new GeneratedFile(HintName(type.Name), text);
    }

    /// <summary>One endpoint class with a method per operation (plus an <c>…AllAsync</c> enumerator per list).</summary>
    public static GeneratedFile EmitResource(ApiResource resource, EmitOptions options)
    {
        if (resource is null) throw new ArgumentNullException(nameof(resource));
        options = Normalize(options);
        var members = Scope(ObjectMembers, resource.ClassName, "_api", "_user", "_monetaryAccountId");
        var methods = new List<MethodView>();
        foreach (var op in resource.Operations) methods.Add(MethodViewOf(resource, op, members, options));
        var ctorDoc = Doc(options)
            .Summary(null, "The resource over a transport; usually reached through the client's properties instead.")
            .Param("api", null, "The transport that adds bunq's headers, tokens and signatures.");
        if (resource.Scope != ResourceScope.Root) ctorDoc.Param("user", null, "The user every call acts as.");
        if (resource.Scope == ResourceScope.MonetaryAccount) ctorDoc.Param("monetaryAccountId", null, "The account every call goes to.");
        var where = resource.Scope switch
        {
            ResourceScope.User => " of a user",
            ResourceScope.MonetaryAccount => " of a monetary account",
            _ => "",
        };
        var view = new ResourceView
        {
            Doc = Doc(options).Summary(null, "The " + resource.Name + " resource" + where + ": every method is virtual, so a mocking library can stand in for it.").Lines,
            CtorDoc = ctorDoc.Lines,
            MockCtorDoc = Doc(options).Summary(null, "For mocking libraries: a substitute overrides the methods a test needs.").Lines,
            Methods = methods,
            HasUser = resource.Scope != ResourceScope.Root,
            HasAccount = resource.Scope == ResourceScope.MonetaryAccount,
        };
        Fill(view, options, resource.ClassName);
        return new GeneratedFile(HintName(resource.ClassName), TemplateRenderer.Render("Resource", view));
    }

    // Hint names are the type names, which the model keeps unique across types, resources and the
    // client because they share one namespace; ToIdentifier keeps them safe as file names.
    private static string HintName(string typeName) => EmitNames.Identifier(typeName) + ".g.cs";

    /// <summary>
    /// Options come from MSBuild properties and the command line: a namespace like <c>My-App.Bunq</c>
    /// or a client name like <c>class</c> must still give code that compiles.
    /// </summary>
    private static EmitOptions Normalize(EmitOptions? options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        var parts = (options.Namespace ?? "").Split('.').Where(p => p.Trim().Length > 0).Select(p => EmitNames.Escape(EmitNames.Identifier(p.Trim()))).ToList();
        var ns = parts.Count == 0 ? "Bunq.Client" : string.Join(".", parts);
        var client = EmitNames.Identifier(string.IsNullOrWhiteSpace(options.ClientName) ? "BunqClient" : options.ClientName);
        return ns == options.Namespace && client == options.ClientName ? options : options with { Namespace = ns, ClientName = client };
    }

    private static DocComment Doc(EmitOptions options) => new DocComment(options.XmlDocs);

    private static void Fill(FileView view, EmitOptions options, string name)
    {
        view.Namespace = options.Namespace;
        view.XmlDocs = options.XmlDocs;
        view.Name = EmitNames.Escape(name);
        view.FullName = TypeMapper.ModelType(options.Namespace, name);
    }

    private static ObjectView ObjectViewOf(ApiType type, EmitOptions options)
    {
        var members = Scope(ObjectMembers, type.Name, "ReadJson", "WriteJson", "UnknownFields", "ReadsBareArray");
        var properties = Properties(type, members, options, forMulti: false);
        // A wrapper whose one field is a list of objects ({"Payment":[…]}) also reads the list alone: older answers sent it bare.
        var bareArray = type.Usage != TypeUsage.Request && properties.Count == 1 && type.Properties.Count == 1 && type.Properties[0].Type.Kind == TypeRefKind.Array
            && type.Properties[0].Type.Element?.Kind == TypeRefKind.Model ? properties[0] : null;
        var view = new ObjectView
        {
            Doc = Doc(options).Summary(type.Description, "The " + (type.SchemaName.Length > 0 ? type.SchemaName : type.Name) + " object.").Lines,
            Properties = properties,
            HasRequired = properties.Any(p => p.Required),
            CtorDoc = Doc(options).Summary(null, "An empty " + type.Name + "; the compiler asks for the fields bunq requires (marked required).").Lines,
            BareArray = bareArray,
            TypeName = type.Name,
            NullWords = Enumerable.Range(0, (properties.Count + 63) / 64).ToList(),
            UnknownFieldsDoc = Doc(options)
                .Summary(null, "The JSON of this object its properties do not hold: fields the spec does not declare, and values that did not fit their property unchanged. Written back with the object.")
                .Lines,
            BareArrayDoc = Doc(options).Summary(null, "True: this wrapper also reads its list sent bare, as older answers did.").Lines,
            ReadDoc = Doc(options)
                .Summary(null, "Reads the object at the reader's current token; unknown fields and values that do not fit are kept in UnknownFields and reported, nulls stay null.")
                .Param("reader", null, "A reader positioned on the object's first token; left on its last.")
                .Returns("The object read.")
                .Lines,
            WriteDoc = Doc(options)
                .Summary(null, "Writes the object with its non-null fields and its unknown fields, each as bunq sent it where it was kept.")
                .Param("writer", null, "The writer to write to.")
                .Lines,
        };
        Fill(view, options, type.Name);
        return view;
    }

    private static EnumView EnumViewOf(ApiType type, EmitOptions options)
    {
        var view = new EnumView
        {
            Doc = Doc(options)
                .Summary(type.Description, "The values of " + type.SchemaName + ".")
                .Remarks(new[] { "An extensible enum: any text bunq sends is a value (and is written back unchanged); the static properties are the values bunq's spec lists. Equality is by the exact text." })
                .Lines,
            Values = type.Values.Select(v => new EnumValueView
            {
                Doc = Doc(options).Summary(null, "The wire value " + v.Wire + ".").Lines,
                Name = EmitNames.Escape(v.CSharpName),
                Wire = v.Wire,
            }).ToList(),
            CtorDoc = Doc(options)
                .Summary(null, "A value from its wire text; any text, including values this client does not list.")
                .Param("value", null, "The text as bunq sends it.")
                .Lines,
            ImplicitDoc = Doc(options)
                .Summary(null, "A value from its wire text.")
                .Param("value", null, "The text as bunq sends it.")
                .Lines,
            EqualsDoc = Doc(options).Summary(null, "Whether both have the same text (case-sensitive, as bunq's wire is).").Lines,
            NotEqualsDoc = Doc(options).Summary(null, "Whether the texts differ.").Lines,
            InheritDoc = options.XmlDocs ? new[] { "/// <inheritdoc/>" } : new string[0],
            ToStringDoc = Doc(options).Summary(null, "The wire text (empty for a default value).").Lines,
        };
        Fill(view, options, type.Name);
        return view;
    }

    private static MultiView MultiViewOf(ApiType type, EmitOptions options)
    {
        var members = Scope(ObjectMembers, type.Name, "CreateEmpty", "ReadPart");
        var view = new MultiView
        {
            Doc = Doc(options).Summary(type.Description, "The several parts of the " + type.SchemaName + " answer.").Lines,
            Properties = Properties(type, members, options, forMulti: true),
            CreateDoc = Doc(options)
                .Summary(null, "A result with no parts read yet.")
                .Returns("An empty result.")
                .Lines,
            ReadDoc = Doc(options)
                .Summary(null, "Reads the value of one envelope element into its part.")
                .Param("objectType", null, "The element's object-type key.")
                .Param("reader", null, "A reader on the element's value.")
                .Returns("False, with the reader untouched, for keys this result does not know.")
                .Lines,
        };
        Fill(view, options, type.Name);
        return view;
    }

    private static List<PropertyView> Properties(ApiType type, NameAllocator members, EmitOptions options, bool forMulti)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<PropertyView>();
        foreach (var p in type.Properties)
        {
            // A JSON name twice would read into the first property and write twice; keep the first.
            if (!seen.Add(p.JsonName)) continue;
            var name = members.Allocate(EmitNames.Identifier(p.CSharpName), "Value");
            var fallback = forMulti
                ? "The " + p.JsonName + " element of the answer."
                : "The " + p.JsonName + " field.";
            // A field the wire sent as null is written back as null: one bit per property, no allocation.
            var index = result.Count;
            result.Add(new PropertyView
            {
                Doc = Doc(options).Summary(p.Description, fallback).Lines,
                Type = TypeMapper.View(p.Type, options.Namespace),
                Name = EmitNames.Escape(name),
                Json = p.JsonName,
                Index = index,
                NullWord = index / 64,
                NullBit = index % 64,
                // Only requests: bunq requires the field in what you send; an answer may still omit anything.
                Required = !forMulti && type.Usage == TypeUsage.Request && p.Required,
            });
        }
        return result;
    }

    private static UnionView UnionViewOf(ApiType type, EmitOptions options)
    {
        // Case classes are nested in the union and inherit from it, so their names share a scope with
        // the union's own members and with the members every case declares.
        var members = Scope(ObjectMembers, type.Name, "ObjectType", "ReadJson", "WriteJson", "TryReadCase", "Value", "Key", "Raw", "UnderOwnKey");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cases = new List<CaseView>();
        foreach (var c in type.Cases)
        {
            if (!seen.Add(c.Key)) continue;
            var name = members.Allocate(EmitNames.Identifier(c.CaseName), "Case");
            cases.Add(new CaseView
            {
                Name = EmitNames.Escape(name),
                Key = c.Key,
                Type = TypeMapper.ModelType(options.Namespace, c.TypeName),
                IsUnion = c.IsUnion,
                Doc = Doc(options).Summary(null, "The " + type.Name + " is a " + c.TypeName + (c.IsUnion
                    ? " (itself one of several object types, sent under its own key or under the " + c.Key + " key)"
                    : ", sent under the key " + c.Key) + ".").Lines,
                CtorDoc = Doc(options)
                    .Summary(null, "Wraps a " + c.TypeName + " as this case.")
                    .Param("value", null, "The object under the " + c.Key + " key.")
                    .Lines,
                ValueDoc = Doc(options).Summary(null, "The object under the " + c.Key + " key.").Lines,
                NestedCtorDoc = Doc(options)
                    .Summary(null, "Wraps a " + c.TypeName + " as this case.")
                    .Param("value", null, "The " + c.TypeName + ".")
                    .Param("underOwnKey", null, "True when bunq sent it under the " + c.Key + " key, false when under the anchor's own key (as callbacks do).")
                    .Lines,
                UnderOwnKeyDoc = Doc(options).Summary(null, "Whether the value is written under the " + c.Key + " key (true) or as the anchor alone (false), as it was read.").Lines,
            });
        }
        var unknown = members.Allocate("Unknown", "Case");
        var view = new UnionView
        {
            Doc = Doc(options)
                .Summary(type.Description, "One of several object types; bunq sends it as { \"<ObjectType>\": { … } }.")
                .Remarks(cases.Count == 0 ? new string[0] : new[] { "Known object types: " + string.Join(", ", type.Cases.Select(c => DocComment.Code(c.Key)).Distinct()) + "." })
                .Lines,
            Cases = cases,
            TypeName = type.Name,
            Unknown = EmitNames.Escape(unknown),
            ObjectTypeDoc = Doc(options).Summary(null, "The object-type key this value was read from or is written under.").Lines,
            ReadDoc = Doc(options)
                .Summary(null, "Reads { \"<ObjectType>\": { … } }: the first key with a value decides the case; unknown keys give the " + unknown + " case.")
                .Param("reader", null, "A reader positioned on the object's first token; left on its last.")
                .Returns("The case read; never null.")
                .Lines,
            WriteDoc = Doc(options)
                .Summary(null, "Writes the value under its object-type key.")
                .Param("writer", null, "The writer to write to.")
                .Lines,
            TryReadCaseDoc = Doc(options)
                .Summary(null, "Reads the case of the property name at the reader, when it is one of this union's object-type keys (its nested anchors' keys included).")
                .Param("reader", null, "A reader on a property name; left on the value's last token when true, untouched when false.")
                .Param("value", null, "The case read; null when the key's value was null.")
                .Returns("Whether the key belongs to this union.")
                .Lines,
            InheritDoc = options.XmlDocs ? new[] { "/// <inheritdoc/>" } : new string[0],
            UnknownDoc = Doc(options).Summary(null, "An object type this client does not know yet; bunq adds them without notice.").Lines,
            UnknownCtorDoc = Doc(options)
                .Summary(null, "Keeps an unknown object type as raw JSON.")
                .Param("key", null, "The object-type key, empty when there was none.")
                .Param("raw", null, "The JSON under the key.")
                .Lines,
            UnknownKeyDoc = Doc(options).Summary(null, "The object-type key as bunq sent it; empty when there was none.").Lines,
            UnknownRawDoc = Doc(options).Summary(null, "The JSON under the key, as bunq sent it.").Lines,
        };
        Fill(view, options, type.Name);
        return view;
    }

    private static MethodView MethodViewOf(ApiResource resource, ApiOperation op, NameAllocator members, EmitOptions options)
    {
        var ns = options.Namespace;
        var locals = new NameAllocator();
        var parameters = new List<string>();
        var doc = Doc(options);
        var summary = !string.IsNullOrWhiteSpace(op.Summary) ? op.Summary : op.Description;
        doc.Summary(summary, FallbackSummary(resource, op));
        var remarks = new List<string> { DocComment.Code(op.Method.ToUpperInvariant() + " " + op.Path) };
        if (!string.IsNullOrWhiteSpace(op.Summary) && !string.IsNullOrWhiteSpace(op.Description) && op.Summary != op.Description)
        {
            remarks.AddRange(DocComment.Prose(op.Description));
        }
        if (op.Keys.Count > 0)
        {
            remarks.Add("Object type" + (op.Keys.Count > 1 ? "s" : "") + ": " + string.Join(", ", op.Keys.Select(DocComment.Code)) + ".");
        }
        doc.Remarks(remarks);

        // Parameters in signature order; their docs are kept apart so the AllAsync twin can reuse them.
        var paramDocs = new List<(string Name, string? Text, string Fallback)>();
        void Add(List<string> list, string declaration, string name, string? text, string fallback)
        {
            list.Add(declaration);
            paramDocs.Add((EmitNames.Unescape(name), text, fallback));
        }

        var pathArgs = new Dictionary<string, (string Name, ParameterType Type)>(StringComparer.Ordinal);
        var callArgs = new List<string>();
        // Non-nullable reference parameters: a null would otherwise surface as a NullReferenceException deep in serialisation.
        var guarded = new List<string>();
        // The scope supplies the leading path parameters: the user's id (read when the call starts), then the account's.
        string? userVar = null;
        for (var i = 0; i < op.PathParameters.Count && i < resource.ScopeParameters; i++)
        {
            var p = op.PathParameters[i];
            string value;
            if (i == 0)
            {
                userVar = EmitNames.Claim(locals, "userId");
                value = userVar;
            }
            else
            {
                value = "_monetaryAccountId";
            }
            if (!pathArgs.ContainsKey(p.WireName)) pathArgs.Add(p.WireName, (value, ParameterType.Long));
        }
        foreach (var p in op.PathParameters.Skip(resource.ScopeParameters))
        {
            var name = EmitNames.Take(locals, p.CSharpName);
            Add(parameters, ParameterTypeName(p.Type, nullable: false) + " " + name, name, p.Description, "The " + p.WireName + " path segment.");
            if (!pathArgs.ContainsKey(p.WireName)) pathArgs.Add(p.WireName, (name, p.Type));
            callArgs.Add(name);
            if (p.Type == ParameterType.String) guarded.Add(name);
        }

        string? body = null, contentType = null;
        switch (op.Body.Kind)
        {
            case BodyKind.Binary:
                var content = EmitNames.Take(locals, "content");
                var type = EmitNames.Take(locals, "contentType");
                Add(parameters, "global::System.ReadOnlyMemory<byte> " + content, content, null, "The file's bytes, sent as they are.");
                Add(parameters, "string " + type, type, null, "The file's media type, e.g. image/png.");
                body = content;
                contentType = type;
                callArgs.Add(content);
                callArgs.Add(type);
                guarded.Add(type);
                break;
            case BodyKind.Model when op.RequestType is not null:
                var request = EmitNames.Take(locals, "request");
                Add(parameters, TypeMapper.ModelType(ns, op.RequestType) + " " + request, request, null, "The request body.");
                body = TypeMapper.BunqJson + ".Serialize(" + request + ")";
                contentType = TypeMapper.Literal(op.Body.ContentType ?? "");
                callArgs.Add(request);
                guarded.Add(request);
                break;
            case BodyKind.Fixed:
                body = TypeMapper.Literal(op.Body.Text ?? "") + "u8.ToArray()";
                contentType = TypeMapper.Literal(op.Body.ContentType ?? "");
                break;
        }
        // Header parameters are taken before the query ones so their names win, as the model allocated them.
        var headers = op.Headers.Select(h => (Header: h, Name: EmitNames.Take(locals, h.ParameterName))).ToList();

        // Query parameters (the paging ones are BunqPageOptions' job): required first, then optional.
        var queries = new List<QueryView>();
        var optional = new List<string>();
        var optionalArgs = new List<string>();
        foreach (var q in op.QueryParameters.OrderBy(q => q.Required ? 0 : 1))
        {
            if (op.Paging is { } paging && paging.Parameters.Contains(q.WireName)) continue;
            var name = EmitNames.Take(locals, q.CSharpName);
            var nullable = !q.Required;
            var declaration = ParameterTypeName(q.Type, nullable) + " " + name + (nullable ? " = null" : "");
            Add(nullable ? optional : parameters, declaration, name, q.Description, "The " + q.WireName + " query parameter.");
            (nullable ? optionalArgs : callArgs).Add(name);
            queries.Add(new QueryView
            {
                Name = TypeMapper.Literal(q.WireName),
                Test = nullable ? name + " is not null" : null,
                Value = QueryValue(q.Type, nullable && q.Type != ParameterType.String ? name + ".Value" : name),
            });
        }
        foreach (var (header, name) in headers)
        {
            Add(optional, "string? " + name + " = null", name, null, "Sent as " + header.Name + ".");
            optionalArgs.Add(name);
        }
        parameters.AddRange(optional);
        callArgs.AddRange(optionalArgs);
        var leading = parameters.ToList();
        var leadingDocs = paramDocs.ToList();

        string? page = null;
        if (op.Paging is not null)
        {
            page = EmitNames.Take(locals, "page");
            Add(parameters, "global::Bunq.Runtime.BunqPageOptions? " + page + " = null", page, null, op.Paging.OptionsDoc);
        }
        var callOptions = EmitNames.Claim(locals, "callOptions");
        Add(parameters, "global::Bunq.Runtime.BunqCallOptions? " + callOptions + " = null", callOptions, null, "The request id (X-Bunq-Client-Request-Id, the key for a safe retry) and timeout of this call; null for new ones.");
        var token = EmitNames.Claim(locals, "cancellationToken");
        Add(parameters, "global::System.Threading.CancellationToken " + token + " = default", token, null, "Cancels the call.");
        foreach (var (name, text, fallback) in paramDocs) doc.Param(name, text, fallback);

        var (returns, read, returnsDoc, itemType) = Result(op, ns);
        if (returnsDoc is not null) doc.Returns(returnsDoc);
        var responseVar = locals.Allocate("response");
        if (read is not null) read = read.Replace("{response}", responseVar);

        var methodName = members.Allocate(EmitNames.Identifier(op.MethodName));
        var view = new MethodView
        {
            Doc = doc.Lines,
            Returns = returns,
            Name = EmitNames.Escape(methodName),
            Parameters = string.Join(", ", parameters),
            Guards = guarded,
            PathVar = locals.Allocate("path"),
            Path = PathExpression(op.Path, pathArgs),
            Query = queries,
            PageParam = page,
            RequestVar = locals.Allocate("bunqRequest"),
            ResponseVar = responseVar,
            TokenParam = token,
            CallOptionsParam = callOptions,
            HttpMethod = HttpMethodExpression(op.Method),
            Body = body,
            ContentType = contentType,
            DescriptionParam = headers.Count > 0 ? headers[0].Name : null,
            Auth = op.Token switch
            {
                TokenKind.None => "None",
                TokenKind.Installation => "Installation",
                _ => "Session",
            },
            SignatureRequired = op.SignatureRequired ? "true" : "false",
            OperationId = TypeMapper.Literal(op.OperationId),
            ExpectsBinary = op.Shape == ResultShape.Binary,
            Read = read,
            UserVar = userVar,
        };

        if (op.Paging is not null && itemType is not null)
        {
            var baseName = EmitNames.Identifier(op.MethodName);
            var allName = members.Allocate(baseName.EndsWith("Async", StringComparison.Ordinal)
                ? baseName.Substring(0, baseName.Length - "Async".Length) + "AllAsync"
                : baseName + "All");
            // The same parameter names as the paged method, so callers can switch without renaming arguments.
            var all = new NameAllocator();
            foreach (var (name, _, _) in leadingDocs) all.Allocate(name);
            var allDoc = Doc(options)
                .Summary(null, "Every item of " + methodName + ", newest first, one request per page as the enumeration goes; AsPages() gives the pages with their response ids.")
                .Remarks(new[] { DocComment.Code(op.Method.ToUpperInvariant() + " " + op.Path) });
            foreach (var (name, text, fallback) in leadingDocs) allDoc.Param(name, text, fallback);
            var pageSize = EmitNames.Claim(all, "pageSize");
            var allCallOptions = EmitNames.Claim(all, "callOptions");
            var outerToken = EmitNames.Claim(all, "cancellationToken");
            var optionsVar = EmitNames.Claim(all, "options");
            var tokenVar = EmitNames.Claim(all, "token");
            var allParameters = leading.ToList();
            allParameters.Add("int " + pageSize + " = " + op.Paging.MaxPageSize.ToString(CultureInfo.InvariantCulture));
            allParameters.Add("global::Bunq.Runtime.BunqCallOptions? " + allCallOptions + " = null");
            allParameters.Add("global::System.Threading.CancellationToken " + outerToken + " = default");
            allDoc.Param(EmitNames.Unescape(pageSize), null, "Items per call, 1 to " + op.Paging.MaxPageSize.ToString(CultureInfo.InvariantCulture) + "; bigger pages mean fewer calls against bunq's rate limit.");
            allDoc.Param(EmitNames.Unescape(allCallOptions), null, "The timeout of each page's call; no request id (each page is a request of its own with a new id).");
            allDoc.Param(EmitNames.Unescape(outerToken), null, "Cancels the enumeration.");
            allDoc.Returns("The items of every page, enumerable with await foreach; AsPages() for the pages.");
            var allArgs = callArgs.ToList();
            allArgs.Add(optionsVar);
            // Each page is its own request, so each gets its own request id; a caller's id is refused, not dropped.
            allArgs.Add("global::Bunq.Runtime.BunqCallOptions.ForEachPage(" + allCallOptions + ")");
            allArgs.Add(tokenVar);
            view.All = new AllView
            {
                Doc = allDoc.Lines,
                Name = EmitNames.Escape(allName),
                ItemType = itemType,
                Parameters = string.Join(", ", allParameters),
                Arguments = string.Join(", ", allArgs),
                OptionsVar = optionsVar,
                TokenVar = tokenVar,
                PageSizeParam = pageSize,
                OuterTokenParam = outerToken,
            };
        }
        return view;
    }

    private static string FallbackSummary(ApiResource resource, ApiOperation op) => op.Kind switch
    {
        OperationKind.Create => "Creates a " + resource.Name + ".",
        OperationKind.Read => "Reads one " + resource.Name + ".",
        OperationKind.List => "Lists " + resource.Name + " items, newest first.",
        OperationKind.Update => "Updates a " + resource.Name + ".",
        OperationKind.Delete => "Deletes a " + resource.Name + ".",
        _ => "Calls " + op.OperationId + ".",
    };

    private static (string Returns, string? Read, string? ReturnsDoc, string? ItemType) Result(ApiOperation op, string ns)
    {
        const string Task = "global::System.Threading.Tasks.Task";
        const string Envelope = "global::Bunq.Runtime.Json.BunqEnvelope";
        var type = op.ResponseType is null ? null : TypeMapper.ModelType(ns, op.ResponseType);
        var key = op.ObjectTypeKey;
        // Object and list answers: keys after the first are the other names bunq has sent the object type under.
        var aliases = op.Keys.Count > 1 ? ", " + string.Join(", ", op.Keys.Skip(1).Select(TypeMapper.Literal)) : "";
        const string Response = "global::Bunq.Runtime.BunqResponse";
        // Every result but a page (which has its own ResponseId) carries bunq's response id: BunqResponse<T>.
        string Wrap(string valueType, string read) => "new " + Response + "<" + valueType + ">(" + read + ", {response})";
        switch (op.Shape)
        {
            case ResultShape.Id:
                return (Task + "<" + Response + "<long>>", Wrap("long", Envelope + ".ReadId({response})"), "The id bunq assigned, with bunq's response id.", null);
            case ResultShape.Uuid:
                return (Task + "<" + Response + "<string>>", Wrap("string", Envelope + ".ReadUuid({response})"), "The uuid bunq assigned, with bunq's response id.", null);
            case ResultShape.Binary:
                return (Task + "<" + Response + "<global::Bunq.Runtime.BunqBinary>>", Wrap("global::Bunq.Runtime.BunqBinary", "global::Bunq.Runtime.BunqBinary.From({response})"), "The raw bytes and their media type, with bunq's response id.", null);
            case ResultShape.Empty:
                return (Task + "<" + Response + ">", "{response}", "The verified answer: its ResponseId is bunq's response id.", null);
        }
        if (type is null)
        {
            // The model could not name a result type; hand back the verified answer rather than guess.
            return (Task + "<" + Response + ">", "{response}", "The verified answer, unread.", null);
        }
        var page = "global::Bunq.Runtime.BunqPage<" + type + ">";
        switch (op.Shape)
        {
            case ResultShape.List:
                return (Task + "<" + page + ">", Envelope + ".ReadList<" + type + ">({response}, " + TypeMapper.Literal(key) + aliases + ")",
                    "One page of " + key + " items, newest first, with the links to the neighbouring pages.", type);
            case ResultShape.Union when op.Kind == OperationKind.List:
                return (Task + "<" + page + ">", Envelope + ".ReadUnionList<" + type + ">({response})",
                    "One page of items, newest first, each one case of " + op.ResponseType + ".", type);
            case ResultShape.Union:
                return (Task + "<" + Response + "<" + type + ">>", Wrap(type, Envelope + ".ReadUnion<" + type + ">({response})"), "The object, one case of " + op.ResponseType + ", with bunq's response id.", null);
            case ResultShape.Multi:
                return (Task + "<" + Response + "<" + type + ">>", Wrap(type, Envelope + ".ReadMulti<" + type + ">({response})"), "The parts of the answer, with bunq's response id.", null);
            default:
                return (Task + "<" + Response + "<" + type + ">>", Wrap(type, Envelope + ".ReadObject<" + type + ">({response}, " + TypeMapper.Literal(key) + aliases + ")"), "The " + key + " object, with bunq's response id.", null);
        }
    }

    private static string PathExpression(string path, Dictionary<string, (string Name, ParameterType Type)> args)
    {
        var trimmed = path.TrimStart('/');
        var parts = new List<string>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < trimmed.Length)
        {
            var open = trimmed.IndexOf('{', i);
            var close = open < 0 ? -1 : trimmed.IndexOf('}', open + 1);
            if (open < 0 || close < 0)
            {
                literal.Append(trimmed, i, trimmed.Length - i);
                break;
            }
            literal.Append(trimmed, i, open - i);
            var wire = trimmed.Substring(open + 1, close - open - 1);
            if (Lookup(args, wire) is { } arg)
            {
                if (literal.Length > 0) parts.Add(TypeMapper.Literal(literal.ToString()));
                literal.Clear();
                parts.Add(arg.Type == ParameterType.Boolean
                    ? "(" + arg.Name + " ? \"true\" : \"false\")"
                    : "global::Bunq.Runtime.BunqPath.Segment(" + arg.Name + ")");
            }
            else
            {
                // No parameter for the placeholder: keep the text, bunq will answer 404 and the model reports it.
                literal.Append(trimmed, open, close - open + 1);
            }
            i = close + 1;
        }
        if (literal.Length > 0 || parts.Count == 0) parts.Add(TypeMapper.Literal(literal.ToString()));
        return string.Join(" + ", parts);
    }

    private static (string Name, ParameterType Type)? Lookup(Dictionary<string, (string Name, ParameterType Type)> args, string wire)
    {
        if (args.TryGetValue(wire, out var exact)) return exact;
        foreach (var pair in args.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (string.Equals(pair.Key, wire, StringComparison.OrdinalIgnoreCase)) return pair.Value;
        }
        return null;
    }

    private static string ParameterTypeName(ParameterType type, bool nullable)
    {
        var name = type switch
        {
            ParameterType.Long => "long",
            ParameterType.Integer => "int",
            ParameterType.Boolean => "bool",
            _ => "string",
        };
        return nullable ? name + "?" : name;
    }

    private static string QueryValue(ParameterType type, string value) => type == ParameterType.Boolean
        ? "(" + value + " ? \"true\" : \"false\")"
        : "global::Bunq.Runtime.BunqPath.Segment(" + value + ")";

    private static string HttpMethodExpression(string method)
    {
        const string Http = "global::System.Net.Http.HttpMethod";
        switch (method.ToUpperInvariant())
        {
            case "GET": return Http + ".Get";
            case "POST": return Http + ".Post";
            case "PUT": return Http + ".Put";
            case "DELETE": return Http + ".Delete";
            case "PATCH": return Http + ".Patch";
            case "HEAD": return Http + ".Head";
            case "OPTIONS": return Http + ".Options";
            default: return "new " + Http + "(" + TypeMapper.Literal(method.ToUpperInvariant()) + ")";
        }
    }

    private static NameAllocator Scope(string[] inherited, params string[] declared)
        => new NameAllocator(declared.Concat(inherited).ToArray());

}
