using System;
using System.Collections.Generic;
using System.Linq;

namespace Bunq.CodeGen.Diff;

/// <summary>
/// Every rule id the diff can report, with its level(s) and meaning: the catalogue docs/diff-json.md mirrors (a test
/// keeps the two in step). Ids are stable; ignore files and CI scripts refer to them. Never rename or reuse one.
/// </summary>
public static class DiffRules
{
    public sealed class Rule
    {
        internal Rule(string id, string levels, string meaning)
        {
            Id = id;
            Levels = levels;
            Meaning = meaning;
        }

        public string Id { get; }

        /// <summary>"breaking", "info", or "breaking if required, else info" style text, as documented.</summary>
        public string Levels { get; }

        public string Meaning { get; }
    }

    public static IReadOnlyList<Rule> All { get; } = new[]
    {
        new Rule("operation-added", "info", "A new operation: a new method on an endpoint class."),
        new Rule("operation-removed", "breaking", "An operation is gone: its C# method is gone."),
        new Rule("operation-renamed", "breaking", "Same method and path, but the C# member (endpoint property or method name) changed."),
        new Rule("operation-id-changed", "info", "Same method and path, new operationId."),
        new Rule("operation-description-changed", "info", "The summary or description of an operation changed."),
        new Rule("parameter-added", "breaking if required, else info", "A new path or query parameter."),
        new Rule("parameter-removed", "breaking", "A path or query parameter is gone."),
        new Rule("parameter-retyped", "breaking", "A parameter's C# type changed."),
        new Rule("parameter-renamed", "warning", "A parameter's C# name changed: calls that name the argument break."),
        new Rule("parameter-became-required", "breaking", "An optional query parameter is now required."),
        new Rule("parameter-became-optional", "info", "A required query parameter is now optional."),
        new Rule("result-shape-changed", "breaking", "The Response envelope holds something else (Id, Uuid, one object, list, union, multi-part, nothing)."),
        new Rule("object-type-key-changed", "breaking", "The result is read under other object-type keys (e.g. Payment → ScheduledPayment)."),
        new Rule("binary-changed", "breaking", "A request body or a result switched between raw bytes and JSON."),
        new Rule("request-type-changed", "breaking", "The request body type changed, appeared or disappeared."),
        new Rule("response-type-changed", "breaking", "The C# result type changed, appeared or disappeared."),
        new Rule("token-changed", "warning", "The token the call authenticates with changed (none, installation, session)."),
        new Rule("signature-changed", "warning", "Whether the request must be signed changed."),
        new Rule("type-added", "info", "A new C# type."),
        new Rule("type-removed", "breaking", "A C# type is gone: code that names it no longer compiles."),
        new Rule("type-kind-changed", "breaking", "A type changed between object, union and multi-part result."),
        new Rule("type-usage-changed", "info", "A type is now used in requests, responses or both."),
        new Rule("type-description-changed", "info", "A type's documentation changed."),
        new Rule("response-property-added", "info", "bunq sends a new field: a new C# property."),
        new Rule("response-property-removed", "breaking", "bunq no longer sends a field: its C# property is gone."),
        new Rule("response-property-retyped", "breaking", "A field read from responses has a new C# type."),
        new Rule("request-property-added", "breaking if required, else info", "bunq accepts a new request field."),
        new Rule("request-property-removed", "warning", "A request field is gone: code that sets it no longer compiles, bunq no longer documents it."),
        new Rule("request-property-retyped", "breaking", "A request field has a new C# type."),
        new Rule("request-property-became-required", "breaking", "A request field is now required."),
        new Rule("request-property-became-optional", "info", "A required request field is now optional."),
        new Rule("property-renamed", "breaking", "Same JSON field, new C# property name."),
        new Rule("property-description-changed", "info", "A field's documentation changed."),
        new Rule("union-case-added", "warning", "A union (implicit polymorphism) has a new variant: a switch may miss it."),
        new Rule("union-case-removed", "breaking", "A union variant is gone."),
        new Rule("union-case-retyped", "breaking", "A union variant carries another C# type."),
        new Rule("union-case-renamed", "breaking", "A union variant has a new C# case name."),
        new Rule("enum-value-added", "info", "An extensible enum lists a new value (older clients read it as an unlisted value)."),
        new Rule("enum-value-removed", "breaking", "An extensible enum no longer lists a value: its static property is gone."),
        new Rule("schema-added", "info", "bunq's spec has a new schema (its C# effect, if any, is reported by the rules above)."),
        new Rule("schema-removed", "info", "bunq's spec dropped a schema (its C# effect, if any, is reported by the rules above)."),
        new Rule("schema-property-added", "info", "A schema declares a new field that no C# finding above already explains."),
        new Rule("schema-property-removed", "info", "A schema dropped a field that the generated code keeps (a sibling schema still declares it) or never used."),
    };

    private static readonly HashSet<string> Ids = new HashSet<string>(All.Select(r => r.Id), StringComparer.Ordinal);

    public static bool IsKnown(string id) => Ids.Contains(id);
}
