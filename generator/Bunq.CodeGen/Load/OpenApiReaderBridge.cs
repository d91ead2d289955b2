using System;
using System.Reflection;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using SharpYaml.Serialization;

namespace Bunq.CodeGen.Load;

/// <summary>
/// Microsoft.OpenApi.Readers 1.6 reads a prepared <see cref="YamlDocument"/> only through its internal
/// OpenApiYamlDocumentReader; every public entry point first runs SharpYaml's scanner over text, which fails on bunq's
/// 2025 spec. The version is pinned centrally (Directory.Packages.props), and a test loads every real spec through
/// this path, so a package update that moves the type fails loudly there. When it is missing the loader falls back to
/// the public text reader. The product reads OpenAPI 3.0 JSON with <see cref="OpenApiTreeReader"/> and comes here for
/// Swagger 2.0 (the library converts it) and for documents over the library's node budget bound; the differential
/// tests read every document through here too, as the reference the tree reader must equal.
/// </summary>
internal static class OpenApiReaderBridge
{
    private static readonly Lazy<ReadDocument?> Reader = new Lazy<ReadDocument?>(Bind);

    internal delegate OpenApiDocument? ReadDocument(YamlDocument input, OpenApiReaderSettings settings, out OpenApiDiagnostic diagnostic);

    public static bool IsAvailable => Reader.Value is not null;

    public static OpenApiDocument? Read(YamlDocument input, OpenApiReaderSettings settings, out OpenApiDiagnostic diagnostic)
    {
        var read = Reader.Value ?? throw new InvalidOperationException("OpenApiYamlDocumentReader is not available in this Microsoft.OpenApi.Readers version.");
        return read(input, settings, out diagnostic);
    }

    private static ReadDocument? Bind()
    {
        try
        {
            // A constant, assembly-qualified name: the trimmer and the Native AOT compiler resolve it at build time and
            // keep the constructor and Read method looked up below, so a trimmed bunq-codegen binds the same way.
            var type = Type.GetType("Microsoft.OpenApi.Readers.OpenApiYamlDocumentReader, Microsoft.OpenApi.Readers", throwOnError: false);
            var constructor = type?.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, null, new[] { typeof(OpenApiReaderSettings) }, null);
            var method = type?.GetMethod(
                "Read",
                BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance,
                null,
                new[] { typeof(YamlDocument), typeof(OpenApiDiagnostic).MakeByRefType() },
                null);
            if (constructor is null || method is null || method.ReturnType != typeof(OpenApiDocument))
            {
                return null;
            }

            return (YamlDocument input, OpenApiReaderSettings settings, out OpenApiDiagnostic diagnostic) =>
            {
                var instance = constructor.Invoke(new object[] { settings });
                var arguments = new object?[] { input, null };
                try
                {
                    var document = (OpenApiDocument?)method.Invoke(instance, arguments);
                    diagnostic = (OpenApiDiagnostic?)arguments[1] ?? new OpenApiDiagnostic();
                    return document;
                }
                catch (TargetInvocationException ex) when (ex.InnerException is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                    throw;
                }
            };
        }
        catch (Exception ex) when (ex is TypeLoadException || ex is MemberAccessException || ex is System.Security.SecurityException || ex is AmbiguousMatchException)
        {
            return null;
        }
    }
}
