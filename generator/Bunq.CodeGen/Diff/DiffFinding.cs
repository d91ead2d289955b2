using System;
using System.Collections.Generic;

namespace Bunq.CodeGen.Diff;

/// <summary>How much a change hurts code written against the generated client. Ordered: a higher value is worse.</summary>
public enum DiffLevel
{
    /// <summary>Nothing breaks: new surface, documentation.</summary>
    Info = 0,
    /// <summary>Compiles, but behaviour may change (a <c>switch</c> misses a new variant, a header changes).</summary>
    Warning = 1,
    /// <summary>Code that uses the member stops compiling or reads nothing where it read something.</summary>
    Breaking = 2,
}

/// <summary>
/// One difference between two specs, stated in terms of the generated C# API and the wire. <see cref="Subject"/> is the
/// operationId (operations), the C# type name (types) or the schema name (schema-only changes): ignore files match on it.
/// Pointers are into the old and new spec files; null where the thing does not exist on that side.
/// </summary>
public sealed record DiffFinding(
    string Rule,
    DiffLevel Level,
    string Subject,
    string? Member,
    string Message,
    string? OldPointer,
    string? NewPointer);

public static class DiffLevels
{
    /// <summary>The spelling used by the CLI, the JSON output and the docs.</summary>
    public static string Name(DiffLevel level) => level switch
    {
        DiffLevel.Breaking => "breaking",
        DiffLevel.Warning => "warning",
        _ => "info",
    };
}

/// <summary>Findings kept and findings an ignore file accepted; both are reported, only <see cref="Findings"/> decide the exit code.</summary>
public sealed class DiffReport
{
    public DiffReport(IReadOnlyList<DiffFinding> findings, IReadOnlyList<DiffFinding> ignored)
    {
        Findings = findings ?? throw new ArgumentNullException(nameof(findings));
        Ignored = ignored ?? throw new ArgumentNullException(nameof(ignored));
    }

    public IReadOnlyList<DiffFinding> Findings { get; }

    public IReadOnlyList<DiffFinding> Ignored { get; }

    public int Count(DiffLevel level)
    {
        var n = 0;
        foreach (var f in Findings)
        {
            if (f.Level == level) n++;
        }
        return n;
    }

    /// <summary>True when a kept finding is at or above <paramref name="threshold"/>.</summary>
    public bool HasAtLeast(DiffLevel threshold)
    {
        foreach (var f in Findings)
        {
            if (f.Level >= threshold) return true;
        }
        return false;
    }
}
