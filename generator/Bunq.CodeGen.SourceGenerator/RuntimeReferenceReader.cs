using System;
using System.IO;
using System.Reflection.Metadata;
using Bunq.CodeGen.Emit;
using Microsoft.CodeAnalysis;

namespace Bunq.CodeGen.SourceGenerator;

/// <summary>
/// Finds the referenced assembly named Bunq.Runtime (by its identity, whatever its file is called) and the contract its
/// <c>[assembly: BunqRuntimeContract]</c> declares. A file reference is read from its own metadata tables: asking the
/// compilation for its referenced assembly symbols binds every reference (the ~190 of the framework), which in a fresh
/// compiler process was 100–130 ms of the generator's run, 10 % of it, for one attribute of one assembly. Only a
/// reference that is not a file (a project in the IDE) is read through its symbol, and that binds what it must.
/// </summary>
internal static class RuntimeReferenceReader
{
    public static RuntimeReference Read(Compilation compilation)
    {
        foreach (var reference in compilation.References)
        {
            var found = reference is PortableExecutableReference file ? FromMetadata(file) : FromSymbol(compilation, reference);
            if (found is not null) return found;
        }
        return RuntimeReference.None;
    }

    private static RuntimeReference? FromMetadata(PortableExecutableReference file)
    {
        if (file.Properties.Kind != MetadataImageKind.Assembly) return null;
        MetadataReader reader;
        try
        {
            if (file.GetMetadata() is not AssemblyMetadata assembly) return null;
            var modules = assembly.GetModules();
            if (modules.IsDefaultOrEmpty) return null;
            reader = modules[0].GetMetadataReader();
            if (!reader.IsAssembly) return null;
        }
        catch (Exception ex) when (ex is BadImageFormatException or IOException)
        {
            // The compiler reports an unreadable reference itself (CS0009); for the symbols it is not there either.
            return null;
        }

        var definition = reader.GetAssemblyDefinition();
        if (!string.Equals(reader.GetString(definition.Name), RuntimeContract.AssemblyName, StringComparison.OrdinalIgnoreCase)) return null;
        var version = definition.Version.ToString();
        foreach (var handle in definition.GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (AttributeTypeName(reader, attribute) != RuntimeContract.AttributeName) continue;
            CustomAttributeValue<string> value;
            try
            {
                value = attribute.DecodeValue(ValueTypes.Instance);
            }
            catch (Exception ex) when (ex is BadImageFormatException or NotSupportedException)
            {
                continue; // an argument the symbols could not give a value either (an enum of another assembly, a bad blob)
            }
            if (value.FixedArguments.Length != 1 || value.FixedArguments[0].Value is not int contract) continue;
            var oldest = contract;
            foreach (var named in value.NamedArguments)
            {
                if (named.Name == "OldestSupported" && named.Value is int given) oldest = given;
            }
            return new RuntimeReference(true, version, contract, oldest);
        }
        return new RuntimeReference(true, version, null, 0);
    }

    private static RuntimeReference? FromSymbol(Compilation compilation, MetadataReference reference)
    {
        if (compilation.GetAssemblyOrModuleSymbol(reference) is not IAssemblySymbol assembly) return null;
        if (!string.Equals(assembly.Identity.Name, RuntimeContract.AssemblyName, StringComparison.OrdinalIgnoreCase)) return null;
        var version = assembly.Identity.Version.ToString();
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != RuntimeContract.AttributeName) continue;
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int contract) continue;
            var oldest = contract;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "OldestSupported" && named.Value.Value is int value) oldest = value;
            }
            return new RuntimeReference(true, version, contract, oldest);
        }
        return new RuntimeReference(true, version, null, 0);
    }

    /// <summary>The full name of the type whose constructor the attribute calls (defined here or referenced from elsewhere).</summary>
    private static string? AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        switch (attribute.Constructor.Kind)
        {
            case HandleKind.MethodDefinition:
                var type = reader.GetTypeDefinition(reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType());
                return type.GetDeclaringType().IsNil ? reader.GetString(type.Namespace) + "." + reader.GetString(type.Name) : null;
            case HandleKind.MemberReference:
                var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
                if (parent.Kind != HandleKind.TypeReference) return null;
                var referenced = reader.GetTypeReference((TypeReferenceHandle)parent);
                return referenced.ResolutionScope.Kind == HandleKind.TypeReference ? null : reader.GetString(referenced.Namespace) + "." + reader.GetString(referenced.Name);
            default:
                return null;
        }
    }

    /// <summary>
    /// Decodes the attribute's arguments far enough to see an <c>int</c>: primitives get their values, any other type
    /// is named only, and an enum (whose size another assembly would have to tell) stops the decoding.
    /// </summary>
    private sealed class ValueTypes : ICustomAttributeTypeProvider<string>
    {
        public static readonly ValueTypes Instance = new();

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetSystemType() => "System.Type";

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);

        public string GetTypeFromSerializedName(string name) => name;

        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => throw new NotSupportedException("The enum " + type + " is defined elsewhere.");

        public bool IsSystemType(string type) => type == "System.Type";
    }
}
