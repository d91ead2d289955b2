using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Emit;
using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.SourceGenerator;

// The values that flow between the generator's steps. All are records of strings, numbers and the shared
// library's equatable model, so the driver's cache compares them by value; none holds a symbol, syntax node,
// compilation or OpenApiDocument (a test walks the run's step outputs to prove it).

/// <summary>One AdditionalFile marked as a bunq spec, with its text.</summary>
internal sealed record SpecFile(string Path, string? Text);

/// <summary>The spec to generate from (null when there is none, or more than one) and what was wrong with the set.</summary>
internal sealed record SpecSelection(SpecFile? Spec, EquatableArray<ReportedDiagnostic> Diagnostics);

/// <summary>The model built from the selected spec (at <paramref name="SpecPath"/>, empty without one); null model when there was no spec to build from.</summary>
internal sealed record ModelResult(ApiModel? Model, EquatableArray<ReportedDiagnostic> Diagnostics, string SpecPath);

/// <summary>
/// What the compilation references as Bunq.Runtime: nothing, or its assembly version and the contracts its
/// <c>[assembly: BunqRuntimeContract]</c> declares (<paramref name="Contract"/> null when it declares none).
/// </summary>
internal sealed record RuntimeReference(bool Referenced, string Version, int? Contract, int OldestSupported)
{
    public static readonly RuntimeReference None = new(false, "", null, 0);
}

/// <summary>The MSBuild options of the project, read from the global analyzer config.</summary>
internal sealed record GeneratorOptions(EmitOptions Emit, ModelFilterOptions Filter);

/// <summary>What to emit: null when nothing may be generated (errors in the spec, no spec, no runtime reference).</summary>
internal sealed record Generation(ApiModel? Model, EquatableArray<ReportedDiagnostic> Diagnostics);

internal sealed record ResourceInput(ApiResource Resource, EmitOptions Options);

/// <summary>One type to emit, with the name of the model factory its file adds methods to (null for none).</summary>
internal sealed record TypeInput(ApiType Type, EmitOptions Options, string? Factory);

internal sealed record ClientInput(ApiModel Model, EmitOptions Options);

/// <summary>An emitted file, or the internal error that prevented it.</summary>
internal sealed record EmitResult(GeneratedFile? File, ReportedDiagnostic? Error);

/// <summary>
/// A diagnostic with its position in the spec already turned into the text span and line span Roslyn wants,
/// computed where the spec text is at hand, so reporting needs nothing but this value.
/// </summary>
internal sealed record ReportedDiagnostic(
    SpecDiagnostic Diagnostic,
    int Start,
    int Length,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn);
