namespace Bunq.CodeGen.Emit;

/// <summary>
/// The Bunq.Runtime contract the emitted code is written against: the value of <c>[assembly: BunqRuntimeContract(n)]</c>
/// a referenced runtime must serve (its <c>OldestSupported</c> to its <c>Version</c>), checked by the source generator
/// (BUNQ0026). Raise it together with the runtime's attribute whenever the emitted code needs something the previous
/// runtime does not have; a test keeps the two equal.
/// </summary>
public static class RuntimeContract
{
    /// <summary>The contract the emitted code needs.</summary>
    public const int Required = 1;

    /// <summary>The assembly name (not the file name) the emitted code's runtime has.</summary>
    public const string AssemblyName = "Bunq.Runtime";

    /// <summary>The full name of the attribute that carries the contract.</summary>
    public const string AttributeName = "Bunq.Runtime.BunqRuntimeContractAttribute";
}
