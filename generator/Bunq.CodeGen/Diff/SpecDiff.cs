using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Diff;

/// <summary>
/// Compares two specs through their <see cref="ApiModel"/>s, so every finding names what changes for code written
/// against the generated client (<c>Payments.ListAsync</c>, <c>MonetaryAccountExternal.Balance</c>) and on the wire.
/// Pure and deterministic: the same two inputs give the same findings in the same order. Rule ids are stable and
/// documented in docs/diff-json.md; never rename one, ignore files refer to them.
/// </summary>
public static class SpecDiff
{
    /// <summary>Compare two models without their files: pointers are the model's own and are not checked.</summary>
    public static IReadOnlyList<DiffFinding> Compare(ApiModel oldModel, ApiModel newModel, CancellationToken cancellationToken = default) =>
        Compare(new DiffSide("", oldModel), new DiffSide("", newModel), cancellationToken);

    public static IReadOnlyList<DiffFinding> Compare(DiffSide oldSide, DiffSide newSide, CancellationToken cancellationToken = default)
    {
        if (oldSide is null) throw new ArgumentNullException(nameof(oldSide));
        if (newSide is null) throw new ArgumentNullException(nameof(newSide));
        var comparer = new Comparer(oldSide, newSide, cancellationToken);
        comparer.Run();
        return comparer.Sorted();
    }

    private static readonly Regex PathParameter = new Regex("\\{[^}/]*\\}", RegexOptions.CultureInvariant);

    /// <summary>Operations match by method and path with every <c>{param}</c> reduced to <c>{}</c>: renaming a path parameter is not a new endpoint.</summary>
    public static string OperationKey(string method, string path) =>
        (method ?? "").ToUpperInvariant() + " " + PathParameter.Replace(path ?? "", "{}");

    private static readonly string[] SchemaSuffixes = { "", "Read", "Listing", "Create", "Update", "Delete" };

    private sealed class Comparer
    {
        private readonly DiffSide _old;
        private readonly DiffSide _new;
        private readonly CancellationToken _ct;
        private readonly List<DiffFinding> _findings = new List<DiffFinding>();

        /// <summary>(schema stem, JSON name) pairs a model-level property finding already explains; the schema tier stays quiet about them.</summary>
        private readonly HashSet<string> _explainedProperties = new HashSet<string>(StringComparer.Ordinal);

        public Comparer(DiffSide oldSide, DiffSide newSide, CancellationToken ct)
        {
            _old = oldSide;
            _new = newSide;
            _ct = ct;
        }

        public void Run()
        {
            CompareOperations();
            CompareTypes();
            if (_old.Outline != null && _new.Outline != null) CompareSchemas(_old.Outline, _new.Outline);
        }

        public IReadOnlyList<DiffFinding> Sorted() => _findings
            .Distinct()
            .OrderByDescending(f => f.Level)
            .ThenBy(f => f.Rule, StringComparer.Ordinal)
            .ThenBy(f => f.Subject, StringComparer.Ordinal)
            .ThenBy(f => f.Member ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();

        private void Add(string rule, DiffLevel level, string subject, string? member, string message, string? oldPointer, string? newPointer)
        {
            // Every id is in the documented catalogue; an unknown one is a bug here, not in the spec.
            if (!DiffRules.IsKnown(rule)) throw new InvalidOperationException("Undocumented diff rule '" + rule + "'.");
            // A pointer must name something in the file it points into; drop one the file does not have rather than mislead.
            _findings.Add(new DiffFinding(rule, level, subject, member, message, Checked(_old, oldPointer), Checked(_new, newPointer)));
        }

        private static string? Checked(DiffSide side, string? pointer)
        {
            if (string.IsNullOrEmpty(pointer)) return null;
            if (side.Outline != null && !side.Outline.Exists(pointer!)) return null;
            return pointer;
        }

        // ---------------------------------------------------------------- operations

        private sealed class OperationEntry
        {
            public OperationEntry(string key, ApiResource resource, ApiOperation operation)
            {
                Key = key;
                Resource = resource;
                Operation = operation;
            }

            /// <summary>The <see cref="OperationKey"/>, numbered where two paths differ only in parameter names.</summary>
            public string Key { get; }

            public ApiResource Resource { get; }
            public ApiOperation Operation { get; }
            public string Member => Resource.Accessor + "." + Operation.MethodName;
            public string Wire => Operation.Method.ToUpperInvariant() + " " + Operation.Path;
        }

        private static IEnumerable<OperationEntry> IndexOperations(ApiModel model)
        {
            var index = new Dictionary<string, OperationEntry>(StringComparer.Ordinal);
            foreach (var resource in model.Resources)
            {
                foreach (var op in resource.Operations.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.OperationId, StringComparer.Ordinal))
                {
                    var key = OperationKey(op.Method, op.Path);
                    // Two paths that differ only in parameter names would collide; number them in a stable order.
                    var unique = key;
                    for (var i = 2; index.ContainsKey(unique); i++) unique = key + " #" + i;
                    index.Add(unique, new OperationEntry(unique, resource, op));
                }
            }
            return index.Values;
        }

        private void CompareOperations()
        {
            foreach (var (_, o, n) in KeyedPairs.Of(IndexOperations(_old.Model), IndexOperations(_new.Model), e => e.Key))
            {
                _ct.ThrowIfCancellationRequested();
                if (o == null && n != null)
                {
                    Add("operation-added", DiffLevel.Info, n.Operation.OperationId, n.Member,
                        $"`{n.Member}` is new: {n.Wire}.", null, n.Operation.JsonPointer);
                }
                else if (o != null && n == null)
                {
                    Add("operation-removed", DiffLevel.Breaking, o.Operation.OperationId, o.Member,
                        $"`{o.Member}` is gone: {o.Wire} is no longer in the spec.", o.Operation.JsonPointer, null);
                }
                else if (o != null && n != null)
                {
                    CompareOperation(o, n);
                }
            }
        }

        private void CompareOperation(OperationEntry oe, OperationEntry ne)
        {
            var o = oe.Operation;
            var n = ne.Operation;
            var subject = n.OperationId;
            var member = ne.Member;
            var op = o.JsonPointer;
            var np = n.JsonPointer;

            if (oe.Member != ne.Member)
            {
                Add("operation-renamed", DiffLevel.Breaking, subject, oe.Member,
                    $"`{oe.Member}` is now `{ne.Member}` ({ne.Wire}).", op, np);
            }
            if (o.OperationId != n.OperationId)
            {
                Add("operation-id-changed", DiffLevel.Info, subject, member,
                    $"The operationId of `{member}` changed from `{o.OperationId}` to `{n.OperationId}`.", op, np);
            }

            CompareParameters(subject, member, op, np, o.PathParameters, n.PathParameters, byPosition: true);
            CompareParameters(subject, member, op, np, o.QueryParameters, n.QueryParameters, byPosition: false);

            if (o.BinaryRequest != n.BinaryRequest)
            {
                Add("binary-changed", DiffLevel.Breaking, subject, member,
                    n.BinaryRequest ? $"`{member}` now uploads raw bytes instead of a JSON body." : $"`{member}` now sends a JSON body instead of raw bytes.", op, np);
            }
            var wasBinary = o.Shape == ResultShape.Binary;
            var isBinary = n.Shape == ResultShape.Binary;
            if (wasBinary != isBinary)
            {
                Add("binary-changed", DiffLevel.Breaking, subject, member,
                    isBinary ? $"`{member}` now returns raw bytes instead of JSON." : $"`{member}` now returns JSON instead of raw bytes.", op, np);
            }
            else if (o.Shape != n.Shape)
            {
                Add("result-shape-changed", DiffLevel.Breaking, subject, member,
                    $"`{member}` now returns {Describe(n.Shape)} instead of {Describe(o.Shape)}.", op, np);
            }
            else if (!new HashSet<string>(o.Keys, StringComparer.Ordinal).SetEquals(n.Keys)
                && !(n.Shape == ResultShape.Union && o.ResponseType == n.ResponseType))
            {
                // A union result's keys are its union type's cases: union-case-added/removed on that type says it once.
                // Only when the shape is unchanged: a new shape brings new keys and is already reported. A set, because
                // each Response element carries one key and is read by it; the model lists union keys in spec order.
                Add("object-type-key-changed", DiffLevel.Breaking, subject, member,
                    $"`{member}` reads its result under {Keys(n.Keys)} instead of {Keys(o.Keys)}.", op, np);
            }

            if (o.RequestType != n.RequestType)
            {
                var message = o.RequestType == null ? $"`{member}` now takes a `{n.RequestType}` body."
                    : n.RequestType == null ? $"`{member}` no longer takes a `{o.RequestType}` body."
                    : $"`{member}` now takes `{n.RequestType}` instead of `{o.RequestType}`.";
                Add("request-type-changed", DiffLevel.Breaking, subject, member, message, op, np);
            }
            if (o.ResponseType != n.ResponseType)
            {
                var message = o.ResponseType == null ? $"`{member}` now returns `{n.ResponseType}`."
                    : n.ResponseType == null ? $"`{member}` no longer returns `{o.ResponseType}`."
                    : $"`{member}` now returns `{n.ResponseType}` instead of `{o.ResponseType}`.";
                Add("response-type-changed", DiffLevel.Breaking, subject, member, message, op, np);
            }
            if (o.Token != n.Token)
            {
                Add("token-changed", DiffLevel.Warning, subject, member,
                    $"`{member}` now authenticates with {Describe(n.Token)} instead of {Describe(o.Token)}.", op, np);
            }
            if (o.SignatureRequired != n.SignatureRequired)
            {
                Add("signature-changed", DiffLevel.Warning, subject, member,
                    n.SignatureRequired ? $"`{member}` now needs a signed request (X-Bunq-Client-Signature)." : $"`{member}` no longer needs a signed request.", op, np);
            }
            if (!SameText(o.Summary, n.Summary) || !SameText(o.Description, n.Description))
            {
                Add("operation-description-changed", DiffLevel.Info, subject, member,
                    $"The documentation of `{member}` changed.", op, np);
            }
        }

        private void CompareParameters(string subject, string member, string oldPointer, string newPointer,
            EquatableArray<ApiParameter> before, EquatableArray<ApiParameter> after, bool byPosition)
        {
            // Path parameters are positional (the path shape matched already); query parameters are named on the wire.
            var pairs = new List<(ApiParameter? Old, ApiParameter? New)>();
            if (byPosition)
            {
                for (var i = 0; i < Math.Max(before.Count, after.Count); i++)
                {
                    pairs.Add((i < before.Count ? before[i] : null, i < after.Count ? after[i] : null));
                }
            }
            else
            {
                foreach (var (_, o, n) in KeyedPairs.Of(before, after, p => p.WireName)) pairs.Add((o, n));
            }
            var where = byPosition ? "path" : "query";
            foreach (var (o, n) in pairs)
            {
                if (o == null && n != null)
                {
                    Add("parameter-added", n.Required ? DiffLevel.Breaking : DiffLevel.Info, subject, member,
                        $"`{member}` has a new {(n.Required ? "required" : "optional")} {where} parameter `{n.CSharpName}` (`{n.WireName}`).", null, newPointer);
                }
                else if (o != null && n == null)
                {
                    Add("parameter-removed", DiffLevel.Breaking, subject, member,
                        $"The {where} parameter `{o.CSharpName}` (`{o.WireName}`) of `{member}` was removed.", oldPointer, null);
                }
                else if (o != null && n != null)
                {
                    if (o.Type != n.Type)
                    {
                        Add("parameter-retyped", DiffLevel.Breaking, subject, member,
                            $"The {where} parameter `{n.CSharpName}` of `{member}` is now `{Describe(n.Type)}` (was `{Describe(o.Type)}`).", oldPointer, newPointer);
                    }
                    if (o.CSharpName != n.CSharpName)
                    {
                        Add("parameter-renamed", DiffLevel.Warning, subject, member,
                            $"The {where} parameter `{o.CSharpName}` of `{member}` is now `{n.CSharpName}`: calls that name the argument break.", oldPointer, newPointer);
                    }
                    if (o.Required != n.Required)
                    {
                        Add(n.Required ? "parameter-became-required" : "parameter-became-optional", n.Required ? DiffLevel.Breaking : DiffLevel.Info, subject, member,
                            $"The {where} parameter `{n.CSharpName}` of `{member}` is now {(n.Required ? "required" : "optional")}.", oldPointer, newPointer);
                    }
                }
            }
        }

        // ---------------------------------------------------------------- types

        private void CompareTypes()
        {
            foreach (var (name, o, n) in KeyedPairs.Of(_old.Model.Types, _new.Model.Types, t => t.Name))
            {
                _ct.ThrowIfCancellationRequested();
                if (o == null && n != null)
                {
                    Add("type-added", DiffLevel.Info, name, name, $"`{name}` is new: {Describe(n.Kind)} type used {Describe(n.Usage)}.", null, TypePointer(_new, n));
                }
                else if (o != null && n == null)
                {
                    Add("type-removed", DiffLevel.Breaking, name, name, $"`{name}` is gone: code that names it no longer compiles.", TypePointer(_old, o), null);
                }
                else if (o != null && n != null)
                {
                    CompareType(o, n);
                }
            }
        }

        private void CompareType(ApiType o, ApiType n)
        {
            var name = n.Name;
            var op = TypePointer(_old, o);
            var np = TypePointer(_new, n);
            if (o.Kind != n.Kind)
            {
                Add("type-kind-changed", DiffLevel.Breaking, name, name, $"`{name}` is now {Describe(n.Kind)} (was {Describe(o.Kind)}).", op, np);
            }
            if (o.Usage != n.Usage)
            {
                Add("type-usage-changed", DiffLevel.Info, name, name, $"`{name}` is now used {Describe(n.Usage)} (was {Describe(o.Usage)}).", op, np);
            }
            if (!SameText(o.Description, n.Description))
            {
                Add("type-description-changed", DiffLevel.Info, name, name, $"The documentation of `{name}` changed.", op, np);
            }
            CompareProperties(o, n);
            CompareCases(o, n);
            CompareValues(o, n);
        }

        private void CompareValues(ApiType ot, ApiType nt)
        {
            if (ot.Kind != TypeKind.Enum || nt.Kind != TypeKind.Enum) return;
            var name = nt.Name;
            foreach (var (wire, o, n) in KeyedPairs.Of(ot.Values, nt.Values, v => v.Wire))
            {
                if (o == null && n != null)
                {
                    Add("enum-value-added", DiffLevel.Info, name, name + "." + n.CSharpName,
                        $"`{name}` lists a new value `{wire}` (`{name}.{n.CSharpName}`); older clients read it too, as an unlisted value.", TypePointer(_old, ot), TypePointer(_new, nt));
                }
                else if (o != null && n == null)
                {
                    Add("enum-value-removed", DiffLevel.Breaking, name, name + "." + o.CSharpName,
                        $"`{name}` no longer lists `{wire}`: code that uses `{name}.{o.CSharpName}` no longer compiles (the value still reads).", TypePointer(_old, ot), TypePointer(_new, nt));
                }
            }
        }

        private void CompareProperties(ApiType ot, ApiType nt)
        {
            var name = nt.Name;
            foreach (var (json, o, n) in KeyedPairs.Of(ot.Properties, nt.Properties, p => p.JsonName))
            {
                var (op, np) = PropertyPointers(ot, nt, json, o != null, n != null);
                if (o == null && n != null)
                {
                    Explain(nt, json);
                    var member = name + "." + n.CSharpName;
                    if (nt.Usage == TypeUsage.Response)
                    {
                        Add("response-property-added", DiffLevel.Info, name, member, $"`{member}` is new: bunq now sends `{json}`.", op, np);
                    }
                    else if (n.Required)
                    {
                        Add("request-property-added", DiffLevel.Breaking, name, member, $"`{member}` is new and required: requests without `{json}` are refused.", op, np);
                    }
                    else
                    {
                        Add("request-property-added", DiffLevel.Info, name, member, $"`{member}` is new (optional): bunq now accepts `{json}`.", op, np);
                    }
                }
                else if (o != null && n == null)
                {
                    Explain(ot, json);
                    var member = name + "." + o.CSharpName;
                    if (ot.Usage == TypeUsage.Request)
                    {
                        Add("request-property-removed", DiffLevel.Warning, name, member, $"`{member}` was removed: bunq no longer documents `{json}` in requests; code that sets it no longer compiles.", op, np);
                    }
                    else
                    {
                        Add("response-property-removed", DiffLevel.Breaking, name, member, $"`{member}` was removed: bunq no longer sends `{json}`; code that reads it no longer compiles.", op, np);
                    }
                }
                else if (o != null && n != null)
                {
                    var member = name + "." + n.CSharpName;
                    var reading = nt.Usage != TypeUsage.Request;
                    if (!o.Type.Equals(n.Type))
                    {
                        Explain(nt, json);
                        Add(reading ? "response-property-retyped" : "request-property-retyped", DiffLevel.Breaking, name, member,
                            $"`{member}` is now `{n.Type}` (was `{o.Type}`).", op, np);
                    }
                    if (o.CSharpName != n.CSharpName)
                    {
                        Add("property-renamed", DiffLevel.Breaking, name, name + "." + o.CSharpName,
                            $"`{name}.{o.CSharpName}` is now `{member}` (JSON `{json}`).", op, np);
                    }
                    if (o.Required != n.Required)
                    {
                        Add(n.Required ? "request-property-became-required" : "request-property-became-optional", n.Required ? DiffLevel.Breaking : DiffLevel.Info, name, member,
                            n.Required ? $"`{member}` is now required: requests without `{json}` are refused." : $"`{member}` is now optional.", op, np);
                    }
                    if (!SameText(o.Description, n.Description))
                    {
                        Add("property-description-changed", DiffLevel.Info, name, member, $"The documentation of `{member}` changed.", op, np);
                    }
                }
            }
        }

        private void CompareCases(ApiType ot, ApiType nt)
        {
            var name = nt.Name;
            foreach (var (key, o, n) in KeyedPairs.Of(ot.Cases, nt.Cases, c => c.Key))
            {
                var (op, np) = PropertyPointers(ot, nt, key, o != null, n != null);
                if (o == null && n != null)
                {
                    Explain(nt, key);
                    Add("union-case-added", DiffLevel.Warning, name, name + "." + n.CaseName,
                        $"`{name}` has a new case `{n.CaseName}` (key `{key}`, type `{n.TypeName}`): a `switch` over `{name}` may miss it.", op, np);
                }
                else if (o != null && n == null)
                {
                    Explain(ot, key);
                    Add("union-case-removed", DiffLevel.Breaking, name, name + "." + o.CaseName,
                        $"The case `{name}.{o.CaseName}` (key `{key}`) was removed; code that matches it no longer compiles.", op, np);
                }
                else if (o != null && n != null)
                {
                    if (o.TypeName != n.TypeName)
                    {
                        Explain(nt, key);
                        Add("union-case-retyped", DiffLevel.Breaking, name, name + "." + n.CaseName,
                            $"The case `{name}.{n.CaseName}` (key `{key}`) now carries `{n.TypeName}` (was `{o.TypeName}`).", op, np);
                    }
                    if (o.CaseName != n.CaseName)
                    {
                        Add("union-case-renamed", DiffLevel.Breaking, name, name + "." + o.CaseName,
                            $"The case `{name}.{o.CaseName}` (key `{key}`) is now `{name}.{n.CaseName}`.", op, np);
                    }
                }
            }
        }

        private void Explain(ApiType type, string json)
        {
            if (type.SchemaName.Length > 0) _explainedProperties.Add(StemOf(type.SchemaName) + "\n" + json);
        }

        /// <summary>The model writes OpenAPI 3 pointers; the file may be Swagger 2.0.</summary>
        private static string? TypePointer(DiffSide side, ApiType type)
        {
            if (string.IsNullOrEmpty(type.JsonPointer)) return null;
            var outline = side.Outline;
            if (outline == null) return type.JsonPointer;
            const string Components = "/components/schemas/";
            var pointer = type.JsonPointer.StartsWith(Components, StringComparison.Ordinal)
                ? outline.SchemaBase + type.JsonPointer.Substring(Components.Length)
                : type.JsonPointer;
            return outline.Exists(pointer) ? pointer : null;
        }

        /// <summary>Where a field or case is in each file; null on the side that does not have it.</summary>
        private (string? Old, string? New) PropertyPointers(ApiType ot, ApiType nt, string json, bool inOld, bool inNew) =>
            (inOld ? PropertyPointer(_old, ot, json) : null, inNew ? PropertyPointer(_new, nt, json) : null);

        /// <summary>
        /// A model type gathers fields from several schemas (PaymentRead, PaymentListing, Payment): point at the first
        /// of them that declares the field, else at the type.
        /// </summary>
        private static string? PropertyPointer(DiffSide side, ApiType type, string json)
        {
            var typePointer = TypePointer(side, type);
            var outline = side.Outline;
            if (outline == null) return typePointer == null ? null : typePointer + "/properties/" + ApiModelBuilder.EscapePointer(json);
            if (type.SchemaName.Length > 0)
            {
                foreach (var schema in CandidateSchemas(outline, type.SchemaName))
                {
                    var pointer = outline.SchemaPointer(schema) + "/properties/" + ApiModelBuilder.EscapePointer(json);
                    if (outline.Exists(pointer)) return pointer;
                }
            }
            return typePointer;
        }

        /// <summary>The schema, then the file's other schemas of its stem (PaymentRead → Payment, PaymentListing, …), hashed copies included.</summary>
        private static IEnumerable<string> CandidateSchemas(SpecOutline outline, string schemaName)
        {
            yield return schemaName;
            var stem = StemOf(schemaName);
            foreach (var suffix in SchemaSuffixes)
            {
                foreach (var schema in outline.SchemasNamed(stem + suffix))
                {
                    if (schema != schemaName) yield return schema;
                }
            }
        }

        /// <summary>bunq's object type a schema describes, by the name the model gives it.</summary>
        private static string StemOf(string schemaName) => ApiModelBuilder.Stem(SpecOutline.ModelName(schemaName));

        // ---------------------------------------------------------------- schemas (what the model's merging hides)

        /// <summary>
        /// Schemas compare by the name the model gives them, so a 2018 spec's <c>Payment_5be1d7cde4aa9</c> is the
        /// <c>Payment</c> of a later one. The 2018 specs also keep several hashed copies under one name (<c>Card</c> the
        /// request, <c>Card_5be1d7ce018a8</c> the read shape); the model reads them as one, so their fields count together.
        /// </summary>
        private void CompareSchemas(SpecOutline before, SpecOutline after)
        {
            var names = new SortedSet<string>(before.ModelNames, StringComparer.Ordinal);
            names.UnionWith(after.ModelNames);
            var subset = _old.IsFiltered || _new.IsFiltered;
            foreach (var schema in names)
            {
                _ct.ThrowIfCancellationRequested();
                var olds = before.SchemasNamed(schema);
                var news = after.SchemasNamed(schema);
                var oldType = GeneratedFrom(_old.Model, olds);
                var newType = GeneratedFrom(_new.Model, news);
                if (subset && oldType == null && newType == null) continue;
                if (olds.Count == 0)
                {
                    Add("schema-added", DiffLevel.Info, schema, newType?.Name,
                        $"bunq's spec has a new schema {Named(schema, news)}" + (newType == null ? " (no generated type of its own)." : $", part of the generated `{newType.Name}`."), null, after.SchemaPointer(news[0]));
                    continue;
                }
                if (news.Count == 0)
                {
                    Add("schema-removed", DiffLevel.Info, schema, oldType?.Name,
                        $"bunq's spec no longer has the schema {Named(schema, olds)}" + (oldType == null ? "." : $" (it was part of the generated `{oldType.Name}`)."), before.SchemaPointer(olds[0]), null);
                    continue;
                }
                var stem = StemOf(schema);
                var o = FieldsOf(before, olds);
                var n = FieldsOf(after, news);
                foreach (var json in o.Except(n, StringComparer.Ordinal))
                {
                    if (_explainedProperties.Contains(stem + "\n" + json)) continue;
                    var declaring = olds.First(s => before.Schemas[s].Contains(json));
                    // The later specs name the 2018 hashed copies by what they describe (PaymentRead, PaymentCreate), which
                    // the model reads as the same type: a field that moved from a copy to such a sibling did not move.
                    if (declaring != schema && DeclaredBySibling(after, schema, json)) continue;
                    var (member, stillFrom) = Survivor(_new.Model, after, schema, json);
                    if (subset && member == null) continue;
                    var effect = member == null
                        ? (oldType == null ? " No generated type reads this schema." : "")
                        : $" The generated `{member}` stays" + (stillFrom == null ? "." : $": `{stillFrom}` still declares `{json}`.");
                    Add("schema-property-removed", DiffLevel.Info, schema, member,
                        $"bunq's schema {Named(schema, new[] { declaring })} no longer declares `{json}`." + effect, before.SchemaPointer(declaring) + "/properties/" + ApiModelBuilder.EscapePointer(json), null);
                }
                foreach (var json in n.Except(o, StringComparer.Ordinal))
                {
                    if (_explainedProperties.Contains(stem + "\n" + json)) continue;
                    var (member, _) = Survivor(_new.Model, after, schema, json);
                    if (subset && member == null) continue;
                    var effect = member == null ? " No generated member carries it." : $" It is generated as `{member}`.";
                    var declaring = news.First(s => after.Schemas[s].Contains(json));
                    Add("schema-property-added", DiffLevel.Info, schema, member,
                        $"bunq's schema {Named(schema, new[] { declaring })} now declares `{json}`." + effect, null, after.SchemaPointer(declaring) + "/properties/" + ApiModelBuilder.EscapePointer(json));
                }
            }
        }

        private static bool DeclaredBySibling(SpecOutline outline, string schema, string json) =>
            CandidateSchemas(outline, schema).Any(s => SpecOutline.ModelName(s) != schema && outline.Schemas.TryGetValue(s, out var fields) && fields.Contains(json));

        /// <summary>Every field the schemas of one model name declare, in ordinal order.</summary>
        private static IEnumerable<string> FieldsOf(SpecOutline outline, IReadOnlyList<string> schemas) =>
            schemas.Count == 1 ? outline.Schemas[schemas[0]] : schemas.SelectMany(s => outline.Schemas[s]).Distinct().OrderBy(f => f, StringComparer.Ordinal);

        /// <summary>The model's name, and the file's names where they carry a hash, so a reader finds them in the file.</summary>
        private static string Named(string schema, IReadOnlyList<string> inFile) =>
            inFile.Count == 1 && inFile[0] == schema ? $"`{schema}`" : $"`{schema}` ({string.Join(", ", inFile.Select(s => "`" + s + "`"))} in the file)";

        /// <summary>The first generated type that reads one of these schemas (the same model name).</summary>
        private static ApiType? GeneratedFrom(ApiModel model, IReadOnlyList<string> schemas) =>
            schemas.Select(s => GeneratedFrom(model, s)).FirstOrDefault(t => t != null);

        /// <summary>
        /// The model type that holds a schema's fields: the type named after that schema, or, for a Read/Listing schema,
        /// the response type it merges into (PaymentListing feeds Payment). Create/Update schemas describe Id results, not Payment.
        /// </summary>
        private static ApiType? GeneratedFrom(ApiModel model, string schema)
        {
            var exact = model.Types.FirstOrDefault(t => t.SchemaName == schema);
            var name = SpecOutline.ModelName(schema);
            if (exact != null || !(name.EndsWith("Read", StringComparison.Ordinal) || name.EndsWith("Listing", StringComparison.Ordinal))) return exact;
            var stem = StemOf(schema);
            return model.Types.FirstOrDefault(t => t.SchemaName.Length > 0 && StemOf(t.SchemaName) == stem && t.Usage != TypeUsage.Request);
        }

        /// <summary>Where a field the schema dropped still lives in the new model, and which sibling schema keeps it there.</summary>
        private static (string? Member, string? StillFrom) Survivor(ApiModel model, SpecOutline outline, string schema, string json)
        {
            var stem = StemOf(schema);
            foreach (var type in model.Types.Where(t => t.SchemaName.Length > 0 && StemOf(t.SchemaName) == stem).OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                var property = type.Properties.FirstOrDefault(p => p.JsonName == json);
                if (property == null) continue;
                var sibling = CandidateSchemas(outline, schema).FirstOrDefault(s => s != schema && outline.Schemas.TryGetValue(s, out var props) && props.Contains(json));
                return (type.Name + "." + property.CSharpName, sibling);
            }
            return (null, null);
        }

        // ---------------------------------------------------------------- wording

        private static bool SameText(string? a, string? b) => Normalize(a) == Normalize(b);

        /// <summary>Re-wrapped prose is not a change worth reporting.</summary>
        private static string Normalize(string? text) =>
            text == null ? "" : Regex.Replace(text, "\\s+", " ").Trim();

        private static string Keys(EquatableArray<string> keys) =>
            keys.Count == 0 ? "no key" : string.Join(", ", keys.Select(k => "`" + k + "`"));

        private static string Describe(ResultShape shape) => shape switch
        {
            ResultShape.Id => "an Id",
            ResultShape.Uuid => "a Uuid",
            ResultShape.Object => "one object",
            ResultShape.List => "a paginated list",
            ResultShape.Union => "one of several object types",
            ResultShape.Multi => "a multi-part result",
            ResultShape.Binary => "raw bytes",
            _ => "nothing",
        };

        private static string Describe(TokenKind token) => token switch
        {
            TokenKind.None => "no token",
            TokenKind.Installation => "the installation token",
            _ => "the session token",
        };

        private static string Describe(ParameterType type) => type switch
        {
            ParameterType.Long => "long",
            ParameterType.Integer => "int",
            ParameterType.Boolean => "bool",
            _ => "string",
        };

        private static string Describe(TypeKind kind) => kind switch
        {
            TypeKind.Union => "a union",
            TypeKind.Multi => "a multi-part result",
            TypeKind.Enum => "an extensible enum",
            _ => "an object",
        };

        private static string Describe(TypeUsage usage) => usage switch
        {
            TypeUsage.Request => "in requests",
            TypeUsage.Both => "in requests and responses",
            _ => "in responses",
        };
    }
}
