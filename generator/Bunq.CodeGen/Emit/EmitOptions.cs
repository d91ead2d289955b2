namespace Bunq.CodeGen.Emit;

/// <summary>How the generated client is named and documented; a record so the incremental generator can compare it.</summary>
public sealed record EmitOptions(string Namespace = "Bunq.Client", string ClientName = "BunqClient", bool XmlDocs = true)
{
    /// <summary>
    /// Stamped into <c>[GeneratedCode]</c>. A constant, not the assembly's version: a build number in
    /// here would make every build's output differ and defeat caching and the checked-in snapshots.
    /// </summary>
    public const string GeneratorVersion = "0.1.0";
}

/// <summary>One generated source file. <see cref="HintName"/> is unique, stable and safe as a file name.</summary>
public sealed record GeneratedFile(string HintName, string Text);
