using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Bunq.CodeGen.Diagnostics;

/// <summary>
/// Every diagnostic the toolchain can raise, each id exactly once. docs/diagnostics.md documents each entry and a
/// test keeps the two in step. New ids are appended; an id is never renumbered or reused.
/// </summary>
public static class DiagnosticCatalog
{
    public static readonly DiagnosticDescriptor SpecUnreadable = new DiagnosticDescriptor(
        "BUNQ0001", DiagnosticSeverity.Error, DiagnosticStage.Load,
        "Spec file cannot be read",
        "The spec cannot be read: {0}",
        "Check that the path names an existing, readable file that holds an OpenAPI document (not an empty file).");

    public static readonly DiagnosticDescriptor SpecSyntaxError = new DiagnosticDescriptor(
        "BUNQ0002", DiagnosticSeverity.Error, DiagnosticStage.Load,
        "Spec is not valid JSON or YAML",
        "The spec is not valid {0}: {1}",
        "Fix the syntax at the reported line and column; a truncated download is the usual cause. Files starting with '{' or '[' are read as JSON, all others as YAML.");

    public static readonly DiagnosticDescriptor ReaderError = new DiagnosticDescriptor(
        "BUNQ0003", DiagnosticSeverity.Error, DiagnosticStage.Load,
        "OpenAPI reader error",
        "OpenAPI reader: {0}",
        "Microsoft.OpenApi.Readers could not map this part of the document to the OpenAPI object model. Make the reported node conform to OpenAPI 3.0 (or Swagger 2.0).");

    public static readonly DiagnosticDescriptor ReaderWarning = new DiagnosticDescriptor(
        "BUNQ0004", DiagnosticSeverity.Warning, DiagnosticStage.Load,
        "OpenAPI reader warning",
        "OpenAPI reader: {0}",
        "The document was read but does not fully follow the OpenAPI rules at the reported node; the generated code may miss what that node says.");

    public static readonly DiagnosticDescriptor UnsupportedVersion = new DiagnosticDescriptor(
        "BUNQ0005", DiagnosticSeverity.Error, DiagnosticStage.Load,
        "Unsupported OpenAPI version",
        "Unsupported spec version '{0}': only OpenAPI 3.0.x ('openapi') and Swagger 2.0 ('swagger') are read",
        "bunq publishes OpenAPI 3.0 (and Swagger 2.0 before 2019). Convert other versions, e.g. OpenAPI 3.1, to 3.0, or check that the root object has an 'openapi' or 'swagger' field.");

    public static readonly DiagnosticDescriptor DanglingReference = new DiagnosticDescriptor(
        "BUNQ0006", DiagnosticSeverity.Error, DiagnosticStage.Load,
        "Dangling $ref",
        "'$ref' '{0}' points to nothing in this document",
        "Add the missing component, or correct the reference. Only references inside the same document ('#/...') are followed; external files are not loaded.");

    public static readonly DiagnosticDescriptor DocumentTooLarge = new DiagnosticDescriptor(
        "BUNQ0007", DiagnosticSeverity.Error, DiagnosticStage.Load,
        "Spec exceeds the size limit",
        "The spec is {0} bytes, over the limit of {1} bytes",
        "The loader refuses inputs over its size limit so that a broken or hostile file cannot exhaust the compiler's memory. bunq's spec is about 1.3 MB; check that the right file is referenced.");

    public static readonly DiagnosticDescriptor DocumentTooDeep = new DiagnosticDescriptor(
        "BUNQ0008", DiagnosticSeverity.Error, DiagnosticStage.Load,
        "Spec nests too deeply",
        "The spec nests deeper than {0} levels",
        "The loader bounds nesting so that recursion cannot overflow the stack. bunq's spec nests fewer than 20 levels; a generated or corrupted file is the likely cause.");

    public static readonly DiagnosticDescriptor YamlAliasBomb = new DiagnosticDescriptor(
        "BUNQ0009", DiagnosticSeverity.Error, DiagnosticStage.Load,
        "YAML aliases expand too far",
        "The YAML document's anchors and aliases expand beyond the loader's limit: {0}",
        "A small YAML file whose aliases refer to aliases can expand to billions of nodes ('billion laughs'). Write the document without nested aliases, or as JSON.");

    public static readonly DiagnosticDescriptor NoBunqOperations = new DiagnosticDescriptor(
        "BUNQ0010", DiagnosticSeverity.Error, DiagnosticStage.Model,
        "No bunq operations found",
        "No bunq operations found in '{0}': {1}",
        "The document was read but does not look like bunq's API (no operation carries a bunq operationId prefix such as READ_ or List_all_). Point the generator at bunq's spec.");

    public static readonly DiagnosticDescriptor OperationWithoutResponses = new DiagnosticDescriptor(
        "BUNQ0011", DiagnosticSeverity.Error, DiagnosticStage.Model,
        "Operation has no responses",
        "Operation {0} {1} declares no responses",
        "OpenAPI requires 'responses' on every operation, and bunq always answers. Add at least a '200' response with its schema so a typed result can be generated.");

    public static readonly DiagnosticDescriptor OperationIdMissingOrUnprefixed = new DiagnosticDescriptor(
        "BUNQ0012", DiagnosticSeverity.Warning, DiagnosticStage.Model,
        "operationId missing or without a bunq prefix",
        "Operation {0} {1} has operationId '{2}', which does not start with CREATE_, READ_, List_all_, UPDATE_ or DELETE_; its kind is taken from the HTTP method",
        "bunq encodes the operation kind in the operationId prefix. Give the operation an operationId such as 'READ_Payment_for_User_MonetaryAccount'.");

    public static readonly DiagnosticDescriptor UninterpretableResponseSchema = new DiagnosticDescriptor(
        "BUNQ0013", DiagnosticSeverity.Warning, DiagnosticStage.Model,
        "Response schema cannot be interpreted",
        "The response schema of {0} cannot be interpreted ({1}); the method returns the raw response",
        "The model understands a $ref to a component schema (object, list or union). Inline or exotic schemas fall back to raw JSON; add a conventions-table row or a component schema.");

    public static readonly DiagnosticDescriptor NameCollisionRenamed = new DiagnosticDescriptor(
        "BUNQ0014", DiagnosticSeverity.Info, DiagnosticStage.Model,
        "Name collision resolved by renaming",
        "The name '{0}' of {1} collides with {2}; it is generated as '{3}'",
        "Nothing to fix. If the generated name is unwelcome, add a rename to the conventions table.");

    public static readonly DiagnosticDescriptor ConventionRuleUnmatched = new DiagnosticDescriptor(
        "BUNQ0015", DiagnosticSeverity.Info, DiagnosticStage.Model,
        "Convention rule matched nothing",
        "The convention rule '{0}' matched nothing in this spec",
        "The spec no longer has what the rule names (bunq renamed or removed it). Check the row in bunq-conventions.json and drop or update it.");

    public static readonly DiagnosticDescriptor UnionUnknownKeyType = new DiagnosticDescriptor(
        "BUNQ0016", DiagnosticSeverity.Warning, DiagnosticStage.Model,
        "Union key with unknown type",
        "The union '{0}' has the key '{1}' whose type '{2}' is not a known schema; the key is read as an unknown case",
        "Add the missing schema to the spec or a key-to-type mapping to the conventions table.");

    public static readonly DiagnosticDescriptor InternalError = new DiagnosticDescriptor(
        "BUNQ0017", DiagnosticSeverity.Error, DiagnosticStage.Generator,
        "Internal generator error",
        "Internal error in the bunq generator while {0}: {1}",
        "This is a bug in Bunq.CodeGen, not in your project. Please report it with the spec file and this message; the build continues without generated code for this spec.");

    public static readonly DiagnosticDescriptor DuplicateKey = new DiagnosticDescriptor(
        "BUNQ0018", DiagnosticSeverity.Warning, DiagnosticStage.Load,
        "Duplicate key in a JSON object",
        "The key '{0}' appears more than once in this object; the last value is used",
        "JSON objects should have unique keys. Remove the duplicate; the last value wins, as in JavaScript's JSON.parse.");

    public static readonly DiagnosticDescriptor SpecRepaired = new DiagnosticDescriptor(
        "BUNQ0019", DiagnosticSeverity.Info, DiagnosticStage.Load,
        "Known bunq spec defect repaired",
        "{0} (repaired {1} place(s), first at {2})",
        "bunq's published specs have a few known defects (e.g. PHP's '[]' for an empty map, request headers referenced as parameters). The loader repairs exactly these shapes so that nothing is lost; no action is needed.");

    public static readonly DiagnosticDescriptor FilterEntryMatchesNothing = new DiagnosticDescriptor(
        "BUNQ0020", DiagnosticSeverity.Warning, DiagnosticStage.Generator,
        "Include/exclude entry matches nothing",
        "The include/exclude entry '{0}' matches no operation of the spec",
        "Entries are tags (payment), resource names (Payment, Payments) or path prefixes starting with '/' (/user/{}/monetary-account/{}/payment). Check the spelling against the spec's tags, or drop the entry.");

    public static readonly DiagnosticDescriptor RuntimeNotReferenced = new DiagnosticDescriptor(
        "BUNQ0021", DiagnosticSeverity.Error, DiagnosticStage.Generator,
        "Bunq.Runtime is not referenced",
        "The generated bunq client needs the Bunq.Runtime package, which this project does not reference; no code was generated",
        "Add the runtime next to the generator: 'dotnet add package Bunq.Runtime'. The generator package is a development dependency and does not bring it in.");

    public static readonly DiagnosticDescriptor MultipleSpecs = new DiagnosticDescriptor(
        "BUNQ0022", DiagnosticSeverity.Error, DiagnosticStage.Generator,
        "More than one bunq spec",
        "The project has {0} bunq specs ({1}); only one is supported, so no code was generated",
        "Keep one BunqSpec item (or one of bunq.json, bunq.yaml, bunq.yml). Two clients in one project would declare the same types; put the second in its own project.");

    public static readonly DiagnosticDescriptor ReferenceRepaired = new DiagnosticDescriptor(
        "BUNQ0023", DiagnosticSeverity.Warning, DiagnosticStage.Load,
        "$ref the OpenAPI reader refuses, repaired",
        "'$ref' '{0}' is not a reference the OpenAPI reader follows here; it is read as {1}",
        "OpenAPI 3.0 lets a place refer only to a component of its own kind ('#/components/parameters/…' for a parameter). The loader points a reference into a path, into another component or to a component of another kind at a copy under the right section, so nothing is dropped. Refer to a component of the expected kind to silence this.");

    public static readonly DiagnosticDescriptor DanglingReferenceRepaired = new DiagnosticDescriptor(
        "BUNQ0024", DiagnosticSeverity.Warning, DiagnosticStage.Load,
        "Dangling $ref read as raw JSON",
        "'$ref' '{0}' points to nothing in this document; {1}",
        "The referenced component is missing from this spec version. A schema is read as raw JSON (JsonElement), so its value still reaches your code untyped; a missing response has no content; a missing parameter, header, example, link or callback is left out. Add the component, or correct the reference, to get a typed value.");

    public static readonly DiagnosticDescriptor ConventionsTableInvalid = new DiagnosticDescriptor(
        "BUNQ0025", DiagnosticSeverity.Error, DiagnosticStage.Model,
        "Conventions table invalid",
        "The conventions table bunq-conventions.json is invalid at '{0}': {1}; nothing was generated",
        "The table embedded in Bunq.CodeGen must match bunq-conventions.schema.json: every closed value (shape, token, method, kind, usage, type) from its list, every required field (evidence included) present, no unknown property, every value of the right JSON type. Fix the row the pointer names (docs/conventions.md).");

    public static readonly DiagnosticDescriptor RuntimeContractMismatch = new DiagnosticDescriptor(
        "BUNQ0026", DiagnosticSeverity.Error, DiagnosticStage.Generator,
        "Bunq.Runtime contract mismatch",
        "The generated bunq client needs Bunq.Runtime contract {0}, but the referenced Bunq.Runtime {1} {2}; {3}. No code was generated",
        "The code the generator writes calls the runtime through a versioned contract ([assembly: BunqRuntimeContract(n)] in Bunq.Runtime). Reference Bunq.Runtime and Bunq.CodeGen of the same release: upgrade Bunq.Runtime when it is older, upgrade Bunq.CodeGen when the runtime no longer serves the contract the generator writes for.");

    /// <summary>Every descriptor, in id order.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        SpecUnreadable,
        SpecSyntaxError,
        ReaderError,
        ReaderWarning,
        UnsupportedVersion,
        DanglingReference,
        DocumentTooLarge,
        DocumentTooDeep,
        YamlAliasBomb,
        NoBunqOperations,
        OperationWithoutResponses,
        OperationIdMissingOrUnprefixed,
        UninterpretableResponseSchema,
        NameCollisionRenamed,
        ConventionRuleUnmatched,
        UnionUnknownKeyType,
        InternalError,
        DuplicateKey,
        SpecRepaired,
        FilterEntryMatchesNothing,
        RuntimeNotReferenced,
        MultipleSpecs,
        ReferenceRepaired,
        DanglingReferenceRepaired,
        ConventionsTableInvalid,
        RuntimeContractMismatch,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> ById =
        All.ToDictionary(d => d.Id, StringComparer.Ordinal);

    public static DiagnosticDescriptor? Find(string id) =>
        id is not null && ById.TryGetValue(id, out var descriptor) ? descriptor : null;

    public static SpecDiagnostic Create(DiagnosticDescriptor descriptor, SpecLocation location, params object?[] args) =>
        Create(descriptor, descriptor.DefaultSeverity, location, args);

    /// <summary>For the few callers that must raise or lower a severity (e.g. a host's warnings-as-errors policy).</summary>
    public static SpecDiagnostic Create(
        DiagnosticDescriptor descriptor, DiagnosticSeverity severity, SpecLocation location, params object?[] args)
    {
        if (descriptor is null)
        {
            throw new ArgumentNullException(nameof(descriptor));
        }

        return new SpecDiagnostic(descriptor.Id, severity, Format(descriptor.MessageFormat, args), location);
    }

    /// <summary>
    /// Never throws: a diagnostic that cannot be formatted must still reach the user, so a wrong argument count
    /// degrades to the format text followed by the arguments.
    /// </summary>
    private static string Format(string format, object?[]? args)
    {
        if (args is null || args.Length == 0)
        {
            return format;
        }

        try
        {
            return string.Format(CultureInfo.InvariantCulture, format, args);
        }
        catch (FormatException)
        {
            return format + " (" + string.Join(", ", args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture))) + ")";
        }
    }
}
