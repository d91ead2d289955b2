using System;
using System.Collections.Generic;
using System.Linq;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Model.Conventions;
using Microsoft.OpenApi.Models;

namespace Bunq.CodeGen.Model;

public static partial class ApiModelBuilder
{
    private sealed partial class Builder
    {
        private const int MaxTypeDepth = 64;

        private readonly Dictionary<string, bool> _directional = new Dictionary<string, bool>(StringComparer.Ordinal);
        private readonly HashSet<string> _mergedSchemas = new HashSet<string>(StringComparer.Ordinal);

        private TypeDraft GetOrAdd(string identity, string preferredName, TypeKind kind, TypeUsage usage, int priority, out bool created)
        {
            if (_types.TryGetValue(identity, out var existing))
            {
                created = false;
                return existing;
            }
            var draft = new TypeDraft(identity, preferredName, kind, usage, priority) { Order = _types.Count };
            _types.Add(identity, draft);
            created = true;
            return draft;
        }

        private string SchemaPointer(string schemaName) => "/components/schemas/" + EscapePointer(schemaName);

        /// <summary>The response model of a schema: PaymentRead, PaymentListing and Payment's readable fields all make one <c>Payment</c>.</summary>
        private TypeDraft ResponseDraft(OpenApiSchema schema, string schemaName)
        {
            if (schemaName.Length == 0) return InlineDraft(schema, "InlineObject", TypeUsage.Response);
            var stem = StemOf(schemaName);
            var resolved = Resolve(schema);
            var identity = "resp:" + stem;
            if (stem != Stem(schemaName) && _types.TryGetValue(identity, out var sibling) && sibling.SchemaName != schemaName
                && FieldTypedDifferently(sibling, resolved) is { } field)
            {
                // Two hashed schemas that name one object type but disagree on a field's type are not one type:
                // merged, one of them would read that field wrongly. Kept apart, the name allocator renames this one and says why.
                identity = "resp:" + schemaName;
                if (!_types.ContainsKey(identity)) _collidesWith[identity] = sibling.SchemaName + ", which names the same bunq object type but types its field '" + field + "' differently";
            }
            var draft = GetOrAdd(identity, stem, TypeKind.Object, TypeUsage.Response, ResponsePriority, out var created);
            if (created)
            {
                draft.SchemaName = schemaName;
                draft.Pointer = SchemaPointer(schemaName);
            }
            if (_mergedSchemas.Add("resp:" + schemaName))
            {
                foreach (var pair in resolved.Properties ?? new Dictionary<string, OpenApiSchema>())
                {
                    if (pair.Value != null && !draft.FieldShapes.ContainsKey(pair.Key)) draft.FieldShapes[pair.Key] = FieldShape(pair.Value, 0);
                }
                draft.Description ??= NullIfEmpty(resolved.Description);
                AddProperties(draft, resolved, schemaName, TypeUsage.Response);
            }
            return draft;
        }

        private readonly Dictionary<string, string> _collidesWith = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>A field the schema declares with another shape than the schemas already merged into the draft, or null.</summary>
        private string? FieldTypedDifferently(TypeDraft draft, OpenApiSchema schema)
        {
            foreach (var pair in (schema.Properties ?? new Dictionary<string, OpenApiSchema>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (pair.Value != null && draft.FieldShapes.TryGetValue(pair.Key, out var known) && known != FieldShape(pair.Value, 0)) return pair.Key;
            }
            return null;
        }

        /// <summary>A field's JSON shape, with referenced schemas by their object type (hash suffixes differ between equal copies).</summary>
        private string FieldShape(OpenApiSchema field, int depth)
        {
            if (depth > MaxTypeDepth) return "…";
            if (field.Reference?.Id is string referenced) return "$" + StemOf(referenced);
            if (field.Items != null) return "[" + FieldShape(field.Items, depth + 1) + "]";
            return (field.Type ?? "") + ":" + (field.Format ?? "") + (field.Properties?.Count > 0 ? "{…}" : "");
        }

        /// <summary>A property whose value is <c>$ref</c>: a union when the target is union-like, else the target's response model.</summary>
        private TypeDraft ResponseDraftForReference(OpenApiSchema property)
        {
            var name = property.Reference?.Id ?? "";
            var target = Resolve(property);
            if (IsUnionLike(target) && name.Length > 0) return UnionDraft(target, StemOf(name));
            return ResponseDraft(target, name);
        }

        private TypeDraft UnionDraft(OpenApiSchema schema, string stem)
        {
            // MonetaryAccountRead and MonetaryAccountListing are one union: merge by stem, keep every key seen.
            var schemaName = schema.Reference?.Id ?? stem;
            var draft = GetOrAdd("union:" + stem, stem, TypeKind.Union, TypeUsage.Response, UnionPriority, out var created);
            if (created)
            {
                draft.SchemaName = schemaName;
                draft.Pointer = SchemaPointer(schemaName);
                draft.Description = NullIfEmpty(schema.Description);
            }
            if (!_mergedSchemas.Add("union:" + schemaName)) return draft;
            foreach (var pair in schema.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (draft.Cases.Any(c => c.Key == pair.Key)) continue;
                draft.Cases.Add((pair.Key, ResponseDraftForReference(pair.Value)));
            }
            foreach (var addition in _conventions.UnionCases)
            {
                // An anchor inside a union: its schema mixes object-type keys with plain fields, so it is read as the
                // anchor's own union (MonetaryAccountRead → MonetaryAccount), whose keys then also select this case.
                if (addition.Union != stem || draft.Cases.Any(c => c.Key == addition.Key) || !_schemas.TryGetValue(addition.Schema, out var anchor)) continue;
                draft.Cases.Add((addition.Key, UnionDraft(WithReference(anchor, addition.Schema), StemOf(addition.Schema))));
            }
            draft.Cases.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return draft;
        }

        private TypeDraft MultiDraft(OpenApiSchema schema, string stem)
        {
            var schemaName = schema.Reference?.Id ?? stem;
            var draft = GetOrAdd("multi:" + schemaName, stem + "Result", TypeKind.Multi, TypeUsage.Response, MultiPriority, out var created);
            if (!created) return draft;
            draft.SchemaName = schemaName;
            draft.Pointer = SchemaPointer(schemaName);
            draft.Description = NullIfEmpty(schema.Description);
            foreach (var pair in schema.Properties)
            {
                draft.Properties.Add(new PropertyDraft
                {
                    JsonName = pair.Key,
                    Type = TypeShape.Of(ResponseDraftForReference(pair.Value)),
                    Description = SiblingDescription(schemaName, pair.Key, pair.Value),
                });
            }
            return draft;
        }

        /// <summary>The request model of a schema: its writable fields. Reuses the response model when the schema has no direction at all.</summary>
        private TypeDraft RequestDraftForSchema(OpenApiSchema schema)
        {
            var name = schema.Reference?.Id;
            if (name == null) return InlineDraft(schema, "InlineRequest", TypeUsage.Request);
            foreach (var substitution in _conventions.RequestSubstitutions)
            {
                if (substitution.Schema == _conventions.Facts.Model.WithoutSchemaSuffix(name) && SchemaOfObjectType(substitution.With) is { } replacement)
                {
                    name = replacement.Name;
                    schema = replacement.Schema;
                    break;
                }
            }
            var resolved = Resolve(schema);
            if (!IsDirectional(name, 0))
            {
                var shared = ResponseDraft(resolved, name);
                return shared;
            }
            var draft = GetOrAdd("req:" + name, _conventions.Facts.Model.WithoutSchemaSuffix(name) + "Request", TypeKind.Object, TypeUsage.Request, RequestPriority, out var created);
            if (!created) return draft;
            draft.SchemaName = name;
            draft.Pointer = SchemaPointer(name);
            draft.Description = NullIfEmpty(resolved.Description);
            AddProperties(draft, resolved, name, TypeUsage.Request);
            return draft;
        }

        /// <summary>The schema of that name, else the one whose name is it plus the 2018 specs' hash suffix (<c>Pointer_5aec7a6e14aec</c>).</summary>
        private (string Name, OpenApiSchema Schema)? SchemaOfObjectType(string name)
        {
            if (_schemas.TryGetValue(name, out var exact)) return (name, exact);
            foreach (var pair in _schemas.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (pair.Value != null && _conventions.Facts.Model.WithoutSchemaSuffix(pair.Key) == name) return (pair.Key, pair.Value);
            }
            return null;
        }

        private TypeDraft InlineDraft(OpenApiSchema schema, string preferredName, TypeUsage usage, string? ownerDescription = null)
        {
            // bunq repeats the same inline shape ({error_description, error_description_translated}) in many answers:
            // identical shapes under one name are one type, not ErrorMessageObject, …2, …3.
            var identity = "inline:" + preferredName + ":" + usage + ":" + InlineSignature(schema, 0);
            var draft = GetOrAdd(identity, preferredName, TypeKind.Object, usage, InlinePriority, out var created);
            if (!created)
            {
                // Fields of several answers hold it: one field's words ("…, if the payment auto allocating failed")
                // would mislead in the others.
                if (NullIfEmpty(schema.Description) == null && draft.Description != null && draft.Description != NullIfEmpty(ownerDescription))
                {
                    draft.Description = "The " + preferredName + " object that several of bunq's answers hold inline.";
                }
                return draft;
            }
            // An inline schema has no name and rarely a description: the field that holds it describes it.
            draft.Description = NullIfEmpty(schema.Description) ?? NullIfEmpty(ownerDescription);
            AddProperties(draft, schema, "", usage);
            return draft;
        }

        /// <summary>The shape of an inline schema: its fields' names, types, formats, directions and nested shapes, not their prose.</summary>
        private static string InlineSignature(OpenApiSchema schema, int depth)
        {
            if (depth > MaxTypeDepth) return "…";
            var sb = new System.Text.StringBuilder();
            sb.Append(schema.Reference?.Id ?? "").Append(':').Append(schema.Type).Append(':').Append(schema.Format);
            if (schema.Items != null) sb.Append("[").Append(InlineSignature(schema.Items, depth + 1)).Append("]");
            if (schema.Reference == null && schema.Properties != null)
            {
                sb.Append('{');
                foreach (var pair in schema.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (pair.Value == null) continue;
                    sb.Append(pair.Key).Append(pair.Value.ReadOnly ? "!r" : "").Append(pair.Value.WriteOnly ? "!w" : "").Append('=').Append(InlineSignature(pair.Value, depth + 1)).Append(';');
                }
                sb.Append('}');
            }
            return sb.ToString();
        }

        private TypeDraft? ConventionTypeDraft(string name)
        {
            var type = _conventions.Types.FirstOrDefault(t => t.Name == name);
            if (type == null) return null;
            var draft = GetOrAdd("conv:" + name, name, TypeKind.Object, TypeUsage.Response, ConventionPriority, out var created);
            if (!created) return draft;
            draft.SchemaName = name;
            draft.Description = "Not declared by bunq's spec; shape from " + type.Evidence + ".";
            foreach (var p in type.Properties)
            {
                TypeShape shape;
                if (p.Type.StartsWith("union:", StringComparison.Ordinal))
                {
                    var unionSchema = p.Type.Substring("union:".Length);
                    shape = _schemas.TryGetValue(unionSchema, out var s) && IsUnionLike(s)
                        ? TypeShape.Of(UnionDraft(WithReference(s, unionSchema), StemOf(unionSchema)))
                        : TypeShape.Scalar(TypeRef.Json);
                }
                else
                {
                    shape = p.Type switch
                    {
                        "string" => TypeShape.Scalar(TypeRef.String),
                        "long" => TypeShape.Scalar(TypeRef.Long),
                        "integer" => TypeShape.Scalar(TypeRef.Integer),
                        "boolean" => TypeShape.Scalar(TypeRef.Boolean),
                        "timestamp" => TypeShape.Scalar(TypeRef.Timestamp),
                        "amount" => TypeShape.Scalar(TypeRef.Amount),
                        _ => _schemas.TryGetValue(p.Type, out var s2) ? TypeShape.Of(ResponseDraft(s2, p.Type)) : TypeShape.Scalar(TypeRef.Json),
                    };
                }
                draft.Properties.Add(new PropertyDraft { JsonName = p.Name, Type = shape, Description = p.Description });
            }
            return draft;
        }

        private TypeDraft EmptyObjectDraft(string name)
        {
            var draft = GetOrAdd("conv:" + name, name, TypeKind.Object, TypeUsage.Response, ConventionPriority, out var created);
            if (created) draft.Description = "An object bunq returns under the key '" + name + "' that its spec does not describe.";
            return draft;
        }

        private static OpenApiSchema WithReference(OpenApiSchema schema, string name)
        {
            if (schema.Reference?.Id == name) return schema;
            return new OpenApiSchema(schema) { Reference = new Microsoft.OpenApi.Models.OpenApiReference { Id = name, Type = Microsoft.OpenApi.Models.ReferenceType.Schema } };
        }

        private void AddProperties(TypeDraft draft, OpenApiSchema schema, string schemaName, TypeUsage usage)
        {
            var properties = schema.Properties;
            var required = schema.Required ?? new HashSet<string>();
            if (properties == null) return;
            foreach (var pair in properties)
            {
                if (pair.Value == null) continue;
                var (readOnly, writeOnly) = Direction(schemaName, pair.Key, pair.Value);
                if (usage == TypeUsage.Response && writeOnly) continue;
                if (usage == TypeUsage.Request && readOnly) continue;
                if (HasProperty(draft, pair.Key)) continue;
                var description = SiblingDescription(schemaName, pair.Key, pair.Value);
                var shape = EnumShape(schemaName, pair.Key, pair.Value.Description, OverriddenShape(schemaName, pair.Key, usage) ?? ShapeOf(pair.Value, usage, pair.Key, 0, description));
                // Resolving the shape can merge another schema of the same stem into this draft (Event → EventObject → … → EventListing).
                if (HasProperty(draft, pair.Key)) continue;
                draft.Properties.Add(new PropertyDraft
                {
                    JsonName = pair.Key,
                    Type = shape,
                    Required = usage == TypeUsage.Request && required.Contains(pair.Key),
                    Description = description,
                });
            }
        }

        // A loop, not Any with a lambda: it runs twice per property of every schema, and the closure was an allocation each time.
        private static bool HasProperty(TypeDraft draft, string jsonName)
        {
            foreach (var property in draft.Properties)
            {
                if (property.JsonName == jsonName) return true;
            }
            return false;
        }

        /// <summary>A string field whose values the conventions table lists becomes that extensible enum.</summary>
        private TypeShape EnumShape(string schemaName, string property, string? description, TypeShape shape)
        {
            if (schemaName.Length == 0 || shape.ScalarRef?.Kind != TypeRefKind.String) return shape;
            var convention = _conventions.EnumFor(schemaName, property);
            if (convention == null) return shape;
            var draft = GetOrAdd("enum:" + convention.Name, convention.Name, TypeKind.Enum, TypeUsage.Both, EnumPriority, out var created);
            if (created)
            {
                var first = convention.Fields[0];
                draft.SchemaName = first.Schema;
                draft.Pointer = SchemaPointer(first.Schema) + "/properties/" + EscapePointer(first.Property);
                draft.Values.AddRange(convention.Values);
                var fields = string.Join(", ", convention.Fields.Select(f => Stem(f.Schema) + "." + f.Property).Distinct());
                draft.Description = "The values bunq lists for " + fields + ": \"" + first.Sentence + "\"";
            }
            // The table is the reviewed list for the committed spec; another spec version's prose adds its own values,
            // so its client has them and `diff` sees values come and go.
            if (description != null && EnumProse.FromDescription(schemaName, property, description) is { } prose)
            {
                foreach (var value in prose.Values)
                {
                    if (!draft.Values.Contains(value)) draft.Values.Add(value);
                }
            }
            return TypeShape.Of(draft);
        }

        private TypeShape? OverriddenShape(string schemaName, string property, TypeUsage usage)
        {
            if (schemaName.Length == 0) return null;
            foreach (var o in _conventions.PropertyOverrides)
            {
                if (!o.Matches(schemaName, property) || !o.AppliesTo(usage)) continue;
                if (o.Type == PropertyOverrideType.Decimal) return TypeShape.Scalar(TypeRef.Decimal);
                if (!_schemas.TryGetValue(o.Items, out var items)) continue;
                var reference = WithReference(items, o.Items);
                var element = usage == TypeUsage.Request ? RequestDraftForSchema(reference) : ResponseDraftForReference(reference);
                return TypeShape.ArrayOf(TypeShape.Of(element));
            }
            return null;
        }

        private (bool ReadOnly, bool WriteOnly) Direction(string schemaName, string propertyName, OpenApiSchema property)
        {
            if (property.Reference != null && schemaName.Length > 0 && _siblings.TryGet(schemaName, propertyName, out var entry))
            {
                return (entry.ReadOnly, entry.WriteOnly);
            }
            return (property.ReadOnly, property.WriteOnly);
        }

        private string? SiblingDescription(string schemaName, string propertyName, OpenApiSchema property)
        {
            if (property.Reference != null)
            {
                return schemaName.Length > 0 && _siblings.TryGet(schemaName, propertyName, out var entry) ? NullIfEmpty(entry.Description) : null;
            }
            return NullIfEmpty(property.Description);
        }

        /// <summary>Whether any field of the schema, or of a schema it refers to, is readOnly or writeOnly.</summary>
        private bool IsDirectional(string schemaName, int depth)
        {
            if (_directional.TryGetValue(schemaName, out var known)) return known;
            if (depth > MaxTypeDepth || !_schemas.TryGetValue(schemaName, out var schema) || schema?.Properties == null) return false;
            _directional[schemaName] = false; // cycle guard: a type on the current path adds no direction of its own
            var result = false;
            foreach (var pair in schema.Properties)
            {
                var (ro, wo) = Direction(schemaName, pair.Key, pair.Value);
                if (ro || wo)
                {
                    result = true;
                    break;
                }
                var target = pair.Value.Items ?? pair.Value;
                if (target.Reference?.Id is string referenced && _conventions.Facts.Model.WithoutSchemaSuffix(referenced) != _conventions.Facts.Model.MoneySchema && IsDirectional(referenced, depth + 1))
                {
                    result = true;
                    break;
                }
            }
            _directional[schemaName] = result;
            return result;
        }

        /// <summary>bunq's money object (the table's model.money): read as the runtime's Amount, not as a model of its own.</summary>
        private bool IsMoney(string referenced, OpenApiSchema target)
        {
            var money = _conventions.Facts.Model;
            return money.WithoutSchemaSuffix(referenced) == money.MoneySchema && target.Properties != null && money.MoneyFields.All(target.Properties.ContainsKey);
        }

        private readonly HashSet<OpenApiSchema> _inlineInProgress = new HashSet<OpenApiSchema>(SameInstance.Comparer);

        /// <summary>Identity, not value equality: the question is whether this very schema object is being drafted.</summary>
        private sealed class SameInstance : IEqualityComparer<OpenApiSchema>
        {
            public static readonly SameInstance Comparer = new SameInstance();

            public bool Equals(OpenApiSchema? x, OpenApiSchema? y) => ReferenceEquals(x, y);

            public int GetHashCode(OpenApiSchema obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }

        private TypeShape ShapeOf(OpenApiSchema property, TypeUsage usage, string jsonName, int depth, string? ownerDescription = null)
        {
            if (depth > MaxTypeDepth) return TypeShape.Scalar(TypeRef.Json);
            var referenced = property.Reference?.Id;
            if (referenced != null)
            {
                var target = Resolve(property);
                if (IsMoney(referenced, target))
                {
                    return TypeShape.Scalar(TypeRef.Amount);
                }
                if (target.Type == "array" && target.Items != null) return TypeShape.ArrayOf(ShapeOf(target.Items, usage, jsonName, depth + 1, ownerDescription));
                if (target.Properties == null || target.Properties.Count == 0)
                {
                    return ScalarShape(target, jsonName);
                }
                if (usage == TypeUsage.Request) return TypeShape.Of(RequestDraftForSchema(property));
                return TypeShape.Of(ResponseDraftForReference(property));
            }
            if (property.Type == "array")
            {
                return property.Items == null
                    ? TypeShape.ArrayOf(TypeShape.Scalar(TypeRef.Json))
                    : TypeShape.ArrayOf(ShapeOf(property.Items, usage, jsonName, depth + 1, ownerDescription));
            }
            if (property.Properties != null && property.Properties.Count > 0)
            {
                // An inline schema that contains itself (the reader resolves a $ref into a path or another inline
                // schema to the same object) would recurse until the stack overflows, taking the compiler down with
                // it; so would unbounded inline nesting. Found in the OpenAPI corpus; the cycle is read as raw JSON.
                if (_inlineInProgress.Contains(property) || _inlineInProgress.Count >= MaxTypeDepth) return TypeShape.Scalar(TypeRef.Json);
                _inlineInProgress.Add(property);
                try
                {
                    return TypeShape.Of(InlineDraft(property, CSharpNames.Pascal(jsonName), usage, ownerDescription));
                }
                finally
                {
                    _inlineInProgress.Remove(property);
                }
            }
            return ScalarShape(property, jsonName);
        }

        private TypeShape ScalarShape(OpenApiSchema schema, string jsonName)
        {
            switch (schema.Type)
            {
                case "integer":
                    return TypeShape.Scalar(TypeRef.Long);
                case "number":
                    return TypeShape.Scalar(TypeRef.Double);
                case "boolean":
                    return TypeShape.Scalar(TypeRef.Boolean);
                case "string":
                    return TypeShape.Scalar(IsTimestamp(schema, jsonName) ? TypeRef.Timestamp : TypeRef.String);
                default:
                    return TypeShape.Scalar(TypeRef.Json);
            }
        }

        private TimestampRule? _timestampRule;

        private bool IsTimestamp(OpenApiSchema schema, string jsonName)
            => (_timestampRule ??= new TimestampRule(_conventions.Facts.Model)).Matches(schema.Format, jsonName, schema.Description);

        private void AllocateTypeNames()
        {
            var names = NameAllocator.ForFileNames();
            foreach (var draft in _types.Values.OrderBy(t => t.Priority).ThenBy(t => t.Order))
            {
                var suffix = draft.Kind == TypeKind.Object && draft.Usage == TypeUsage.Response ? "Object" : "";
                draft.Name = names.Allocate(CSharpNames.Pascal(draft.PreferredName), suffix);
                if (draft.Name != CSharpNames.Pascal(draft.PreferredName) && draft.Priority != InlinePriority)
                {
                    Report(DiagnosticCatalog.NameCollisionRenamed, null, draft.Pointer, draft.PreferredName, draft.SchemaName,
                    _collidesWith.TryGetValue(draft.Identity, out var why) ? why : "another bunq type", draft.Name);
                }
            }
            _namespaceNames = names;
        }

        private NameAllocator _namespaceNames = new NameAllocator();

        private ApiType MaterialiseType(TypeDraft draft)
        {
            // Only names the emitted type itself uses are reserved, so Pointer keeps its natural "Value".
            var reserved = new List<string> { draft.Name, "ReadJson", "WriteJson", "UnknownFields", "ReadsBareArray", "Equals", "GetHashCode", "ToString", "GetType" };
            if (draft.Kind == TypeKind.Multi) reserved.AddRange(new[] { "CreateEmpty", "ReadPart" });
            var members = new NameAllocator(reserved.ToArray());
            var properties = draft.Properties
                .Select(p => new ApiProperty(p.JsonName, members.Allocate(CSharpNames.Pascal(p.JsonName), "Value"), p.Type.Resolve(), p.Required, p.Description))
                .ToEquatableArray();
            var valueNames = new NameAllocator(draft.Name, "Equals", "GetHashCode", "ToString", "GetType", "FromWire", "Value");
            var values = draft.Values.Select(v => new EnumValue(v, valueNames.Allocate(CSharpNames.Pascal(v), "Value"))).ToEquatableArray();
            var caseNames = new NameAllocator(draft.Name, "Unknown", "ObjectType", "Value", "ReadJson", "WriteJson", "TryReadCase", "UnderOwnKey");
            var cases = draft.Cases
                // Named after the type it carries (EventObject.ScheduleInstance under the key ScheduledInstance): the key
                // is wire detail and the case's docs say it.
                .Select(c => new UnionCase(c.Key, caseNames.Allocate(CaseName(draft.PreferredName, c.Type.PreferredName), "Case"), c.Type.Name,
                    // One level only: a union whose cases are unions again would make key lookups recurse without end on a cycle.
                    c.Type.Kind == TypeKind.Union && !c.Type.Cases.Any(inner => inner.Type.Kind == TypeKind.Union)))
                .ToEquatableArray();
            return new ApiType(draft.Name, draft.Kind, draft.Usage, draft.SchemaName, properties, cases, draft.Description, draft.Pointer, values);
        }

        /// <summary>MonetaryAccount + MonetaryAccountBank → Bank; EventObject + Payment → Payment.</summary>
        private static string CaseName(string unionStem, string typeName)
        {
            var pascal = CSharpNames.Pascal(typeName);
            if (pascal.Length > unionStem.Length && pascal.StartsWith(unionStem, StringComparison.Ordinal) && char.IsUpper(pascal[unionStem.Length]))
            {
                return pascal.Substring(unionStem.Length);
            }
            return pascal;
        }
    }
}
