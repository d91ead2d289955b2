using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Bunq.CodeGen.Model.Conventions;

/// <summary>One thing wrong in a conventions table: where (a JSON pointer into the table) and what.</summary>
internal sealed record ConventionsError(string Pointer, string Message)
{
    public override string ToString() => (Pointer.Length == 0 ? "(root)" : Pointer) + ": " + Message;
}

/// <summary>A read conventions table: <see cref="Table"/> is null exactly when <see cref="Errors"/> is not empty.</summary>
internal sealed record ConventionsReadResult(BunqConventions? Table, IReadOnlyList<ConventionsError> Errors);

/// <summary>
/// The strict reader behind <see cref="BunqConventions.Parse"/>. It collects every error rather than stopping at the
/// first, so one run of the generator lists all the typos in an edited table.
/// </summary>
internal sealed class ConventionsReader
{
    private static readonly string[] Methods = { "get", "post", "put", "delete", "patch", "head", "options", "trace" };
    private static readonly string[] Kinds = { "create", "read", "list", "update", "delete" };

    private static readonly Dictionary<string, ResultShape> Shapes = new Dictionary<string, ResultShape>(StringComparer.Ordinal)
    {
        ["id"] = ResultShape.Id,
        ["uuid"] = ResultShape.Uuid,
        ["object"] = ResultShape.Object,
        ["list"] = ResultShape.List,
        ["union"] = ResultShape.Union,
        ["multi"] = ResultShape.Multi,
        ["binary"] = ResultShape.Binary,
        ["empty"] = ResultShape.Empty,
    };

    private static readonly Dictionary<string, TokenKind> Tokens = new Dictionary<string, TokenKind>(StringComparer.Ordinal)
    {
        ["none"] = TokenKind.None,
        ["installation"] = TokenKind.Installation,
        ["session"] = TokenKind.Session,
    };

    private static readonly Dictionary<string, TypeUsage> Usages = new Dictionary<string, TypeUsage>(StringComparer.Ordinal)
    {
        ["request"] = TypeUsage.Request,
        ["response"] = TypeUsage.Response,
    };

    private static readonly Dictionary<string, PropertyOverrideType> OverrideTypes = new Dictionary<string, PropertyOverrideType>(StringComparer.Ordinal)
    {
        ["decimal"] = PropertyOverrideType.Decimal,
    };

    private static readonly Dictionary<string, ParameterType> ParameterTypes = new Dictionary<string, ParameterType>(StringComparer.Ordinal)
    {
        ["long"] = ParameterType.Long,
        ["integer"] = ParameterType.Integer,
        ["string"] = ParameterType.String,
        ["boolean"] = ParameterType.Boolean,
    };

    private readonly List<ConventionsError> _errors = new List<ConventionsError>();

    public static ConventionsReadResult Read(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return new ConventionsReadResult(null, new[] { new ConventionsError("", "not JSON: " + ex.Message) });
        }
        using (doc)
        {
            var reader = new ConventionsReader();
            var table = reader.Root(doc.RootElement);
            return reader._errors.Count == 0
                ? new ConventionsReadResult(table, Array.Empty<ConventionsError>())
                : new ConventionsReadResult(null, reader._errors);
        }
    }

    private BunqConventions Root(JsonElement root)
    {
        var rules = new List<ConventionRule>();
        var types = new List<ConventionType>();
        var substitutions = new List<RequestSubstitution>();
        var overrides = new List<PropertyOverride>();
        var unionCases = new List<UnionCaseAddition>();
        var enums = new List<EnumConvention>();
        var resourceNames = new List<ResourceName>();
        if (Object(root, "", "$schema", "$comment", "$enumsComment", "version", "rules", "requestSubstitutions", "propertyOverrides", "resourceNames", "unionCases", "types", "enums", "$factsComment", "model", "requests", "wire"))
        {
            if (root.TryGetProperty("version", out var version) && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v == 1))
            {
                Error("/version", "is " + version.GetRawText() + "; this generator reads version 1");
            }
            Required(root, "", "version");
            foreach (var (r, pointer) in Items(root, "", "rules", required: true)) rules.Add(Rule(r, pointer, rules.Count));
            foreach (var (t, pointer) in Items(root, "", "types")) types.Add(Type(t, pointer));
            foreach (var (s, pointer) in Items(root, "", "requestSubstitutions"))
            {
                if (!Object(s, pointer, "schema", "with", "evidence")) continue;
                substitutions.Add(new RequestSubstitution { Schema = RequiredString(s, pointer, "schema"), With = RequiredString(s, pointer, "with"), Evidence = RequiredString(s, pointer, "evidence") });
            }
            foreach (var (o, pointer) in Items(root, "", "propertyOverrides")) overrides.Add(Override(o, pointer));
            foreach (var (c, pointer) in Items(root, "", "unionCases"))
            {
                if (!Object(c, pointer, "union", "key", "schema", "evidence")) continue;
                unionCases.Add(new UnionCaseAddition { Union = RequiredString(c, pointer, "union"), Key = RequiredString(c, pointer, "key"), Schema = RequiredString(c, pointer, "schema"), Evidence = RequiredString(c, pointer, "evidence") });
            }
            foreach (var (e, pointer) in Items(root, "", "enums")) enums.Add(Enum(e, pointer));
            foreach (var (n, pointer) in Items(root, "", "resourceNames"))
            {
                if (!Object(n, pointer, "resource", "name", "plural", "action", "evidence")) continue;
                resourceNames.Add(new ResourceName
                {
                    Resource = RequiredString(n, pointer, "resource"),
                    Name = OptionalString(n, pointer, "name"),
                    Plural = OptionalString(n, pointer, "plural"),
                    Action = OptionalString(n, pointer, "action"),
                    Evidence = RequiredString(n, pointer, "evidence"),
                });
            }
        }
        var facts = Facts(root);
        return new BunqConventions(rules, types, substitutions, overrides) { UnionCases = unionCases, Enums = enums, ResourceNames = resourceNames, Facts = facts };
    }

    private TableFacts Facts(JsonElement root)
    {
        var facts = new TableFacts();
        if (root.ValueKind != JsonValueKind.Object) return facts;
        var m = facts.Model;
        if (Section(root, "model", out var model, "contextPaths", "accountPaths", "paging", "idAnswers", "money", "timestamps", "binaryVerb", "schemaNameSuffix"))
        {
            if (Entry(facts, model, "/model", "contextPaths", out var e, out var p, "paths")) m.ContextPaths = RequiredStringList(e, p, "paths");
            if (Entry(facts, model, "/model", "accountPaths", out e, out p, "prefix")) m.AccountPathPrefix = RequiredString(e, p, "prefix");
            if (Entry(facts, model, "/model", "paging", out e, out p, "parameters", "maxCount", "optionsDoc"))
            {
                var parameters = new List<PagingParameter>();
                foreach (var (q, qp) in Items(e, p, "parameters", required: true))
                {
                    if (!Object(q, qp, "name", "csharpName", "type", "description")) continue;
                    var type = Closed(q, qp, "type", ParameterTypes);
                    if (type is null) Required(q, qp, "type");
                    parameters.Add(new PagingParameter(RequiredString(q, qp, "name"), RequiredString(q, qp, "csharpName"), type ?? ParameterType.Long, RequiredString(q, qp, "description")));
                }
                if (parameters.Count == 0 && e.TryGetProperty("parameters", out _)) Error(p + "/parameters", "is an empty list");
                m.PagingParameters = parameters;
                m.MaxPageSize = RequiredCount(e, p, "maxCount");
                m.PageOptionsDoc = RequiredString(e, p, "optionsDoc");
            }
            if (Entry(facts, model, "/model", "idAnswers", out e, out p, "id", "uuid", "uuidParameterSuffix"))
            {
                m.IdKey = RequiredString(e, p, "id");
                m.UuidKey = RequiredString(e, p, "uuid");
                m.UuidParameterSuffix = RequiredString(e, p, "uuidParameterSuffix");
            }
            if (Entry(facts, model, "/model", "money", out e, out p, "schema", "fields"))
            {
                m.MoneySchema = RequiredString(e, p, "schema");
                m.MoneyFields = RequiredStringList(e, p, "fields");
            }
            if (Entry(facts, model, "/model", "timestamps", out e, out p, "names", "words", "notWords", "descriptionWord"))
            {
                m.TimestampNames = RequiredStringList(e, p, "names");
                m.TimestampWords = RequiredStringList(e, p, "words");
                m.TimestampNotWords = RequiredStringList(e, p, "notWords");
                m.TimestampDescriptionWord = RequiredString(e, p, "descriptionWord");
            }
            if (Entry(facts, model, "/model", "binaryVerb", out e, out p, "verb")) m.BinaryVerb = RequiredString(e, p, "verb");
            if (Entry(facts, model, "/model", "schemaNameSuffix", out e, out p, "separator", "hexDigits"))
            {
                m.SchemaSuffixSeparator = RequiredString(e, p, "separator");
                m.SchemaSuffixHexDigits = RequiredCount(e, p, "hexDigits");
            }
        }
        var r = facts.Requests;
        if (Section(root, "requests", out var requests, "emptyBody", "attachmentDescription"))
        {
            if (Entry(facts, requests, "/requests", "emptyBody", out var e, out var p, "methods", "body", "contentType"))
            {
                var methods = RequiredStringList(e, p, "methods");
                for (var i = 0; i < methods.Count; i++)
                {
                    if (Array.IndexOf(Methods, methods[i]) < 0) Unknown(p + "/methods/" + i, methods[i], Methods);
                }
                r.BodyMethods = methods;
                r.EmptyBody = RequiredString(e, p, "body");
                r.JsonContentType = RequiredString(e, p, "contentType");
            }
            if (Entry(facts, requests, "/requests", "attachmentDescription", out e, out p, "header", "parameter"))
            {
                r.AttachmentDescriptionHeader = RequiredString(e, p, "header");
                r.AttachmentDescriptionParameter = RequiredString(e, p, "parameter");
            }
        }
        var w = facts.Wire;
        if (Section(root, "wire", out var wire, "rateLimits", "sessionServerPath"))
        {
            if (Entry(facts, wire, "/wire", "rateLimits", out var e, out var p, "get", "post", "put", "windowSeconds", "sessionServer", "sessionServerWindowSeconds"))
            {
                w.GetLimit = RequiredCount(e, p, "get");
                w.PostLimit = RequiredCount(e, p, "post");
                w.PutLimit = RequiredCount(e, p, "put");
                w.WindowSeconds = RequiredCount(e, p, "windowSeconds");
                w.SessionServerLimit = RequiredCount(e, p, "sessionServer");
                w.SessionServerWindowSeconds = RequiredCount(e, p, "sessionServerWindowSeconds");
                w.RateLimitsEvidence = facts.Evidence.TryGetValue(p, out var ev) ? ev : "";
            }
            if (Entry(facts, wire, "/wire", "sessionServerPath", out e, out p, "path"))
            {
                w.SessionServerPath = RequiredString(e, p, "path");
                w.SessionServerPathEvidence = facts.Evidence.TryGetValue(p, out var ev) ? ev : "";
            }
        }
        return facts;
    }

    /// <summary>A required object section of the root; every entry in it is required too.</summary>
    private bool Section(JsonElement root, string name, out JsonElement section, params string[] entries)
    {
        section = default;
        if (!Required(root, "", name)) return false;
        section = root.GetProperty(name);
        if (!Object(section, "/" + name, entries)) return false;
        foreach (var entry in entries) Required(section, "/" + name, entry);
        return true;
    }

    /// <summary>One fact entry: an object with its own fields and its evidence, which is kept by pointer.</summary>
    private bool Entry(TableFacts facts, JsonElement section, string sectionPointer, string name, out JsonElement entry, out string pointer, params string[] fields)
    {
        pointer = Child(sectionPointer, name);
        if (!section.TryGetProperty(name, out entry)) return false;
        var allowed = new string[fields.Length + 1];
        fields.CopyTo(allowed, 0);
        allowed[fields.Length] = "evidence";
        if (!Object(entry, pointer, allowed)) return false;
        foreach (var field in fields) Required(entry, pointer, field);
        facts.Evidence[pointer] = RequiredString(entry, pointer, "evidence");
        return true;
    }

    private IReadOnlyList<string> RequiredStringList(JsonElement owner, string pointer, string name)
        => owner.TryGetProperty(name, out _) ? (IReadOnlyList<string>?)StringList(owner, pointer, name) ?? Array.Empty<string>() : Array.Empty<string>();

    /// <summary>A whole number of at least 1 (a limit, a window, a page size).</summary>
    private int RequiredCount(JsonElement owner, string pointer, string name)
    {
        if (!owner.TryGetProperty(name, out var value)) return 0;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 1) return n;
        WrongType(Child(pointer, name), value, "a whole number of at least 1");
        return 0;
    }

    private ConventionRule Rule(JsonElement r, string pointer, int index)
    {
        var rule = new ConventionRule { Index = index };
        if (!Object(r, pointer, "match", "key", "keys", "aliases", "shape", "token", "signature", "binaryRequest", "responseSchema", "evidence")) return rule;
        if (Required(r, pointer, "match"))
        {
            var m = r.GetProperty("match");
            var matchPointer = pointer + "/match";
            if (Object(m, matchPointer, "stem", "stemPrefix", "method", "path", "pathSuffix", "kind", "operationId"))
            {
                rule.Match = new RuleMatch
                {
                    Stem = OptionalString(m, matchPointer, "stem"),
                    StemPrefix = OptionalString(m, matchPointer, "stemPrefix"),
                    Method = OneOf(m, matchPointer, "method", Methods),
                    Path = OptionalString(m, matchPointer, "path"),
                    PathSuffix = OptionalString(m, matchPointer, "pathSuffix"),
                    Kind = OneOf(m, matchPointer, "kind", Kinds),
                    OperationId = OptionalString(m, matchPointer, "operationId"),
                };
            }
        }
        rule.Key = OptionalString(r, pointer, "key");
        rule.Keys = StringList(r, pointer, "keys");
        rule.Aliases = StringList(r, pointer, "aliases");
        rule.Shape = Closed(r, pointer, "shape", Shapes);
        rule.Token = Closed(r, pointer, "token", Tokens);
        rule.Signature = OptionalBool(r, pointer, "signature");
        rule.BinaryRequest = OptionalBool(r, pointer, "binaryRequest");
        rule.ResponseSchema = OptionalString(r, pointer, "responseSchema");
        rule.Evidence = RequiredString(r, pointer, "evidence");
        return rule;
    }

    private ConventionType Type(JsonElement t, string pointer)
    {
        var type = new ConventionType();
        if (!Object(t, pointer, "name", "evidence", "properties")) return type;
        type.Name = RequiredString(t, pointer, "name");
        type.Evidence = RequiredString(t, pointer, "evidence");
        foreach (var (p, propertyPointer) in Items(t, pointer, "properties", required: true))
        {
            if (!Object(p, propertyPointer, "name", "type", "description")) continue;
            type.Properties.Add(new ConventionProperty
            {
                Name = RequiredString(p, propertyPointer, "name"),
                Type = RequiredString(p, propertyPointer, "type"),
                Description = OptionalString(p, propertyPointer, "description"),
            });
        }
        return type;
    }

    private PropertyOverride Override(JsonElement o, string pointer)
    {
        var result = new PropertyOverride();
        if (!Object(o, pointer, "schemaPrefix", "property", "items", "type", "usage", "evidence")) return result;
        result.SchemaPrefix = RequiredString(o, pointer, "schemaPrefix");
        result.Property = RequiredString(o, pointer, "property");
        result.Items = OptionalString(o, pointer, "items") ?? "";
        result.Type = Closed(o, pointer, "type", OverrideTypes);
        result.Usage = Closed(o, pointer, "usage", Usages);
        result.Evidence = RequiredString(o, pointer, "evidence");
        // An override with neither would change nothing, one with both would leave the reader to pick: both are typos.
        if (o.TryGetProperty("items", out _) == o.TryGetProperty("type", out _))
        {
            Error(pointer, "needs exactly one of 'items' and 'type'");
        }
        return result;
    }

    private EnumConvention Enum(JsonElement e, string pointer)
    {
        var convention = new EnumConvention();
        if (!Object(e, pointer, "name", "values", "fields")) return convention;
        convention.Name = RequiredString(e, pointer, "name");
        if (Required(e, pointer, "values")) convention.Values = StringList(e, pointer, "values") ?? new List<string>();
        foreach (var (f, fieldPointer) in Items(e, pointer, "fields", required: true))
        {
            if (!Object(f, fieldPointer, "schema", "property", "sentence")) continue;
            convention.Fields.Add(new EnumField
            {
                Schema = RequiredString(f, fieldPointer, "schema"),
                Property = RequiredString(f, fieldPointer, "property"),
                Sentence = RequiredString(f, fieldPointer, "sentence"),
            });
        }
        return convention;
    }

    /// <summary>True when <paramref name="element"/> is an object with no property outside <paramref name="allowed"/>.</summary>
    private bool Object(JsonElement element, string pointer, params string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            WrongType(pointer, element, "an object");
            return false;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                Error(Child(pointer, property.Name), "unknown property '" + property.Name + "'; allowed here: " + string.Join(", ", allowed));
            }
        }
        return true;
    }

    private IEnumerable<(JsonElement Element, string Pointer)> Items(JsonElement owner, string pointer, string name, bool required = false)
    {
        var items = new List<(JsonElement, string)>();
        if (!owner.TryGetProperty(name, out var array))
        {
            if (required) Missing(pointer, name);
            return items;
        }
        var arrayPointer = Child(pointer, name);
        if (array.ValueKind != JsonValueKind.Array)
        {
            WrongType(arrayPointer, array, "an array");
            return items;
        }
        var i = 0;
        foreach (var item in array.EnumerateArray()) items.Add((item, arrayPointer + "/" + i++));
        return items;
    }

    private bool Required(JsonElement owner, string pointer, string name)
    {
        if (owner.TryGetProperty(name, out _)) return true;
        Missing(pointer, name);
        return false;
    }

    private string RequiredString(JsonElement owner, string pointer, string name)
    {
        if (!Required(owner, pointer, name)) return "";
        return OptionalString(owner, pointer, name) ?? "";
    }

    private string? OptionalString(JsonElement owner, string pointer, string name)
    {
        if (!owner.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            if (text.Length > 0) return text;
            Error(Child(pointer, name), "is empty");
            return null;
        }
        WrongType(Child(pointer, name), value, "a string");
        return null;
    }

    private bool? OptionalBool(JsonElement owner, string pointer, string name)
    {
        if (!owner.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.ValueKind == JsonValueKind.True;
        WrongType(Child(pointer, name), value, "true or false");
        return null;
    }

    private List<string>? StringList(JsonElement owner, string pointer, string name)
    {
        if (!owner.TryGetProperty(name, out _)) return null;
        var list = new List<string>();
        foreach (var (item, itemPointer) in Items(owner, pointer, name))
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString()!.Length > 0) list.Add(item.GetString()!);
            else WrongType(itemPointer, item, "a non-empty string");
        }
        if (list.Count == 0 && owner.GetProperty(name).ValueKind == JsonValueKind.Array) Error(Child(pointer, name), "is an empty list");
        return list;
    }

    private string? OneOf(JsonElement owner, string pointer, string name, string[] allowed)
    {
        var text = OptionalString(owner, pointer, name);
        if (text is null || Array.IndexOf(allowed, text) >= 0) return text;
        Unknown(Child(pointer, name), text, allowed);
        return null;
    }

    private T? Closed<T>(JsonElement owner, string pointer, string name, Dictionary<string, T> values)
        where T : struct
    {
        var text = OptionalString(owner, pointer, name);
        if (text is null) return null;
        if (values.TryGetValue(text, out var value)) return value;
        Unknown(Child(pointer, name), text, new List<string>(values.Keys).ToArray());
        return null;
    }

    private void Unknown(string pointer, string value, string[] allowed)
        => Error(pointer, "unknown value \"" + value + "\"; one of: " + string.Join(", ", allowed));

    private void Missing(string pointer, string name) => Error(pointer, "required property '" + name + "' is missing");

    private void WrongType(string pointer, JsonElement value, string expected)
        => Error(pointer, "is " + KindName(value.ValueKind) + " " + Excerpt(value) + ", expected " + expected);

    private void Error(string pointer, string message) => _errors.Add(new ConventionsError(pointer, message));

    private static string Child(string pointer, string name) => pointer + "/" + ApiModelBuilder.EscapePointer(name);

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Excerpt(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 60 ? raw : raw.Substring(0, 57) + "...";
    }
}
