// Written by tests/Bunq.CodeGen.Tests/SourceGenerator/StaticDescriptorTests.cs from DiagnosticCatalog; do not edit.
// Regenerate: BUNQ_REGENERATE=1 dotnet test tests/Bunq.CodeGen.Tests --filter FullyQualifiedName~StaticDescriptorTests
using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Bunq.CodeGen.SourceGenerator;

/// <summary>
/// The catalogue's entries as static Roslyn descriptors, so the release-tracking analyzer sees every id the
/// generator can report (AnalyzerReleases.*.md). Messages are formatted by the catalogue, hence "{0}".
/// </summary>
internal static class BunqDiagnostics
{
    internal const string Category = "Bunq.CodeGen";

    internal static readonly DiagnosticDescriptor SpecUnreadable = new DiagnosticDescriptor(
        "BUNQ0001",
        "Spec file cannot be read",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Check that the path names an existing, readable file that holds an OpenAPI document (not an empty file).",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0001");

    internal static readonly DiagnosticDescriptor SpecSyntaxError = new DiagnosticDescriptor(
        "BUNQ0002",
        "Spec is not valid JSON or YAML",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Fix the syntax at the reported line and column; a truncated download is the usual cause. Files starting with '{' or '[' are read as JSON, all others as YAML.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0002");

    internal static readonly DiagnosticDescriptor ReaderError = new DiagnosticDescriptor(
        "BUNQ0003",
        "OpenAPI reader error",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Microsoft.OpenApi.Readers could not map this part of the document to the OpenAPI object model. Make the reported node conform to OpenAPI 3.0 (or Swagger 2.0).",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0003");

    internal static readonly DiagnosticDescriptor ReaderWarning = new DiagnosticDescriptor(
        "BUNQ0004",
        "OpenAPI reader warning",
        "{0}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The document was read but does not fully follow the OpenAPI rules at the reported node; the generated code may miss what that node says.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0004");

    internal static readonly DiagnosticDescriptor UnsupportedVersion = new DiagnosticDescriptor(
        "BUNQ0005",
        "Unsupported OpenAPI version",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "bunq publishes OpenAPI 3.0 (and Swagger 2.0 before 2019). Convert other versions, e.g. OpenAPI 3.1, to 3.0, or check that the root object has an 'openapi' or 'swagger' field.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0005");

    internal static readonly DiagnosticDescriptor DanglingReference = new DiagnosticDescriptor(
        "BUNQ0006",
        "Dangling $ref",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Add the missing component, or correct the reference. Only references inside the same document ('#/...') are followed; external files are not loaded.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0006");

    internal static readonly DiagnosticDescriptor DocumentTooLarge = new DiagnosticDescriptor(
        "BUNQ0007",
        "Spec exceeds the size limit",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The loader refuses inputs over its size limit so that a broken or hostile file cannot exhaust the compiler's memory. bunq's spec is about 1.3 MB; check that the right file is referenced.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0007");

    internal static readonly DiagnosticDescriptor DocumentTooDeep = new DiagnosticDescriptor(
        "BUNQ0008",
        "Spec nests too deeply",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The loader bounds nesting so that recursion cannot overflow the stack. bunq's spec nests fewer than 20 levels; a generated or corrupted file is the likely cause.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0008");

    internal static readonly DiagnosticDescriptor YamlAliasBomb = new DiagnosticDescriptor(
        "BUNQ0009",
        "YAML aliases expand too far",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A small YAML file whose aliases refer to aliases can expand to billions of nodes ('billion laughs'). Write the document without nested aliases, or as JSON.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0009");

    internal static readonly DiagnosticDescriptor NoBunqOperations = new DiagnosticDescriptor(
        "BUNQ0010",
        "No bunq operations found",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The document was read but does not look like bunq's API (no operation carries a bunq operationId prefix such as READ_ or List_all_). Point the generator at bunq's spec.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0010");

    internal static readonly DiagnosticDescriptor OperationWithoutResponses = new DiagnosticDescriptor(
        "BUNQ0011",
        "Operation has no responses",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "OpenAPI requires 'responses' on every operation, and bunq always answers. Add at least a '200' response with its schema so a typed result can be generated.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0011");

    internal static readonly DiagnosticDescriptor OperationIdMissingOrUnprefixed = new DiagnosticDescriptor(
        "BUNQ0012",
        "operationId missing or without a bunq prefix",
        "{0}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "bunq encodes the operation kind in the operationId prefix. Give the operation an operationId such as 'READ_Payment_for_User_MonetaryAccount'.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0012");

    internal static readonly DiagnosticDescriptor UninterpretableResponseSchema = new DiagnosticDescriptor(
        "BUNQ0013",
        "Response schema cannot be interpreted",
        "{0}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The model understands a $ref to a component schema (object, list or union). Inline or exotic schemas fall back to raw JSON; add a conventions-table row or a component schema.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0013");

    internal static readonly DiagnosticDescriptor NameCollisionRenamed = new DiagnosticDescriptor(
        "BUNQ0014",
        "Name collision resolved by renaming",
        "{0}",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Nothing to fix. If the generated name is unwelcome, add a rename to the conventions table.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0014");

    internal static readonly DiagnosticDescriptor ConventionRuleUnmatched = new DiagnosticDescriptor(
        "BUNQ0015",
        "Convention rule matched nothing",
        "{0}",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "The spec no longer has what the rule names (bunq renamed or removed it). Check the row in bunq-conventions.json and drop or update it.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0015");

    internal static readonly DiagnosticDescriptor UnionUnknownKeyType = new DiagnosticDescriptor(
        "BUNQ0016",
        "Union key with unknown type",
        "{0}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Add the missing schema to the spec or a key-to-type mapping to the conventions table.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0016");

    internal static readonly DiagnosticDescriptor InternalError = new DiagnosticDescriptor(
        "BUNQ0017",
        "Internal generator error",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "This is a bug in Bunq.CodeGen, not in your project. Please report it with the spec file and this message; the build continues without generated code for this spec.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0017");

    internal static readonly DiagnosticDescriptor DuplicateKey = new DiagnosticDescriptor(
        "BUNQ0018",
        "Duplicate key in a JSON object",
        "{0}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "JSON objects should have unique keys. Remove the duplicate; the last value wins, as in JavaScript's JSON.parse.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0018");

    internal static readonly DiagnosticDescriptor SpecRepaired = new DiagnosticDescriptor(
        "BUNQ0019",
        "Known bunq spec defect repaired",
        "{0}",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "bunq's published specs have a few known defects (e.g. PHP's '[]' for an empty map, request headers referenced as parameters). The loader repairs exactly these shapes so that nothing is lost; no action is needed.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0019");

    internal static readonly DiagnosticDescriptor FilterEntryMatchesNothing = new DiagnosticDescriptor(
        "BUNQ0020",
        "Include/exclude entry matches nothing",
        "{0}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Entries are tags (payment), resource names (Payment, Payments) or path prefixes starting with '/' (/user/{}/monetary-account/{}/payment). Check the spelling against the spec's tags, or drop the entry.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0020");

    internal static readonly DiagnosticDescriptor RuntimeNotReferenced = new DiagnosticDescriptor(
        "BUNQ0021",
        "Bunq.Runtime is not referenced",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Add the runtime next to the generator: 'dotnet add package Bunq.Runtime'. The generator package is a development dependency and does not bring it in.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0021");

    internal static readonly DiagnosticDescriptor MultipleSpecs = new DiagnosticDescriptor(
        "BUNQ0022",
        "More than one bunq spec",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Keep one BunqSpec item (or one of bunq.json, bunq.yaml, bunq.yml). Two clients in one project would declare the same types; put the second in its own project.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0022");

    internal static readonly DiagnosticDescriptor ReferenceRepaired = new DiagnosticDescriptor(
        "BUNQ0023",
        "$ref the OpenAPI reader refuses, repaired",
        "{0}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "OpenAPI 3.0 lets a place refer only to a component of its own kind ('#/components/parameters/…' for a parameter). The loader points a reference into a path, into another component or to a component of another kind at a copy under the right section, so nothing is dropped. Refer to a component of the expected kind to silence this.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0023");

    internal static readonly DiagnosticDescriptor DanglingReferenceRepaired = new DiagnosticDescriptor(
        "BUNQ0024",
        "Dangling $ref read as raw JSON",
        "{0}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The referenced component is missing from this spec version. A schema is read as raw JSON (JsonElement), so its value still reaches your code untyped; a missing response has no content; a missing parameter, header, example, link or callback is left out. Add the component, or correct the reference, to get a typed value.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0024");

    internal static readonly DiagnosticDescriptor ConventionsTableInvalid = new DiagnosticDescriptor(
        "BUNQ0025",
        "Conventions table invalid",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The table embedded in Bunq.CodeGen must match bunq-conventions.schema.json: every closed value (shape, token, method, kind, usage, type) from its list, every required field (evidence included) present, no unknown property, every value of the right JSON type. Fix the row the pointer names (docs/conventions.md).",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0025");

    internal static readonly DiagnosticDescriptor RuntimeContractMismatch = new DiagnosticDescriptor(
        "BUNQ0026",
        "Bunq.Runtime contract mismatch",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The code the generator writes calls the runtime through a versioned contract ([assembly: BunqRuntimeContract(n)] in Bunq.Runtime). Reference Bunq.Runtime and Bunq.CodeGen of the same release: upgrade Bunq.Runtime when it is older, upgrade Bunq.CodeGen when the runtime no longer serves the contract the generator writes for.",
        helpLinkUri: "https://github.com/bunq-codegen/bunq-codegen/blob/main/docs/diagnostics.md#bunq0026");

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new Dictionary<string, DiagnosticDescriptor>(StringComparer.Ordinal)
    {
        [SpecUnreadable.Id] = SpecUnreadable,
        [SpecSyntaxError.Id] = SpecSyntaxError,
        [ReaderError.Id] = ReaderError,
        [ReaderWarning.Id] = ReaderWarning,
        [UnsupportedVersion.Id] = UnsupportedVersion,
        [DanglingReference.Id] = DanglingReference,
        [DocumentTooLarge.Id] = DocumentTooLarge,
        [DocumentTooDeep.Id] = DocumentTooDeep,
        [YamlAliasBomb.Id] = YamlAliasBomb,
        [NoBunqOperations.Id] = NoBunqOperations,
        [OperationWithoutResponses.Id] = OperationWithoutResponses,
        [OperationIdMissingOrUnprefixed.Id] = OperationIdMissingOrUnprefixed,
        [UninterpretableResponseSchema.Id] = UninterpretableResponseSchema,
        [NameCollisionRenamed.Id] = NameCollisionRenamed,
        [ConventionRuleUnmatched.Id] = ConventionRuleUnmatched,
        [UnionUnknownKeyType.Id] = UnionUnknownKeyType,
        [InternalError.Id] = InternalError,
        [DuplicateKey.Id] = DuplicateKey,
        [SpecRepaired.Id] = SpecRepaired,
        [FilterEntryMatchesNothing.Id] = FilterEntryMatchesNothing,
        [RuntimeNotReferenced.Id] = RuntimeNotReferenced,
        [MultipleSpecs.Id] = MultipleSpecs,
        [ReferenceRepaired.Id] = ReferenceRepaired,
        [DanglingReferenceRepaired.Id] = DanglingReferenceRepaired,
        [ConventionsTableInvalid.Id] = ConventionsTableInvalid,
        [RuntimeContractMismatch.Id] = RuntimeContractMismatch,
    };

    internal static DiagnosticDescriptor? Find(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : null;
}
