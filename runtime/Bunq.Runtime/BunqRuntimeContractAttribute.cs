using Bunq.Runtime;

// The contract this runtime offers the generated code. Raise it with every change the generated code can see (a member
// it calls, a signature, a behaviour it relies on), together with RuntimeContract.Required in the generator;
// docs/versioning.md, "Runtime contract".
[assembly: BunqRuntimeContract(1)]

namespace Bunq.Runtime;

/// <summary>
/// The version of the contract between the code the Bunq.CodeGen source generator writes and this runtime: the members
/// the generated code calls and what they do. The generator reads it from the referenced Bunq.Runtime assembly and
/// reports BUNQ0026 instead of generating code when the two do not match (docs/diagnostics.md#bunq0026).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
public sealed class BunqRuntimeContractAttribute : Attribute
{
    /// <summary>Declares that this assembly offers contract <paramref name="version"/> (and, unless <see cref="OldestSupported"/> says otherwise, only that one).</summary>
    public BunqRuntimeContractAttribute(int version)
    {
        Version = version;
        OldestSupported = version;
    }

    /// <summary>The newest contract the runtime offers.</summary>
    public int Version { get; }

    /// <summary>The oldest contract the runtime still serves; code generated for any contract from this to <see cref="Version"/> runs against it.</summary>
    public int OldestSupported { get; set; }
}
