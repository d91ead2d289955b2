using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Bunq.CodeGen.Model.Conventions;

/// <summary>What a convention rule matches; every field that is set must hold.</summary>
internal sealed class RuleMatch
{
    public string? Stem { get; set; }
    public string? StemPrefix { get; set; }
    public string? Method { get; set; }
    public string? Path { get; set; }
    public string? PathSuffix { get; set; }
    public string? Kind { get; set; }
    public string? OperationId { get; set; }
}

/// <summary>One row of bunq-conventions.json: a fact about the wire that the spec does not state, with its evidence.</summary>
internal sealed class ConventionRule
{
    public int Index { get; set; }
    public RuleMatch Match { get; set; } = new RuleMatch();
    public string? Key { get; set; }
    public List<string>? Keys { get; set; }
    /// <summary>Other keys bunq has sent the same object type under (read as it, and reported).</summary>
    public List<string>? Aliases { get; set; }
    public ResultShape? Shape { get; set; }
    public TokenKind? Token { get; set; }
    public bool? Signature { get; set; }
    public bool? BinaryRequest { get; set; }
    public string? ResponseSchema { get; set; }
    public string Evidence { get; set; } = "";
}

internal sealed class ConventionProperty
{
    public string Name { get; set; } = "";
    public string Type { get; set; } = "string";
    public string? Description { get; set; }
}

/// <summary>A type no spec version declares (the sandbox ApiKey, the NotificationUrl callback).</summary>
internal sealed class ConventionType
{
    public string Name { get; set; } = "";
    public string Evidence { get; set; } = "";
    public List<ConventionProperty> Properties { get; set; } = new List<ConventionProperty>();
}

/// <summary>A schema that the wire replaces by another in requests (counterparty_alias is a Pointer, not a LabelMonetaryAccount).</summary>
internal sealed class RequestSubstitution
{
    public string Schema { get; set; } = "";
    public string With { get; set; } = "";
    public string Evidence { get; set; } = "";
}

/// <summary>
/// A property whose declared type is wrong (bunq's notification_filters list themselves; Geolocation's coordinates are
/// fractions the spec calls integer). Either <see cref="Items"/> (a list of that schema) or <see cref="Type"/> (a scalar
/// kind: decimal) is set; <see cref="Usage"/> limits it to request or response models.
/// </summary>
internal sealed class PropertyOverride
{
    public string SchemaPrefix { get; set; } = "";
    public string Property { get; set; } = "";
    public string Items { get; set; } = "";
    public PropertyOverrideType? Type { get; set; }
    public TypeUsage? Usage { get; set; }
    public string Evidence { get; set; } = "";

    public bool Matches(string schemaName, string property)
        => property == Property && schemaName.StartsWith(SchemaPrefix, StringComparison.Ordinal);

    public bool AppliesTo(TypeUsage usage) => Usage == null || Usage == usage;
}

/// <summary>The scalar kinds a property override can give a property (the closed list of the table's <c>type</c>).</summary>
internal enum PropertyOverrideType
{
    Decimal,
}

/// <summary>A case a union has on the wire that no spec version declares (the callback object's anchors).</summary>
internal sealed class UnionCaseAddition
{
    public string Union { get; set; } = "";
    public string Key { get; set; } = "";
    public string Schema { get; set; } = "";
    public string Evidence { get; set; } = "";
}

/// <summary>
/// An extensible enum: the values bunq lists in prose for one or more string fields, each field with the sentence the
/// values were read from (so a reviewer sees the evidence, and a test sees when bunq rewords or drops it).
/// </summary>
internal sealed class EnumConvention
{
    public string Name { get; set; } = "";
    public List<string> Values { get; set; } = new List<string>();
    public List<EnumField> Fields { get; set; } = new List<EnumField>();
}

/// <summary>One schema property an enum types, and the description sentence that lists its values.</summary>
internal sealed class EnumField
{
    public string Schema { get; set; } = "";
    public string Property { get; set; } = "";
    public string Sentence { get; set; } = "";
}

/// <summary>
/// How the generated client names one of bunq's resources (the operationId's resource, e.g. <c>Limit</c>): its bunq
/// object name, or, for a sub-action such as <c>/card/{}/replace</c> or <c>…/{}/content</c>, the method it becomes on
/// the resource that owns it.
/// </summary>
internal sealed class ResourceName
{
    public string Resource { get; set; } = "";
    public string? Name { get; set; }
    public string? Plural { get; set; }
    public string? Action { get; set; }
    public string Evidence { get; set; } = "";
}

/// <summary>The checked-in conventions table, parsed once per process.</summary>
internal sealed class BunqConventions
{
    private static readonly Lazy<ConventionsReadResult> EmbeddedTable = new Lazy<ConventionsReadResult>(LoadEmbedded, isThreadSafe: true);

    public BunqConventions(IReadOnlyList<ConventionRule> rules, IReadOnlyList<ConventionType> types, IReadOnlyList<RequestSubstitution> substitutions, IReadOnlyList<PropertyOverride> propertyOverrides)
    {
        Rules = rules;
        Types = types;
        RequestSubstitutions = substitutions;
        PropertyOverrides = propertyOverrides;
    }

    public IReadOnlyList<PropertyOverride> PropertyOverrides { get; }

    public IReadOnlyList<UnionCaseAddition> UnionCases { get; internal set; } = new UnionCaseAddition[0];

    public IReadOnlyList<EnumConvention> Enums { get; internal set; } = new EnumConvention[0];

    private Dictionary<(string Schema, string Property), EnumConvention>? _enumByField;
    private Dictionary<(string Stem, string Property), EnumConvention>? _enumByStem;

    /// <summary>
    /// The enum that types a schema's property, if the table lists one. The table names fields by the current specs'
    /// schemas; a 2018 spec's <c>MonetaryAccountBank_5aec7a7717a55</c> is looked up by the name the model gives it
    /// (model.schemaNameSuffix). Its hashed copies are what later specs split into CardRead, CardListing…, so a hashed
    /// schema the table does not name takes the enum the table gives that field on any schema of its stem (no stem
    /// and field have two enums; EnumTableTests keeps it so).
    /// </summary>
    public EnumConvention? EnumFor(string schema, string property)
    {
        if (_enumByField is null || _enumByStem is null)
        {
            var byField = new Dictionary<(string, string), EnumConvention>();
            var byStem = new Dictionary<(string, string), EnumConvention>();
            foreach (var e in Enums)
            {
                foreach (var f in e.Fields)
                {
                    byField[(f.Schema, f.Property)] = e;
                    byStem[(ApiModelBuilder.Stem(f.Schema), f.Property)] = e;
                }
            }
            _enumByStem = byStem;
            _enumByField = byField;
        }
        var name = Facts.Model.WithoutSchemaSuffix(schema);
        if (_enumByField.TryGetValue((name, property), out var found)) return found;
        if (name != schema && _enumByStem.TryGetValue((ApiModelBuilder.Stem(name), property), out found)) return found;
        return null;
    }

    public IReadOnlyList<ResourceName> ResourceNames { get; internal set; } = new ResourceName[0];

    /// <summary>The model, requests and wire sections: bunq facts the code reads instead of restating.</summary>
    public TableFacts Facts { get; internal set; } = new TableFacts();

    /// <summary>The entry for an operationId resource, or null.</summary>
    public ResourceName? ResourceNameOf(string resource)
    {
        foreach (var entry in ResourceNames)
        {
            if (string.Equals(entry.Resource, resource, StringComparison.Ordinal)) return entry;
        }
        return null;
    }

    /// <summary>
    /// The embedded table as read, with its errors. The model stage reports the errors as BUNQ0025 and builds
    /// nothing, so a broken table fails the user's build with the pointer instead of generating other wire behaviour.
    /// </summary>
    public static ConventionsReadResult EmbeddedRead => EmbeddedTable.Value;

    /// <summary>The embedded table; only for callers that run after the model stage accepted it (or tests).</summary>
    public static BunqConventions Embedded => EmbeddedTable.Value.Table
        ?? throw new InvalidOperationException("The embedded conventions table is invalid: " + string.Join("; ", EmbeddedTable.Value.Errors.Select(e => e.ToString())));

    public IReadOnlyList<ConventionRule> Rules { get; }

    public IReadOnlyList<ConventionType> Types { get; }

    public IReadOnlyList<RequestSubstitution> RequestSubstitutions { get; }

    /// <summary>The name the table is reported under in diagnostics (it has no file on the user's machine).</summary>
    public const string EmbeddedFileName = "bunq-conventions.json";

    private static ConventionsReadResult LoadEmbedded()
    {
        using var stream = typeof(BunqConventions).Assembly.GetManifestResourceStream("Bunq.CodeGen.bunq-conventions.json");
        if (stream is null)
        {
            // A packaging mistake; reported like a broken table rather than thrown from every model build.
            return new ConventionsReadResult(null, new[] { new ConventionsError("", "the table is not embedded in Bunq.CodeGen") });
        }
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>
    /// Reads a conventions table strictly: every unknown property, unknown closed value, missing required field or
    /// wrong JSON type is an error with its JSON pointer, and a table with any error yields no table at all (no field
    /// falls back to a default). The checks agree with bunq-conventions.schema.json.
    /// </summary>
    public static ConventionsReadResult Parse(string json) => ConventionsReader.Read(json);

    /// <summary>Every {parameter} becomes {} so rules hold across spec versions that renamed parameters.</summary>
    public static string NormalisePath(string path)
    {
        var chars = new System.Text.StringBuilder(path.Length);
        var depth = 0;
        foreach (var c in path)
        {
            if (c == '{')
            {
                depth++;
                if (depth == 1) chars.Append("{}");
                continue;
            }
            if (c == '}')
            {
                if (depth > 0) depth--;
                continue;
            }
            if (depth == 0) chars.Append(c);
        }
        var result = chars.ToString();
        return result.Length > 1 && result.EndsWith("/", StringComparison.Ordinal) ? result.Substring(0, result.Length - 1) : result;
    }

    public static bool Matches(RuleMatch match, string stem, string method, string normalisedPath, string kind, string operationId)
    {
        if (match.Stem != null && !string.Equals(match.Stem, stem, StringComparison.Ordinal)) return false;
        if (match.StemPrefix != null && !stem.StartsWith(match.StemPrefix, StringComparison.Ordinal)) return false;
        if (match.Method != null && !string.Equals(match.Method, method, StringComparison.Ordinal)) return false;
        if (match.Path != null && !string.Equals(match.Path, normalisedPath, StringComparison.Ordinal)) return false;
        if (match.PathSuffix != null && !normalisedPath.EndsWith(match.PathSuffix, StringComparison.Ordinal)) return false;
        if (match.Kind != null && !string.Equals(match.Kind, kind, StringComparison.Ordinal)) return false;
        if (match.OperationId != null && !string.Equals(match.OperationId, operationId, StringComparison.Ordinal)) return false;
        return true;
    }
}
