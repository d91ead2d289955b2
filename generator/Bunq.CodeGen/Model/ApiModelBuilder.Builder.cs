using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Model.Conventions;
using Microsoft.OpenApi.Models;

namespace Bunq.CodeGen.Model;

public static partial class ApiModelBuilder
{
    private sealed partial class Builder
    {
        // Who keeps a contested C# name: the unions users switch on first, then bunq's objects, then the rest.
        private const int UnionPriority = 0;
        private const int ResponsePriority = 1;
        private const int MultiPriority = 2;
        private const int ConventionPriority = 3;
        private const int RequestPriority = 4;
        private const int InlinePriority = 5;
        private const int EnumPriority = 6;

        private readonly OpenApiDocument _document;
        private readonly string _filePath;
        private readonly RefSiblings _siblings;
        private readonly Func<string, SpecLocation> _locate;
        private readonly BunqConventions _conventions;
        private readonly CancellationToken _cancellationToken;
        private readonly List<SpecDiagnostic> _diagnostics = new List<SpecDiagnostic>();
        private readonly Dictionary<string, TypeDraft> _types = new Dictionary<string, TypeDraft>(StringComparer.Ordinal);
        private readonly HashSet<int> _usedRules = new HashSet<int>();
        private readonly IDictionary<string, OpenApiSchema> _schemas;

        // The emitter's own parameter and local names (Emit.EmitNames.MethodLocals): no spec parameter may take one.
        private readonly string[] _reservedLocals = Emit.EmitNames.MethodLocals.ToArray();

        public Builder(OpenApiDocument document, string filePath, RefSiblings siblings, Func<string, SpecLocation> locate, BunqConventions conventions, CancellationToken cancellationToken)
        {
            _document = document;
            _filePath = filePath;
            _siblings = siblings;
            _locate = locate;
            _conventions = conventions;
            _cancellationToken = cancellationToken;
            _schemas = document.Components?.Schemas ?? new Dictionary<string, OpenApiSchema>();
        }

        public ApiModel Run()
        {
            var operations = new List<OperationDraft>();
            var paths = _document.Paths ?? new OpenApiPaths();
            foreach (var path in paths.Keys.OrderBy(p => p, StringComparer.Ordinal))
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var item = paths[path];
                if (item?.Operations == null) continue;
                foreach (var method in MethodOrder)
                {
                    if (!item.Operations.TryGetValue(method, out var operation) || operation == null) continue;
                    var draft = BuildOperation(path, item, method, operation);
                    if (draft != null) operations.Add(draft);
                }
            }

            var title = _document.Info?.Title ?? "";
            var version = _document.Info?.Version ?? "";
            if (operations.Count == 0)
            {
                Report(DiagnosticCatalog.NoBunqOperations, null, "/paths", _filePath,
                    "the document has no operations, so nothing was generated");
                return new ApiModel(title, version, EquatableArray<ApiResource>.Empty, EquatableArray<ApiType>.Empty, _diagnostics.ToEquatableArray());
            }
            if (!IsBunqShaped(operations, _conventions.Facts.Model))
            {
                // Another API's document would otherwise become a "bunq client" that cannot read a single answer
                // of that API (it has no bunq envelope). bunq's specs always carry its operationIds (2018-05 on)
                // or its own resources (2018-04 has no operationIds).
                Report(DiagnosticCatalog.NoBunqOperations, null, "/paths", _filePath,
                    $"none of its {operations.Count} operations has a bunq operationId (CREATE_, READ_, List_all_, UPDATE_, DELETE_) or a bunq path (/installation, /session-server, /user/{{id}}/monetary-account), so nothing was generated");
                return new ApiModel(title, version, EquatableArray<ApiResource>.Empty, EquatableArray<ApiType>.Empty, _diagnostics.ToEquatableArray());
            }

            foreach (var type in _conventions.Types)
            {
                ConventionTypeDraft(type.Name);
            }

            TypeUuidPathParameters(operations);
            ReportUnusedRules();
            AllocateTypeNames();
            var resources = BuildResources(operations);
            var types = _types.Values
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(MaterialiseType)
                .ToEquatableArray();

            return new ApiModel(title, version, resources, types, _diagnostics.ToEquatableArray());
        }

        /// <summary>
        /// The id of an object whose create answers <c>{"Uuid":…}</c> is that uuid (POST /attachment-public, POST /avatar),
        /// although the spec types the <c>{itemId}</c> after the collection an integer: such path parameters are strings.
        /// </summary>
        private static void TypeUuidPathParameters(List<OperationDraft> operations)
        {
            var uuidCollections = new HashSet<string>(
                operations.Where(o => o.Kind == OperationKind.Create && o.Shape == ResultShape.Uuid).Select(o => BunqConventions.NormalisePath(o.Path)),
                StringComparer.Ordinal);
            if (uuidCollections.Count == 0) return;
            foreach (var op in operations)
            {
                var prefix = "";
                foreach (var segment in op.Path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    var isParameter = segment.StartsWith("{", StringComparison.Ordinal) && segment.EndsWith("}", StringComparison.Ordinal);
                    if (isParameter && uuidCollections.Contains(prefix))
                    {
                        var name = segment.Substring(1, segment.Length - 2);
                        var i = op.PathParameters.FindIndex(p => p.WireName == name);
                        if (i >= 0 && op.PathParameters[i].Type != ParameterType.String) op.PathParameters[i] = op.PathParameters[i] with { Type = ParameterType.String };
                    }
                    prefix += isParameter ? "/{}" : "/" + segment;
                }
            }
        }

        /// <summary>
        /// bunq's own resources, or bunq's operationId style on most operations: another API may use a DELETE_ or
        /// UPDATE_ prefix here and there (Zuora does), bunq uses it everywhere.
        /// </summary>
        internal static bool IsBunqShaped(List<OperationDraft> operations, ModelFacts facts)
        {
            foreach (var op in operations)
            {
                var path = BunqConventions.NormalisePath(op.Path);
                if (facts.ContextPaths.Contains(path, StringComparer.Ordinal) || path.StartsWith(facts.AccountPathPrefix, StringComparison.Ordinal)) return true;
            }
            return operations.Count(o => o.HasBunqOperationId) * 2 > operations.Count;
        }

        private OperationDraft? BuildOperation(string path, OpenApiPathItem item, OperationType method, OpenApiOperation operation)
        {
            var methodName = method.ToString().ToLowerInvariant();
            var pointer = "/paths/" + EscapePointer(path) + "/" + methodName;
            var draft = new OperationDraft
            {
                Method = methodName,
                Path = path,
                Pointer = pointer,
                OperationId = operation.OperationId ?? "",
                Tag = operation.Tags?.FirstOrDefault()?.Name ?? "",
                Summary = NullIfEmpty(operation.Summary),
                Description = NullIfEmpty(operation.Description),
            };

            var match = OperationIdPattern.Match(draft.OperationId);
            var segments = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            var lastIsParameter = segments.Length > 0 && segments[segments.Length - 1].StartsWith("{", StringComparison.Ordinal);
            if (match.Success)
            {
                draft.HasBunqOperationId = true;
                draft.Kind = match.Groups[1].Value switch
                {
                    "CREATE" => OperationKind.Create,
                    "READ" => OperationKind.Read,
                    "List_all" => OperationKind.List,
                    "UPDATE" => OperationKind.Update,
                    _ => OperationKind.Delete,
                };
                draft.Resource = match.Groups[2].Value;
                draft.Parents = match.Groups[3].Success ? match.Groups[3].Value.Split('_') : Array.Empty<string>();
            }
            else
            {
                // Older specs (2018) have no operationIds: the path and method say the same thing.
                draft.Kind = method switch
                {
                    OperationType.Post => OperationKind.Create,
                    OperationType.Put => OperationKind.Update,
                    OperationType.Patch => OperationKind.Update,
                    OperationType.Delete => OperationKind.Delete,
                    _ => lastIsParameter ? OperationKind.Read : OperationKind.List,
                };
                var names = segments.Where(s => !s.StartsWith("{", StringComparison.Ordinal)).Select(CSharpNames.Pascal).ToArray();
                if (names.Length == 0)
                {
                    Report(DiagnosticCatalog.UninterpretableResponseSchema, null, pointer, methodName.ToUpperInvariant() + " " + path, "the path has no resource segment, so the operation was left out");
                    return null;
                }
                draft.Resource = names[names.Length - 1];
                draft.Parents = names.Take(names.Length - 1).ToArray();
                if (draft.OperationId.Length > 0)
                {
                    Report(DiagnosticCatalog.OperationIdMissingOrUnprefixed, null, pointer + "/operationId", methodName.ToUpperInvariant(), path, draft.OperationId);
                }
                else
                {
                    draft.OperationId = (draft.Kind == OperationKind.List ? "List_all" : draft.Kind.ToString().ToUpperInvariant()) + "_" + draft.Resource +
                        (draft.Parents.Length > 0 ? "_for_" + string.Join("_", draft.Parents) : "");
                }
            }

            CollectParameters(draft, item, operation, segments);
            ClassifyResult(draft, operation);
            if (draft.Kind == OperationKind.List && draft.Shape is ResultShape.List or ResultShape.Union)
            {
                foreach (var q in _conventions.Facts.Model.PagingParameters) draft.QueryParameters.Add(new ApiParameter(q.Name, q.CSharpName, q.Type, false, q.Description));
            }
            return draft;
        }

        private void CollectParameters(OperationDraft draft, OpenApiPathItem item, OpenApiOperation operation, string[] segments)
        {
            var declared = new Dictionary<string, OpenApiParameter>(StringComparer.Ordinal);
            foreach (var p in (item.Parameters ?? Array.Empty<OpenApiParameter>()).Concat(operation.Parameters ?? Array.Empty<OpenApiParameter>()))
            {
                if (p?.Name == null) continue;
                if (p.In == ParameterLocation.Path) declared[p.Name] = p;
                else if (p.In == ParameterLocation.Query && !declared.ContainsKey("?" + p.Name)) declared["?" + p.Name] = p;
            }

            var names = new NameAllocator(_reservedLocals);
            foreach (var segment in segments)
            {
                if (!segment.StartsWith("{", StringComparison.Ordinal) || !segment.EndsWith("}", StringComparison.Ordinal)) continue;
                var name = segment.Substring(1, segment.Length - 2);
                declared.TryGetValue(name, out var parameter);
                var type = parameter?.Schema?.Type == "string" || name.EndsWith(_conventions.Facts.Model.UuidParameterSuffix, StringComparison.OrdinalIgnoreCase)
                    ? ParameterType.String
                    : ParameterType.Long;
                draft.PathParameters.Add(new ApiParameter(name, names.Allocate(CSharpNames.Camel(name)), type, true, NullIfEmpty(parameter?.Description)));
            }

            foreach (var entry in declared.Where(e => e.Key.StartsWith("?", StringComparison.Ordinal)).OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var p = entry.Value;
                var type = p.Schema?.Type switch
                {
                    "integer" => ParameterType.Long,
                    "boolean" => ParameterType.Boolean,
                    _ => ParameterType.String,
                };
                draft.QueryParameters.Add(new ApiParameter(p.Name, names.Allocate(CSharpNames.Camel(p.Name)), type, p.Required, NullIfEmpty(p.Description)));
            }
        }

        private void ClassifyResult(OperationDraft draft, OpenApiOperation operation)
        {
            var normalisedPath = BunqConventions.NormalisePath(draft.Path);
            var requestSchema = JsonSchemaOf(operation.RequestBody?.Content);
            var (responseSchema, hasResponses) = SuccessSchema(operation);
            if (!hasResponses)
            {
                // bunq always answers: a spec without responses is broken, not merely incomplete.
                Report(DiagnosticCatalog.OperationWithoutResponses, DiagnosticSeverity.Error, draft.Pointer, draft.Method.ToUpperInvariant(), draft.Path);
            }

            var item = responseSchema;
            if (item?.Type == "array" && item.Items != null) item = item.Items;
            var schemaName = item?.Reference?.Id ?? "";
            var stem = schemaName.Length > 0 ? StemOf(schemaName) : draft.Resource;

            // The defaults: what the spec's own shapes say.
            if (draft.Kind == OperationKind.Delete)
            {
                draft.Shape = ResultShape.Empty;
            }
            else if (item == null)
            {
                draft.Shape = draft.Kind is OperationKind.Create or OperationKind.Update ? ResultShape.Id : ResultShape.Empty;
                if (hasResponses && draft.Kind is OperationKind.Read or OperationKind.List)
                {
                    Report(DiagnosticCatalog.UninterpretableResponseSchema, null, draft.Pointer + "/responses", draft.OperationId, "no JSON response schema; the result is returned as empty");
                }
            }
            else if (HasSingleProperty(item, _conventions.Facts.Model.IdKey) || HasSingleProperty(item, _conventions.Facts.Model.IdKey.ToLowerInvariant()))
            {
                draft.Shape = ResultShape.Id;
            }
            else if (HasSingleProperty(item, _conventions.Facts.Model.UuidKey) || HasSingleProperty(item, _conventions.Facts.Model.UuidKey.ToLowerInvariant()))
            {
                draft.Shape = ResultShape.Uuid;
            }
            else if (draft.Kind is OperationKind.Create or OperationKind.Update && requestSchema != null && ReferenceEquals(Resolve(requestSchema), Resolve(item)))
            {
                // Old specs declare the request schema as the create answer; the wire sends {"Id":…}.
                draft.Shape = ResultShape.Id;
            }
            else if (IsUnionLike(item))
            {
                var keys = item.Properties.Keys.ToList();
                if (keys.Count == 1)
                {
                    draft.Keys.Add(keys[0]);
                    draft.Response = ResponseDraftForReference(item.Properties[keys[0]]);
                    draft.Shape = draft.Kind == OperationKind.List ? ResultShape.List : ResultShape.Object;
                }
                else if (draft.Kind is OperationKind.Read or OperationKind.List)
                {
                    // Ordinal order, like the union's cases: reordering the spec must not change the model.
                    draft.Keys.AddRange(keys.OrderBy(k => k, StringComparer.Ordinal));
                    draft.Response = UnionDraft(item, stem);
                    draft.Shape = ResultShape.Union;
                }
                else
                {
                    draft.Keys.AddRange(keys);
                    draft.Response = MultiDraft(item, stem);
                    draft.Shape = ResultShape.Multi;
                }
            }
            else
            {
                draft.Keys.Add(stem);
                draft.Response = ResponseDraft(item, schemaName);
                draft.Shape = draft.Kind == OperationKind.List ? ResultShape.List : ResultShape.Object;
            }

            if (requestSchema != null)
            {
                draft.Request = RequestDraftForSchema(requestSchema);
            }

            ApplyConventions(draft, stem, normalisedPath, item);
        }

        private void ApplyConventions(OperationDraft draft, string stem, string normalisedPath, OpenApiSchema? responseItem)
        {
            var kind = draft.Kind.ToString().ToLowerInvariant();
            ResultShape? shape = null;
            string? key = null;
            List<string>? keys = null;
            List<string>? aliases = null;
            string? responseSchema = null;
            foreach (var rule in _conventions.Rules)
            {
                if (!BunqConventions.Matches(rule.Match, stem, draft.Method, normalisedPath, kind, draft.OperationId)) continue;
                _usedRules.Add(rule.Index);
                if (rule.Shape != null) shape = rule.Shape;
                if (rule.Key != null) key = rule.Key;
                if (rule.Keys != null) keys = rule.Keys;
                if (rule.Aliases != null) aliases = rule.Aliases;
                if (rule.ResponseSchema != null) responseSchema = rule.ResponseSchema;
                if (rule.Token != null) draft.Token = rule.Token.Value;
                if (rule.Signature.HasValue) draft.Signature = rule.Signature.Value;
                if (rule.BinaryRequest.HasValue) draft.BinaryRequest = rule.BinaryRequest.Value;
            }

            if (responseSchema != null)
            {
                draft.Response = ConventionTypeDraft(responseSchema) ?? (_schemas.TryGetValue(responseSchema, out var s) ? ResponseDraft(s, responseSchema) : draft.Response);
            }

            if (shape != null)
            {
                draft.Shape = shape.Value;
                if (draft.Shape == ResultShape.Union && draft.Response?.Kind != TypeKind.Union && responseItem != null && IsUnionLike(responseItem))
                {
                    draft.Response = UnionDraft(responseItem, StemOf(responseItem.Reference?.Id ?? draft.Resource));
                    draft.Keys.Clear();
                    draft.Keys.AddRange(responseItem.Properties.Keys.OrderBy(k => k, StringComparer.Ordinal));
                }
                if (draft.Shape == ResultShape.Multi && draft.Response?.Kind != TypeKind.Multi && responseItem != null && IsUnionLike(responseItem))
                {
                    draft.Response = MultiDraft(responseItem, StemOf(responseItem.Reference?.Id ?? draft.Resource));
                }
            }

            if (keys != null)
            {
                draft.Keys.Clear();
                draft.Keys.AddRange(keys);
            }
            else if (key != null)
            {
                draft.Keys.Clear();
                draft.Keys.Add(key);
            }

            switch (draft.Shape)
            {
                case ResultShape.Id:
                case ResultShape.Uuid:
                case ResultShape.Binary:
                case ResultShape.Empty:
                    draft.Response = null;
                    draft.Keys.Clear();
                    if (draft.Shape == ResultShape.Id) draft.Keys.Add(_conventions.Facts.Model.IdKey);
                    if (draft.Shape == ResultShape.Uuid) draft.Keys.Add(_conventions.Facts.Model.UuidKey);
                    break;
                case ResultShape.Object:
                case ResultShape.List:
                    // The first key is the object type; the rest are the other keys bunq has sent it under.
                    if (aliases != null && draft.Keys.Count == 1) draft.Keys.AddRange(aliases.Where(a => a != draft.Keys[0]));
                    if (draft.Response == null)
                    {
                        // A rule promised an object the spec does not describe: keep the raw JSON rather than guess fields.
                        draft.Response = ConventionTypeDraft(draft.Keys.FirstOrDefault() ?? draft.Resource)
                            ?? (responseItem?.Properties?.Count > 0 ? ResponseDraft(responseItem, responseItem.Reference?.Id ?? "") : null)
                            ?? EmptyObjectDraft(draft.Keys.FirstOrDefault() ?? draft.Resource);
                    }
                    break;
            }

            if (draft.BinaryRequest) draft.Request = null;
        }

        private void ReportUnusedRules()
        {
            foreach (var rule in _conventions.Rules)
            {
                if (_usedRules.Contains(rule.Index)) continue;
                Report(DiagnosticCatalog.ConventionRuleUnmatched, null, "", "#" + rule.Index + " (" + rule.Evidence + ")");
            }
        }

        /// <summary>The stem of a schema name as bunq's object type: without the 2018 specs' hash suffix (the table's model.schemaNameSuffix).</summary>
        private string StemOf(string schemaName) => Stem(_conventions.Facts.Model.WithoutSchemaSuffix(schemaName));

        private static OpenApiSchema? JsonSchemaOf(IDictionary<string, OpenApiMediaType>? content)
        {
            if (content == null || content.Count == 0) return null;
            foreach (var pair in content.OrderBy(p => p.Key.Contains("json") ? 0 : 1).ThenBy(p => p.Key, StringComparer.Ordinal))
            {
                if (pair.Value?.Schema != null) return pair.Value.Schema;
            }
            return null;
        }

        private static (OpenApiSchema? Schema, bool HasResponses) SuccessSchema(OpenApiOperation operation)
        {
            var responses = operation.Responses;
            if (responses == null || responses.Count == 0) return (null, false);
            foreach (var code in responses.Keys.OrderBy(k => k, StringComparer.Ordinal))
            {
                if (code.Length == 3 && code[0] == '2') return (JsonSchemaOf(responses[code]?.Content), true);
            }
            if (responses.TryGetValue("default", out var fallback)) return (JsonSchemaOf(fallback?.Content), true);
            return (null, true);
        }

        private static bool HasSingleProperty(OpenApiSchema schema, string name)
            => schema.Properties != null && schema.Properties.Count == 1 && schema.Properties.ContainsKey(name);

        /// <summary>bunq's implicit polymorphism: every property is a PascalCase object-type key holding a $ref.</summary>
        private static bool IsUnionLike(OpenApiSchema schema)
        {
            if (schema.Properties == null || schema.Properties.Count == 0) return false;
            foreach (var pair in schema.Properties)
            {
                if (pair.Key.Length == 0 || !char.IsUpper(pair.Key[0])) return false;
                if (pair.Value?.Reference == null) return false;
            }
            return true;
        }

        private OpenApiSchema Resolve(OpenApiSchema schema)
        {
            if (schema.Reference?.Id != null && _schemas.TryGetValue(schema.Reference.Id, out var target) && target != null) return target;
            return schema;
        }

        private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

        private void Report(DiagnosticDescriptor descriptor, DiagnosticSeverity? severity, string pointer, params object?[] args)
        {
            var location = pointer.Length > 0 ? _locate(pointer) : SpecLocation.Unknown(_filePath);
            _diagnostics.Add(DiagnosticCatalog.Create(descriptor, severity ?? descriptor.DefaultSeverity, location, args));
        }
    }
}
