using System;
using System.Collections.Generic;
using System.Linq;
using Bunq.CodeGen.Diagnostics;
using Microsoft.OpenApi.Models;

namespace Bunq.CodeGen.Load;

/// <summary>
/// What the Load stage hands to the Model stage. Holds an <see cref="OpenApiDocument"/>, which is mutable and not
/// equatable: keep it out of incremental-pipeline values (only the Model's records cross that boundary).
/// </summary>
public sealed class LoadResult
{
    internal LoadResult(string filePath, OpenApiDocument? document, IReadOnlyList<SpecDiagnostic> diagnostics, SpecSourceMap sourceMap)
    {
        FilePath = filePath;
        Document = document;
        // The same finding at the same place is said once, however many paths led to it.
        Diagnostics = diagnostics.Distinct().ToList();
        SourceMap = sourceMap;
        HasErrors = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>Null when the spec cannot be read at all; may be partial when <see cref="HasErrors"/> is true.</summary>
    public OpenApiDocument? Document { get; }

    public IReadOnlyList<SpecDiagnostic> Diagnostics { get; }

    /// <summary>JSON pointer to 1-based line and column, for diagnostics raised by later stages.</summary>
    public SpecSourceMap SourceMap { get; }

    public string FilePath { get; }

    public bool HasErrors { get; }
}
