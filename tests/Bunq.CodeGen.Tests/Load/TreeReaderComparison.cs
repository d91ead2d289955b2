using System.Text;
using Bunq.CodeGen.Load;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Interfaces;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Microsoft.OpenApi.Writers;
using SharpYaml.Serialization;

namespace Bunq.CodeGen.Tests.Load;

/// <summary>
/// Reads one repaired node tree with Microsoft.OpenApi.Readers (through <see cref="OpenApiReaderBridge"/>, the
/// reference) and with <see cref="OpenApiTreeReader"/>, and describes each reading as text that holds everything the
/// product can observe: the exception, or the errors and warnings (kind, pointer, message, in order), the document as
/// 1.6 writes it, every component written without its reference (so shapes that references inline are compared too),
/// and which component instance every reachable schema, parameter, body, response and header is.
/// </summary>
internal static class TreeReaderComparison
{
    public enum Verdict
    {
        Same,
        Different,
        LeftToLibrary,
        NotOpenApi30Json,
    }

    /// <summary>The verdict, and for <see cref="Verdict.Different"/> where the two readings part.</summary>
    public static (Verdict Verdict, string Detail) Compare(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (text.TrimStart() is not { Length: > 0 } trimmed || trimmed[0] != '{') return (Verdict.NotOpenApi30Json, "not JSON");
        var tree = RepairedTree(text);
        if (tree is null) return (Verdict.NotOpenApi30Json, "not readable JSON");
        if (tree.RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("openapi"), out var version)
            || version is not YamlScalarNode { Value: { } v } || !v.StartsWith("3.0", StringComparison.Ordinal))
        {
            return (Verdict.NotOpenApi30Json, "not OpenAPI 3.0");
        }

        var settings = SpecLoader.CreateSettings(LoadLimits.Default);
        if (!OpenApiTreeReader.CanRead(tree, settings)) return (Verdict.LeftToLibrary, "over the library's node budget bound");

        var expected = Describe(() => OpenApiReaderBridge.Read(tree, settings, out var d) is var doc ? (doc, d) : default);
        var actual = Describe(() => OpenApiTreeReader.Read(tree, settings, out var d) is var doc ? (doc, d) : default);
        return expected == actual ? (Verdict.Same, "") : (Verdict.Different, FirstDifference(expected, actual));
    }

    /// <summary>The tree SpecLoader hands the reader: parsed, then repaired.</summary>
    public static YamlDocument? RepairedTree(string text)
    {
        var parsed = JsonSpecParser.Parse(Encoding.UTF8.GetBytes(text), SpecLoader.DefaultMaxDepth, CancellationToken.None);
        if (parsed.Document is null || parsed.SyntaxError is not null || parsed.TooDeepAt >= 0) return null;
        SpecRepairs.Apply(parsed.Document.RootNode);
        return parsed.Document;
    }

    private static string Describe(Func<(OpenApiDocument? Document, OpenApiDiagnostic Diagnostic)> read)
    {
        OpenApiDocument? document;
        OpenApiDiagnostic diagnostic;
        try
        {
            (document, diagnostic) = read();
        }
        catch (Exception ex)
        {
            return "threw " + ex.GetType().FullName + ": " + ex.Message;
        }

        var text = new StringBuilder();
        text.Append("version ").Append(diagnostic.SpecificationVersion).Append('\n');
        foreach (var error in diagnostic.Errors) text.Append("error ").Append(error.GetType().Name).Append(" at ").Append(error.Pointer ?? "(null)").Append(": ").Append(error.Message).Append('\n');
        foreach (var warning in diagnostic.Warnings) text.Append("warning ").Append(warning.GetType().Name).Append(" at ").Append(warning.Pointer ?? "(null)").Append(": ").Append(warning.Message).Append('\n');
        if (document is null) return text.Append("no document\n").ToString();

        text.Append(Written(w => document.SerializeAsV3(w))).Append('\n');
        var components = document.Components;
        if (components is not null)
        {
            WriteEach(text, "schema", components.Schemas);
            WriteEach(text, "response", components.Responses);
            WriteEach(text, "parameter", components.Parameters);
            WriteEach(text, "example", components.Examples);
            WriteEach(text, "requestBody", components.RequestBodies);
            WriteEach(text, "header", components.Headers);
            WriteEach(text, "securityScheme", components.SecuritySchemes);
            WriteEach(text, "link", components.Links);
            WriteEach(text, "callback", components.Callbacks);
        }

        new Graph(document, text).Walk();
        return text.ToString();
    }

    private static void WriteEach<T>(StringBuilder text, string kind, IDictionary<string, T>? entries)
        where T : IOpenApiReferenceable
    {
        if (entries is null) return;
        foreach (var (key, value) in entries)
        {
            text.Append(kind).Append(' ').Append(key).Append(": ");
            text.Append(value is null ? "null" : Written(w => value.SerializeAsV3WithoutReference(w))).Append('\n');
        }
    }

    private static string Written(Action<IOpenApiWriter> write)
    {
        var buffer = new StringWriter();
        try
        {
            var writer = new OpenApiJsonWriter(buffer);
            write(writer);
            writer.Flush();
            return buffer.ToString();
        }
        catch (Exception ex)
        {
            // The writer fails on some documents (both readings must then fail alike).
            return "writing threw " + ex.GetType().Name + ": " + ex.Message;
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "(end)";
            var right = i < b.Length ? b[i] : "(end)";
            if (left != right)
            {
                var at = 0;
                while (at < left.Length && at < right.Length && left[at] == right[at]) at++;
                var from = Math.Max(0, at - 120);
                return $"line {i + 1}, column {at + 1}:\n  library: …{Clip(left, from)}\n  ours:    …{Clip(right, from)}";
            }
        }

        return "(no line differs)";
    }

    private static string Clip(string line, int from) => from >= line.Length ? "(ends)" : line.Substring(from, Math.Min(300, line.Length - from));

    /// <summary>Which component instance each reachable object is, in a fixed walk order.</summary>
    private sealed class Graph(OpenApiDocument document, StringBuilder text)
    {
        private readonly Dictionary<object, string> _components = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);

        public void Walk()
        {
            var c = document.Components;
            if (c is not null)
            {
                Name("schemas", c.Schemas);
                Name("parameters", c.Parameters);
                Name("requestBodies", c.RequestBodies);
                Name("responses", c.Responses);
                Name("headers", c.Headers);
                Name("examples", c.Examples);
            }

            text.Append("graph\n");
            foreach (var (path, item) in document.Paths ?? new OpenApiPaths())
            {
                if (item is null) continue;
                text.Append("path ").Append(path).Append(' ').Append(Token(item)).Append('\n');
                foreach (var parameter in item.Parameters ?? []) Parameter(parameter);
                foreach (var (type, operation) in item.Operations ?? new Dictionary<OperationType, OpenApiOperation>())
                {
                    text.Append(' ').Append(type).Append('\n');
                    if (operation is null) continue;
                    foreach (var parameter in operation.Parameters ?? []) Parameter(parameter);
                    if (operation.RequestBody is { } body)
                    {
                        text.Append("  body ").Append(Token(body)).Append('\n');
                        Content(body.Content);
                    }

                    foreach (var (status, response) in operation.Responses ?? new OpenApiResponses())
                    {
                        text.Append("  response ").Append(status).Append(' ').Append(response is null ? "null" : Token(response)).Append('\n');
                        if (response is null) continue;
                        Content(response.Content);
                        foreach (var (name, header) in response.Headers ?? new Dictionary<string, OpenApiHeader>())
                        {
                            text.Append("  header ").Append(name).Append(' ').Append(header is null ? "null" : Token(header)).Append('\n');
                            if (header?.Schema is { } schema) Schema(schema, 3);
                        }
                    }
                }
            }

            foreach (var (_, schema) in c?.Schemas ?? new Dictionary<string, OpenApiSchema>())
            {
                if (schema is not null) Schema(schema, 1);
            }
        }

        private void Name<T>(string kind, IDictionary<string, T>? entries)
        {
            foreach (var (key, value) in entries ?? new Dictionary<string, T>())
            {
                if (value is not null) _components.TryAdd(value, kind + "/" + key);
            }
        }

        private string Token(object value) => _components.TryGetValue(value, out var name) ? name : "inline";

        private void Parameter(OpenApiParameter? parameter)
        {
            text.Append("  parameter ").Append(parameter is null ? "null" : Token(parameter)).Append('\n');
            if (parameter?.Schema is { } schema) Schema(schema, 3);
            Content(parameter?.Content);
        }

        private void Content(IDictionary<string, OpenApiMediaType>? content)
        {
            foreach (var (type, media) in content ?? new Dictionary<string, OpenApiMediaType>())
            {
                text.Append("   media ").Append(type).Append('\n');
                foreach (var (name, example) in media?.Examples ?? new Dictionary<string, OpenApiExample>())
                {
                    text.Append("   example ").Append(name).Append(' ').Append(example is null ? "null" : Token(example)).Append('\n');
                }

                if (media?.Schema is { } schema) Schema(schema, 4);
            }
        }

        private void Schema(OpenApiSchema schema, int indent)
        {
            text.Append(' ', indent).Append("schema ").Append(Token(schema));
            if (!_seen.Add(schema))
            {
                text.Append(" (again)\n");
                return;
            }

            text.Append('\n');
            foreach (var (name, property) in schema.Properties ?? new Dictionary<string, OpenApiSchema>())
            {
                text.Append(' ', indent).Append(".").Append(name).Append('\n');
                if (property is not null) Schema(property, indent + 1);
            }

            if (schema.Items is { } items) Schema(items, indent + 1);
            if (schema.AdditionalProperties is { } additional) Schema(additional, indent + 1);
            if (schema.Not is { } not) Schema(not, indent + 1);
            foreach (var part in (schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? []))
            {
                if (part is not null) Schema(part, indent + 1);
            }
        }
    }
}
