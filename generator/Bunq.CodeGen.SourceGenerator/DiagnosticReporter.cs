using System;
using Bunq.CodeGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using RoslynSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;
using SpecSeverity = Bunq.CodeGen.Diagnostics.DiagnosticSeverity;

namespace Bunq.CodeGen.SourceGenerator;

/// <summary>SpecDiagnostic → Roslyn Diagnostic, located in the spec file so the IDE shows it on the spec.</summary>
internal static class DiagnosticReporter
{
    /// <summary>Where docs/diagnostics.md is published; the catalogue's help link is relative to the repository root.</summary>
    internal const string DocsBaseUri = "https://github.com/bunq-codegen/bunq-codegen/blob/main/";

    /// <summary>
    /// Pairs the diagnostic with a text span and line span. The span runs from the reported position to the end of
    /// its line (the key or value the finding is about starts there); without a position it is empty at the start.
    /// </summary>
    public static ReportedDiagnostic Locate(SpecDiagnostic diagnostic, SourceText? text)
    {
        var location = diagnostic.Location;
        if (text is null || !location.HasPosition || location.Line > text.Lines.Count)
        {
            return new ReportedDiagnostic(diagnostic, 0, 0, 0, 0, 0, 0);
        }
        var line = text.Lines[location.Line - 1];
        var column = Math.Max(0, Math.Min(location.Column - 1, line.End - line.Start));
        var start = line.Start + column;
        return new ReportedDiagnostic(diagnostic, start, line.End - start, location.Line - 1, column, location.Line - 1, line.End - line.Start);
    }

    public static Diagnostic ToRoslyn(ReportedDiagnostic reported)
    {
        var diagnostic = reported.Diagnostic;
        // Every catalogue id has a static descriptor (StaticDescriptorTests); an id without one would be a bug of
        // ours, reported as the internal error that names it rather than dropped.
        var descriptor = BunqDiagnostics.Find(diagnostic.Id);
        var message = descriptor is null ? diagnostic.Id + ": " + diagnostic.Message : diagnostic.Message;
        descriptor ??= BunqDiagnostics.InternalError;
        var location = diagnostic.Location.FilePath.Length == 0
            ? Location.None
            : Location.Create(
                diagnostic.Location.FilePath,
                new TextSpan(reported.Start, reported.Length),
                new LinePositionSpan(
                    new LinePosition(reported.StartLine, reported.StartColumn),
                    new LinePosition(reported.EndLine, reported.EndColumn)));
        var severity = ToRoslyn(diagnostic.Severity);
        return Diagnostic.Create(
            descriptor,
            location,
            severity,
            additionalLocations: null,
            properties: null,
            messageArgs: new object[] { message });
    }

    /// <summary>
    /// The model's Info findings about our own conventions table (BUNQ0015: a rule for an older spec version matched
    /// nothing) say nothing about the user's spec; in an IDE's error list they would be noise on every build.
    /// </summary>
    public static bool IsForUser(SpecDiagnostic diagnostic) => diagnostic.Id != DiagnosticCatalog.ConventionRuleUnmatched.Id;

    private static RoslynSeverity ToRoslyn(SpecSeverity severity) => severity switch
    {
        SpecSeverity.Error => RoslynSeverity.Error,
        SpecSeverity.Warning => RoslynSeverity.Warning,
        _ => RoslynSeverity.Info,
    };
}
