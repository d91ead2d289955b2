using System;

namespace Bunq.CodeGen.Diagnostics;

public enum DiagnosticSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>Where in the spec file a finding points: a JSON pointer, and line/column (1-based) when known.</summary>
public sealed record SpecLocation(string FilePath, string JsonPointer, int Line, int Column)
{
    public static SpecLocation Unknown(string filePath) => new SpecLocation(filePath, "", 0, 0);

    public bool HasPosition => Line > 0;

    public override string ToString() => HasPosition ? $"{FilePath}({Line},{Column})" : FilePath;
}

/// <summary>One finding of the Load or Model stage; a plain record so it can cross the incremental pipeline.</summary>
public sealed record SpecDiagnostic(string Id, DiagnosticSeverity Severity, string Message, SpecLocation Location)
{
    /// <summary>MSBuild/compiler style: <c>FILE(line,col): error BUNQ0007: message</c>.</summary>
    public string ToCompilerString()
    {
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        var pointer = Location.JsonPointer.Length > 0 ? $" [{Location.JsonPointer}]" : "";
        return $"{Location}: {severity} {Id}: {Message}{pointer}";
    }
}
