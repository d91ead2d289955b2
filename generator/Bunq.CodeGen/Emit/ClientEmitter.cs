using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading.Tasks;
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
    // Hex digits of 1UL << n for each bit of a null word, made once for every property of every model.
    private static readonly string[] NullMasks = Enumerable.Range(0, 64).Select(n => (1UL << n).ToString("X", CultureInfo.InvariantCulture)).ToArray();

    // Members every generated class inherits from object: a property with one of these names
    // would hide it (CS0108), which is a warning and so an error here.
    private static readonly string[] ObjectMembers =
    {
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    /// <summary>
    /// Every file for the model, in a deterministic order: client, resources, types (each in model order). Each file is
    /// also handed to <paramref name="emitted"/> as soon as it is rendered, on the thread that rendered it and in no
    /// particular order, so a caller can write it while the rest render; it must be safe to call from several threads.
    /// </summary>
    /// <remarks>
    /// Every file is rendered independently (TemplateRenderer shares only immutable parsed templates and frozen
    /// tables), so the files are rendered in parallel into their fixed slots: the same bytes in the same order. A
    /// failure surfaces as a sequential loop's would: the exception itself (not an AggregateException) of the first
    /// file in that order that failed. The source generator does not come here: it emits file by file through its
    /// own incremental pipeline, which the compiler schedules.
    /// </remarks>
    public static EquatableArray<GeneratedFile> Emit(ApiModel model, EmitOptions options, Action<GeneratedFile>? emitted = null)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        options = Normalize(options);
        var resources = model.Resources.Count;
        var files = new GeneratedFile[1 + resources + model.Types.Count];
        var failures = new Exception?[files.Length];
        var emitOptions = options;
        var factory = FactoryName(model, emitOptions);
        Parallel.For(0, files.Length, (i, loop) =>
        {
            try
            {
                var file = i == 0 ? EmitClient(model, emitOptions)
                    : i <= resources ? EmitResource(model.Resources[i - 1], emitOptions)
                    : EmitType(model.Types[i - 1 - resources], emitOptions, factory);
                emitted?.Invoke(file);
                files[i] = file;
            }
            catch (Exception ex)
            {
                failures[i] = ex;
                // Break, not Stop: every lower index still runs, so the first failure in file order is known.
                loop.Break();
            }
        });
        foreach (var failure in failures)
        {
            if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
        }
        return files.ToEquatableArray();
    }

    /// <summary>All type files of the model, in model order.</summary>
    public static EquatableArray<GeneratedFile> EmitTypes(ApiModel model, EmitOptions options)
    {
        var factory = FactoryName(model, options);
        return model.Types.Select(t => EmitType(t, options, factory)).ToEquatableArray();
    }

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
            resources.Add(ResourceProperty(resource, members, fields, options));
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
                Resources = accountResources.Select(r => ResourceProperty(r, scopeMembers, scopeFields, options)).ToList(),
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
            Factory = FactoryName(model, options) is { } factory
                ? new FactoryView
                {
                    Doc = Doc(options).Summary(null, "Builds the response models of " + title + " for tests: every property an optional argument, every union case an overload.").Lines,
                    Name = EmitNames.Escape(factory),
                }
                : null,
        };
        Fill(view, options, options.ClientName);
        return new GeneratedFile(HintName(options.ClientName), TemplateRenderer.Render("Client", view));
    }

    /// <summary>
    /// The name of the static class that builds response models for tests (BunqModelFactory for BunqClient), free of
    /// every type's, resource's, the client's and the account scope's name; null when the model has no response model.
    /// The client file declares the class and each type's file adds its methods, so a changed type re-emits its own file only.
    /// </summary>
    public static string? FactoryName(ApiModel model, EmitOptions options)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        options = Normalize(options);
        if (!model.Types.Any(HasFactoryMethods)) return null;
        var stem = options.ClientName.EndsWith("Client", StringComparison.Ordinal) && options.ClientName.Length > "Client".Length
            ? options.ClientName.Substring(0, options.ClientName.Length - "Client".Length)
            : options.ClientName;
        var taken = new HashSet<string>(model.Types.Select(t => t.Name).Concat(model.Resources.Select(r => r.ClassName)).Append(options.ClientName), StringComparer.OrdinalIgnoreCase);
        if (model.Resources.Any(r => r.Scope == ResourceScope.MonetaryAccount)) taken.Add(EmitNames.Escape(ScopeClassName(model, options)));
        var name = stem + "ModelFactory";
        for (var i = 2; taken.Contains(name); i++) name = stem + "ModelFactory" + i.ToString(CultureInfo.InvariantCulture);
        return name;
    }

    private static bool HasFactoryMethods(ApiType type) => type.Usage != TypeUsage.Request && type.Kind != TypeKind.Enum;

    /// <summary>
    /// The factory's methods for one response model, from the properties or cases its own file's view holds: one method
    /// with every property an optional argument, or one overload per union case (<c>MonetaryAccount(MonetaryAccountBank value)</c>).
    /// </summary>
    private static FactoryView? FactoryOf(ApiType type, string? factory, IReadOnlyList<PropertyView>? properties, IReadOnlyList<CaseView>? cases, EmitOptions options)
    {
        if (factory is null || !HasFactoryMethods(type)) return null;
        // One scope per type: type names are unique, so the methods of different types never meet.
        var members = Scope(ObjectMembers, factory);
        var full = TypeMapper.ModelType(options.Namespace, type.Name);
        var methods = new List<FactoryMethodView>();
        if (cases is not null)
        {
            var method = EmitNames.Escape(members.Allocate(type.Name));
            var caseTypes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in cases)
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
        }
        else
        {
            var locals = new NameAllocator();
            var parameters = new List<FactoryParameterView>();
            foreach (var p in properties ?? new PropertyView[0])
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
        return new FactoryView { Name = EmitNames.Escape(factory), Methods = methods };
    }

    /// <summary>The account scope's class name: free of every model type's and resource class's name.</summary>
    private static string ScopeClassName(ApiModel model, EmitOptions options)
    {
        var taken = new HashSet<string>(model.Types.Select(t => t.Name).Concat(model.Resources.Select(r => r.ClassName)).Append(options.ClientName), StringComparer.OrdinalIgnoreCase);
        var name = "MonetaryAccountScope";
        for (var i = 2; taken.Contains(name); i++) name = "MonetaryAccountScope" + i.ToString(CultureInfo.InvariantCulture);
        return name;
    }

    private static ClientResourceView ResourceProperty(ApiResource resource, NameAllocator members, NameAllocator fields, EmitOptions options)
    {
        var name = members.Allocate(EmitNames.Identifier(resource.PropertyName), "Resource");
        var field = fields.Allocate("_" + char.ToLowerInvariant(name[0]) + name.Substring(1));
        return new ClientResourceView
        {
            Name = EmitNames.Escape(name),
            Field = field,
            Type = TypeMapper.ModelType(options.Namespace, resource.ClassName),
            Doc = Doc(options).Summary(null, "The " + resource.Name + " resource" + (resource.Scope == ResourceScope.Root ? "." : resource.Scope == ResourceScope.User ? " of the user." : " of the account.")).Lines,
            User = resource.Scope != ResourceScope.Root,
            Account = resource.Scope == ResourceScope.MonetaryAccount,
        };
    }

    /// <summary>
    /// One model type: a class, a union hierarchy or a multi-part result, with its methods of the model factory
    /// <paramref name="factory"/> (from <see cref="FactoryName"/>; null for none).
    /// </summary>
    public static GeneratedFile EmitType(ApiType type, EmitOptions options, string? factory)
    {
        if (type is null) throw new ArgumentNullException(nameof(type));
        options = Normalize(options);
        string text;
        switch (type.Kind)
        {
            case TypeKind.Union:
                var union = UnionViewOf(type, options);
                union.Factory = FactoryOf(type, factory, null, union.Cases, options);
                text = TemplateRenderer.Render("Union", union);
                break;
            case TypeKind.Multi:
                var multi = MultiViewOf(type, options);
                multi.Factory = FactoryOf(type, factory, multi.Properties, null, options);
                text = TemplateRenderer.Render("Multi", multi);
                break;
            case TypeKind.Enum:
                text = TemplateRenderer.Render("Enum", EnumViewOf(type, options));
                break;
            default:
                var obj = ObjectViewOf(type, options);
                obj.Factory = FactoryOf(type, factory, obj.Properties, null, options);
                text = TemplateRenderer.Render("Object", obj);
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
                NullMask = NullMasks[index % 64],
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

    /// <summary>
    /// One operation as a method view, in the order its names are allocated (the scope's user local, the path
    /// parameters, the body, the headers, the queries, then the method's own locals): the order decides which name
    /// wins a clash, so it is the generated code's contract.
    /// </summary>
    private static MethodView MethodViewOf(ApiResource resource, ApiOperation op, NameAllocator members, EmitOptions options)
    {
        var locals = new NameAllocator();
        var signature = new Signature();
        var userVar = ScopeArguments(resource, op, locals, signature);
        PathParameters(resource, op, locals, signature);
        var body = BodyOf(op, locals, signature, options.Namespace);
        var query = QueryParameters(op, locals, signature);
        var leading = signature.Parameters.ToList();
        var leadingDocs = signature.Docs.ToList();
        var leadingArgs = signature.CallArgs.ToList();

        string? page = null;
        if (op.Paging is not null)
        {
            page = EmitNames.Take(locals, "page");
            signature.Add(Optional("page_options", page), null, op.Paging.OptionsDoc);
        }
        var callOptions = EmitNames.Claim(locals, "callOptions");
        signature.Add(Optional("call_options", callOptions), null, "The request id (X-Bunq-Client-Request-Id, the key for a safe retry) and timeout of this call; null for new ones.");
        var token = EmitNames.Claim(locals, "cancellationToken");
        signature.Add(Optional("token", token), null, "Cancels the call.");

        var (result, returnsDoc) = Result(op, options.Namespace);
        var doc = MethodDoc(resource, op, options);
        foreach (var (name, text, fallback) in signature.Docs) doc.Param(name, text, fallback);
        if (returnsDoc is not null) doc.Returns(returnsDoc);

        // The method's own locals come last, so a parameter keeps its name and they give way.
        var responseVar = locals.Allocate("response");
        var pathVar = locals.Allocate("path");
        var requestVar = locals.Allocate("bunqRequest");
        var methodName = members.Allocate(EmitNames.Identifier(op.MethodName));
        return new MethodView
        {
            Doc = doc.Lines,
            Result = result,
            Name = EmitNames.Escape(methodName),
            Parameters = signature.Parameters,
            Guards = signature.Guards,
            PathVar = pathVar,
            Path = PathOf(op.Path, signature.PathArgs),
            Query = query,
            PageParam = page,
            RequestVar = requestVar,
            ResponseVar = responseVar,
            TokenParam = token,
            CallOptionsParam = callOptions,
            HttpMethod = op.Method.ToUpperInvariant(),
            Body = body,
            DescriptionParam = signature.Headers.Count > 0 ? signature.Headers[0] : null,
            Auth = op.Token switch
            {
                TokenKind.None => "None",
                TokenKind.Installation => "Installation",
                _ => "Session",
            },
            SignatureRequired = op.SignatureRequired,
            OperationId = op.OperationId,
            ExpectsBinary = op.Shape == ResultShape.Binary,
            UserVar = userVar,
            All = op.Paging is not null && result.Type is not null
                ? PageableOf(op, methodName, members, leading, leadingDocs, leadingArgs, options)
                : null,
        };
    }

    /// <summary>A method's parameters as they are gathered: the declarations, their docs (kept apart so the AllAsync twin reuses them), the arguments the twin passes on.</summary>
    private sealed class Signature
    {
        public List<ParameterView> Parameters { get; } = new List<ParameterView>();
        public List<(string Name, string? Text, string Fallback)> Docs { get; } = new List<(string, string?, string)>();
        public List<string> CallArgs { get; } = new List<string>();
        /// <summary>Non-nullable reference parameters: a null would otherwise surface as a NullReferenceException deep in serialisation.</summary>
        public List<string> Guards { get; } = new List<string>();
        /// <summary>The path placeholders by wire name: the parameter or field that fills each.</summary>
        public Dictionary<string, (string Name, ParameterType Type)> PathArgs { get; } = new Dictionary<string, (string, ParameterType)>(StringComparer.Ordinal);
        /// <summary>The header parameters, in the model's order.</summary>
        public List<string> Headers { get; } = new List<string>();

        public void Add(ParameterView parameter, string? text, string fallback, bool passOn = false)
        {
            Parameters.Add(parameter);
            Docs.Add((EmitNames.Unescape(parameter.Name), text, fallback));
            if (passOn) CallArgs.Add(parameter.Name);
        }
    }

    private static ParameterView Required(string type, string name) => new ParameterView { Type = type, Name = name };

    private static ParameterView Optional(string type, string name) => new ParameterView { Type = type, Name = name, Optional = true, Nullable = type != "token" };

    /// <summary>The summary and remarks: the verb and path, the description when the summary is not it, the object types.</summary>
    private static DocComment MethodDoc(ApiResource resource, ApiOperation op, EmitOptions options)
    {
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
        return doc.Remarks(remarks);
    }

    /// <summary>The scope supplies the leading path parameters: the user's id (read when the call starts, into the returned local), then the account's.</summary>
    private static string? ScopeArguments(ApiResource resource, ApiOperation op, NameAllocator locals, Signature signature)
    {
        string? userVar = null;
        for (var i = 0; i < op.PathParameters.Count && i < resource.ScopeParameters; i++)
        {
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
            var wire = op.PathParameters[i].WireName;
            if (!signature.PathArgs.ContainsKey(wire)) signature.PathArgs.Add(wire, (value, ParameterType.Long));
        }
        return userVar;
    }

    private static void PathParameters(ApiResource resource, ApiOperation op, NameAllocator locals, Signature signature)
    {
        foreach (var p in op.PathParameters.Skip(resource.ScopeParameters))
        {
            var name = EmitNames.Take(locals, p.CSharpName);
            signature.Add(Required(ParameterTypeKey(p.Type), name), p.Description, "The " + p.WireName + " path segment.", passOn: true);
            if (!signature.PathArgs.ContainsKey(p.WireName)) signature.PathArgs.Add(p.WireName, (name, p.Type));
            if (p.Type == ParameterType.String) signature.Guards.Add(name);
        }
    }

    private static BodyView? BodyOf(ApiOperation op, NameAllocator locals, Signature signature, string ns)
    {
        switch (op.Body.Kind)
        {
            case BodyKind.Binary:
                var content = EmitNames.Take(locals, "content");
                var type = EmitNames.Take(locals, "contentType");
                signature.Add(Required("bytes", content), null, "The file's bytes, sent as they are.", passOn: true);
                signature.Add(Required("string", type), null, "The file's media type, e.g. image/png.", passOn: true);
                signature.Guards.Add(type);
                return new BodyView { Kind = "binary", Value = content, ContentType = type };
            case BodyKind.Model when op.RequestType is not null:
                var request = EmitNames.Take(locals, "request");
                signature.Add(new ParameterView { Type = "model", Model = TypeMapper.ModelType(ns, op.RequestType), Name = request }, null, "The request body.", passOn: true);
                signature.Guards.Add(request);
                return new BodyView { Kind = "model", Value = request, ContentType = op.Body.ContentType ?? "" };
            case BodyKind.Fixed:
                return new BodyView { Kind = "fixed", Value = op.Body.Text ?? "", ContentType = op.Body.ContentType ?? "" };
            default:
                return null;
        }
    }

    /// <summary>The query parameters (the paging ones are BunqPageOptions' job), required first, then the optional ones and the headers.</summary>
    private static List<QueryView> QueryParameters(ApiOperation op, NameAllocator locals, Signature signature)
    {
        // Header parameters are taken before the query ones so their names win, as the model allocated them.
        foreach (var header in op.Headers) signature.Headers.Add(EmitNames.Take(locals, header.ParameterName));
        var queries = new List<QueryView>();
        foreach (var q in op.QueryParameters.OrderBy(q => q.Required ? 0 : 1))
        {
            if (op.Paging is { } paging && paging.Parameters.Contains(q.WireName)) continue;
            var name = EmitNames.Take(locals, q.CSharpName);
            var type = ParameterTypeKey(q.Type);
            signature.Add(q.Required ? Required(type, name) : Optional(type, name), q.Description, "The " + q.WireName + " query parameter.", passOn: true);
            queries.Add(new QueryView { Wire = q.WireName, Name = name, Type = type, Optional = !q.Required });
        }
        for (var i = 0; i < op.Headers.Count; i++)
        {
            signature.Add(Optional("string", signature.Headers[i]), null, "Sent as " + op.Headers[i].Name + ".", passOn: true);
        }
        return queries;
    }

    /// <summary>The <c>…AllAsync</c> twin: the paged method's leading parameters under the same names, then page size, call options and token.</summary>
    private static AllView PageableOf(ApiOperation op, string methodName, NameAllocator members, List<ParameterView> leading,
        List<(string Name, string? Text, string Fallback)> leadingDocs, List<string> leadingArgs, EmitOptions options)
    {
        var paging = op.Paging ?? throw new InvalidOperationException("Only a paged operation has a pageable twin.");
        var baseName = EmitNames.Identifier(op.MethodName);
        var allName = members.Allocate(baseName.EndsWith("Async", StringComparison.Ordinal)
            ? baseName.Substring(0, baseName.Length - "Async".Length) + "AllAsync"
            : baseName + "All");
        // The same parameter names as the paged method, so callers can switch without renaming arguments.
        var all = new NameAllocator();
        foreach (var (name, _, _) in leadingDocs) all.Allocate(name);
        var doc = Doc(options)
            .Summary(null, "Every item of " + methodName + ", newest first, one request per page as the enumeration goes; AsPages() gives the pages with their response ids.")
            .Remarks(new[] { DocComment.Code(op.Method.ToUpperInvariant() + " " + op.Path) });
        foreach (var (name, text, fallback) in leadingDocs) doc.Param(name, text, fallback);
        var pageSize = EmitNames.Claim(all, "pageSize");
        var callOptions = EmitNames.Claim(all, "callOptions");
        var outerToken = EmitNames.Claim(all, "cancellationToken");
        var optionsVar = EmitNames.Claim(all, "options");
        var tokenVar = EmitNames.Claim(all, "token");
        var maxPageSize = paging.MaxPageSize.ToString(CultureInfo.InvariantCulture);
        doc.Param(EmitNames.Unescape(pageSize), null, "Items per call, 1 to " + maxPageSize + "; bigger pages mean fewer calls against bunq's rate limit.");
        doc.Param(EmitNames.Unescape(callOptions), null, "The timeout of each page's call; no request id (each page is a request of its own with a new id).");
        doc.Param(EmitNames.Unescape(outerToken), null, "Cancels the enumeration.");
        doc.Returns("The items of every page, enumerable with await foreach; AsPages() for the pages.");
        var parameters = leading.ToList();
        parameters.Add(new ParameterView { Type = "integer", Name = pageSize, Optional = true, DefaultValue = paging.MaxPageSize });
        parameters.Add(Optional("call_options", callOptions));
        parameters.Add(Optional("token", outerToken));
        return new AllView
        {
            Doc = doc.Lines,
            Name = EmitNames.Escape(allName),
            Parameters = parameters,
            Arguments = leadingArgs,
            OptionsVar = optionsVar,
            TokenVar = tokenVar,
            CallOptionsParam = callOptions,
            PageSizeParam = pageSize,
            OuterTokenParam = outerToken,
        };
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

    /// <summary>The result's kind and type, and its returns doc.</summary>
    private static (ResultView Result, string ReturnsDoc) Result(ApiOperation op, string ns)
    {
        switch (op.Shape)
        {
            case ResultShape.Id:
                return (new ResultView { Kind = "id" }, "The id bunq assigned, with bunq's response id.");
            case ResultShape.Uuid:
                return (new ResultView { Kind = "uuid" }, "The uuid bunq assigned, with bunq's response id.");
            case ResultShape.Binary:
                return (new ResultView { Kind = "binary" }, "The raw bytes and their media type, with bunq's response id.");
            case ResultShape.Empty:
                return (new ResultView { Kind = "empty" }, "The verified answer: its ResponseId is bunq's response id.");
        }
        if (op.ResponseType is null)
        {
            // The model could not name a result type; hand back the verified answer rather than guess.
            return (new ResultView { Kind = "empty" }, "The verified answer, unread.");
        }
        var key = op.ObjectTypeKey;
        var view = new ResultView
        {
            Type = TypeMapper.ModelType(ns, op.ResponseType),
            Key = key,
            // Keys after the first are the other names bunq has sent the object type under.
            Aliases = op.Keys.Skip(1).ToList(),
        };
        switch (op.Shape)
        {
            case ResultShape.List:
                view.Kind = "list";
                return (view, "One page of " + key + " items, newest first, with the links to the neighbouring pages.");
            case ResultShape.Union when op.Kind == OperationKind.List:
                view.Kind = "union_list";
                return (view, "One page of items, newest first, each one case of " + op.ResponseType + ".");
            case ResultShape.Union:
                view.Kind = "union";
                return (view, "The object, one case of " + op.ResponseType + ", with bunq's response id.");
            case ResultShape.Multi:
                view.Kind = "multi";
                return (view, "The parts of the answer, with bunq's response id.");
            default:
                view.Kind = "object";
                return (view, "The " + key + " object, with bunq's response id.");
        }
    }

    /// <summary>The path without its leading slash as literal text and the parameters that fill its placeholders.</summary>
    private static List<PathSegmentView> PathOf(string path, Dictionary<string, (string Name, ParameterType Type)> args)
    {
        var trimmed = path.TrimStart('/');
        var parts = new List<PathSegmentView>();
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
                if (literal.Length > 0) parts.Add(new PathSegmentView { Literal = literal.ToString() });
                literal.Clear();
                parts.Add(new PathSegmentView { Name = arg.Name, Boolean = arg.Type == ParameterType.Boolean });
            }
            else
            {
                // No parameter for the placeholder: keep the text, bunq will answer 404 and the model reports it.
                literal.Append(trimmed, open, close - open + 1);
            }
            i = close + 1;
        }
        if (literal.Length > 0 || parts.Count == 0) parts.Add(new PathSegmentView { Literal = literal.ToString() });
        return parts;
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

    /// <summary>The key of _Shared's <c>cs_parameter_types</c> for a path or query parameter.</summary>
    private static string ParameterTypeKey(ParameterType type) => type switch
    {
        ParameterType.Long => "long",
        ParameterType.Integer => "integer",
        ParameterType.Boolean => "boolean",
        _ => "string",
    };

    private static NameAllocator Scope(string[] inherited, params string[] declared)
        => new NameAllocator(declared.Concat(inherited).ToArray());

}
