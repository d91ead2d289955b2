namespace Bunq.Emulator;

/// <summary>
/// The spec given to the emulator (<see cref="BunqEmulatorOptions.SpecPath"/>) cannot be turned into the generator's
/// model, so it has no operations the emulator could serve the way generated clients call them. Thrown by
/// <see cref="BunqEmulator.StartAsync"/>; the message lists the BUNQ diagnostics, as <c>bunq-codegen check</c> prints them.
/// </summary>
public sealed class BunqEmulatorSpecException : Exception
{
    /// <summary>Creates the exception for <paramref name="specPath"/> and its error diagnostics, each in compiler format.</summary>
    public BunqEmulatorSpecException(string specPath, IReadOnlyList<string> diagnostics)
        : base(Describe(specPath, diagnostics))
    {
        SpecPath = specPath;
        Diagnostics = diagnostics;
    }

    /// <summary>The spec that was refused.</summary>
    public string SpecPath { get; }

    /// <summary>The error diagnostics of the model, one per line in compiler format (<c>file(line,col): error BUNQ0001: …</c>); empty when the spec is valid but has no operations.</summary>
    public IReadOnlyList<string> Diagnostics { get; }

    private static string Describe(string specPath, IReadOnlyList<string> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var head = $"The emulator cannot serve {specPath}: the generator's model cannot be built from it";
        return diagnostics.Count == 0
            ? head + " (it has no operations)."
            : $"{head} ({diagnostics.Count} error(s); fix the spec, or leave SpecPath out to serve the embedded bunq spec):{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}";
    }
}
