using System;

namespace Bunq.CodeGen.Diagnostics;

/// <summary>Which pipeline stage raises a diagnostic; the docs page groups by it.</summary>
public enum DiagnosticStage
{
    Load,
    Model,
    Emit,
    Generator,
}

/// <summary>
/// One entry of <see cref="DiagnosticCatalog"/>. The id is stable forever: once shipped it is never reused for
/// another meaning, because users suppress and search by it.
/// </summary>
public sealed class DiagnosticDescriptor : IEquatable<DiagnosticDescriptor>
{
    public DiagnosticDescriptor(
        string id,
        DiagnosticSeverity defaultSeverity,
        DiagnosticStage stage,
        string title,
        string messageFormat,
        string help)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        DefaultSeverity = defaultSeverity;
        Stage = stage;
        Title = title ?? throw new ArgumentNullException(nameof(title));
        MessageFormat = messageFormat ?? throw new ArgumentNullException(nameof(messageFormat));
        Help = help ?? throw new ArgumentNullException(nameof(help));
    }

    public string Id { get; }

    public DiagnosticSeverity DefaultSeverity { get; }

    public DiagnosticStage Stage { get; }

    public string Title { get; }

    /// <summary>A <see cref="string.Format(IFormatProvider, string, object[])"/> format, invariant culture.</summary>
    public string MessageFormat { get; }

    /// <summary>What to do about it; shown in docs/diagnostics.md and by the tool's <c>check</c> command.</summary>
    public string Help { get; }

    /// <summary>Anchor in docs/diagnostics.md (GitHub lower-cases heading ids).</summary>
    public string HelpLink => "docs/diagnostics.md#" + Id.ToLowerInvariant();

    public bool Equals(DiagnosticDescriptor? other) => other is not null && other.Id == Id;

    public override bool Equals(object? obj) => Equals(obj as DiagnosticDescriptor);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    public override string ToString() => Id + ": " + Title;
}
