using System;
using System.Collections.Generic;
using System.Linq;
using Bunq.CodeGen.Model.Conventions;
using Microsoft.OpenApi.Models;

namespace Bunq.CodeGen.Model;

public static partial class ApiModelBuilder
{
    private sealed partial class Builder
    {
        /// <summary>
        /// bunq's resource tree: operations grouped by bunq object and by scope (outside any user, under the user,
        /// under a monetary account), sub-actions (<c>/card/{}/replace</c>, <c>…/{}/content</c>) moved to the resource
        /// that owns them, and every name taken from bunq's object names (see <see cref="ResourceNaming"/>).
        /// </summary>
        private EquatableArray<ApiResource> BuildResources(List<OperationDraft> operations)
        {
            var actions = new Dictionary<OperationDraft, string>();
            foreach (var op in operations)
            {
                var action = _conventions.ResourceNameOf(op.Resource)?.Action;
                var owner = action is null ? null : OwnerSegment(op.Path);
                if (owner is null) continue;
                op.Resource = CSharpNames.Pascal(owner);
                actions[op] = action!;
            }

            var keys = operations
                .GroupBy(o => o.Resource, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.SelectMany(o => o.Keys).Where(k => k != _conventions.Facts.Model.IdKey && k != _conventions.Facts.Model.UuidKey).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
            var singulars = new Dictionary<string, string>(StringComparer.Ordinal);
            string SingularOf(string resource)
            {
                if (!singulars.TryGetValue(resource, out var name))
                {
                    name = ResourceNaming.Singular(resource, _conventions.ResourceNameOf(resource)?.Name, keys.TryGetValue(resource, out var k) ? k : new List<string>());
                    singulars.Add(resource, name);
                }
                return name;
            }
            string PluralOf(string resource) => _conventions.ResourceNameOf(resource)?.Plural ?? ResourceNaming.Plural(SingularOf(resource));

            foreach (var op in operations) NameIdParameters(op, SingularOf);

            var groups = operations
                .GroupBy(o => (Resource: o.Resource, Scope: ScopeOf(o.Path)))
                .OrderBy(g => g.Key.Scope)
                .ThenBy(g => PluralOf(g.Key.Resource), StringComparer.Ordinal)
                .ThenBy(g => g.Key.Resource, StringComparer.Ordinal)
                .ToList();
            var outsideAccounts = new HashSet<string>(groups.Where(g => g.Key.Scope != ResourceScope.MonetaryAccount).Select(g => PluralOf(g.Key.Resource)), StringComparer.Ordinal);
            var resources = new List<ApiResource>();
            foreach (var group in groups)
            {
                var plural = PluralOf(group.Key.Resource);
                // Attachments under the user and under an account are different classes; the account's says so.
                var prefix = group.Key.Scope == ResourceScope.MonetaryAccount && outsideAccounts.Contains(plural) ? "MonetaryAccount" : "";
                var className = _namespaceNames.Allocate(prefix + plural + "Client");
                var methodNames = new NameAllocator(className, "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize");
                var drafts = group.Select(op => (Op: op, Stem: actions.TryGetValue(op, out var a) ? a : Verb(op), Parents: Parents(op, group.Key.Scope, actions.ContainsKey(op)).Select(SingularOf).ToArray())).ToList();
                var named = new List<(OperationDraft Draft, string Name)>();
                foreach (var stemGroup in drafts.GroupBy(d => d.Stem).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var ordered = stemGroup.OrderBy(o => o.Parents.Length).ThenBy(o => string.Join("_", o.Parents), StringComparer.Ordinal).ThenBy(o => o.Op.Path, StringComparer.Ordinal).ToList();
                    for (var i = 0; i < ordered.Count; i++)
                    {
                        var (op, stem, parents) = ordered[i];
                        string preferred;
                        var plain = i == 0 && (ordered.Count == 1 || ordered[1].Parents.Length > parents.Length);
                        if (plain || parents.Length == 0)
                        {
                            preferred = stem;
                        }
                        else
                        {
                            // ListForPaymentAsync(paymentId): the parent that tells the calls apart.
                            var last = parents[parents.Length - 1];
                            preferred = stem + "For" + last;
                            if (methodNames.IsTaken(preferred + "Async") || ordered.Count(o => o.Op != op && o.Parents.Length > 0 && o.Parents[o.Parents.Length - 1] == last) > 0)
                            {
                                preferred = stem + "For" + string.Concat(parents);
                            }
                        }
                        named.Add((op, methodNames.Allocate(preferred + "Async")));
                    }
                }
                var apiOperations = named
                    .OrderBy(n => n.Draft.Path, StringComparer.Ordinal)
                    .ThenBy(n => Array.IndexOf(MethodOrder, ParseMethod(n.Draft.Method)))
                    .Select(n => ToOperation(n.Draft, n.Name))
                    .ToEquatableArray();
                resources.Add(new ApiResource(SingularOf(group.Key.Resource), plural, className, apiOperations, group.Key.Scope));
            }
            return resources.ToEquatableArray();
        }

        /// <summary>The scope a path lives in; a path that only names the user or the account (<c>/user/{id}</c>) belongs to the level above.</summary>
        private static ResourceScope ScopeOf(string path)
        {
            var normalised = BunqConventions.NormalisePath(path);
            if (normalised.StartsWith("/user/{}/monetary-account/{}/", StringComparison.Ordinal)) return ResourceScope.MonetaryAccount;
            if (normalised.StartsWith("/user/{}/", StringComparison.Ordinal)) return ResourceScope.User;
            return ResourceScope.Root;
        }

        private static int ScopeSegments(ResourceScope scope) => scope switch
        {
            ResourceScope.User => 1,
            ResourceScope.MonetaryAccount => 2,
            _ => 0,
        };

        /// <summary>The collection a sub-action belongs to: <c>card</c> in <c>/user/{}/card/{}/replace</c>; null when the path has none.</summary>
        private static string? OwnerSegment(string path)
        {
            var names = NamedSegments(path);
            return names.Count >= 2 ? names[names.Count - 2] : null;
        }

        /// <summary>
        /// The collections between the scope and the resource, as PascalCase: <c>MastercardAction</c> for
        /// <c>/user/{}/monetary-account/{}/mastercard-action/{}/payment</c>.
        /// </summary>
        private static IEnumerable<string> Parents(OperationDraft op, ResourceScope scope, bool isAction)
        {
            var names = NamedSegments(op.Path);
            var own = isAction ? 2 : 1;
            var skip = ScopeSegments(scope);
            return names.Skip(skip).Take(Math.Max(0, names.Count - skip - own)).Select(CSharpNames.Pascal);
        }

        private static List<string> NamedSegments(string path)
            => path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Where(s => !s.StartsWith("{", StringComparison.Ordinal)).ToList();

        /// <summary>Every id parameter named after the resource it points to (<c>paymentId</c>, not <c>itemId</c>).</summary>
        private void NameIdParameters(OperationDraft op, Func<string, string> singularOf)
        {
            var names = new NameAllocator(_reservedLocals.Concat(op.QueryParameters.Select(q => q.CSharpName)).ToArray());
            var segments = op.Path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            string? previous = null;
            foreach (var segment in segments)
            {
                if (segment.StartsWith("{", StringComparison.Ordinal) && segment.EndsWith("}", StringComparison.Ordinal))
                {
                    var wire = segment.Substring(1, segment.Length - 2);
                    var i = op.PathParameters.FindIndex(p => p.WireName == wire);
                    if (i >= 0) op.PathParameters[i] = op.PathParameters[i] with { CSharpName = names.Allocate(ResourceNaming.ParameterName(wire, previous, singularOf, _conventions.Facts.Model.UuidParameterSuffix)) };
                }
                previous = segment;
            }
        }

        private static OperationType ParseMethod(string method)
            => Enum.TryParse<OperationType>(method, ignoreCase: true, out var parsed) ? parsed : OperationType.Get;

        private string Verb(OperationDraft op)
        {
            if (op.Shape == ResultShape.Binary) return _conventions.Facts.Model.BinaryVerb;
            return op.Kind switch
            {
                OperationKind.Create => "Create",
                OperationKind.Read => "Get",
                OperationKind.List => "List",
                OperationKind.Update => "Update",
                _ => "Delete",
            };
        }

        private ApiOperation ToOperation(OperationDraft d, string methodName)
        {
            var responseType = d.Response?.Name;
            var (paging, body, headers, key) = WireDecisions(_conventions.Facts, d.Method, d.Kind, d.Shape, d.Keys, d.Request?.Name, responseType, d.BinaryRequest);
            return new ApiOperation(
                d.OperationId,
                d.Method,
                d.Path,
                methodName,
                d.Kind,
                d.Shape,
                d.Keys.ToEquatableArray(),
                d.PathParameters.ToEquatableArray(),
                d.QueryParameters.ToEquatableArray(),
                d.Request?.Name,
                responseType,
                d.BinaryRequest,
                d.Token,
                d.Signature,
                d.Tag,
                d.Summary,
                d.Description,
                d.Pointer,
                paging,
                body,
                headers,
                key);
        }
    }

    /// <summary>
    /// What an operation does on the wire beyond its path and types: whether it pages (and with which parameters),
    /// the body it sends, the headers it takes, and the object-type key its answer is read by. The emitter writes
    /// these; hand-built models in tests ask here so they decide as the model does.
    /// </summary>
    internal static (ApiPaging? Paging, ApiBody Body, EquatableArray<ApiHeader> Headers, string ObjectTypeKey) WireDecisions(
        TableFacts facts, string method, OperationKind kind, ResultShape shape, IReadOnlyList<string> keys, string? requestType, string? responseType, bool binaryRequest)
    {
        // Only list calls page: a create that answers with several elements (notification filters) returns them as
        // one page, but cannot be paged; an answer the model could not type is handed back unread, unpaged.
        var paging = responseType is not null && kind == OperationKind.List && shape is ResultShape.List or ResultShape.Union
            ? new ApiPaging(facts.Model.PagingParameters.Select(p => p.Name).ToEquatableArray(), facts.Model.MaxPageSize, facts.Model.PageOptionsDoc)
            : null;
        var body = binaryRequest ? new ApiBody(BodyKind.Binary)
            : requestType is not null ? new ApiBody(BodyKind.Model, facts.Requests.JsonContentType)
            : facts.Requests.BodyMethods.Contains(method, StringComparer.OrdinalIgnoreCase) ? new ApiBody(BodyKind.Fixed, facts.Requests.JsonContentType, facts.Requests.EmptyBody)
            : ApiBody.None;
        var headers = binaryRequest
            ? new[] { new ApiHeader(facts.Requests.AttachmentDescriptionHeader, facts.Requests.AttachmentDescriptionParameter) }.ToEquatableArray()
            : EquatableArray<ApiHeader>.Empty;
        // The first key is the one the answer is read by; without one, bunq keys an object by its type's name.
        return (paging, body, headers, keys.Count > 0 ? keys[0] : responseType ?? "");
    }
}
