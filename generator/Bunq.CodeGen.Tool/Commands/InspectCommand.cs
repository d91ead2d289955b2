using System.CommandLine;
using System.Text.Json;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Model;

namespace Bunq.CodeGen.Tool.Commands;

/// <summary><c>inspect</c>: the model as users and CI read it; the JSON form is documented in docs/inspect-json.md and stable.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var spec = SharedOptions.Spec();
        var json = new Option<bool>("--json") { Description = "Print the model as JSON (see docs/inspect-json.md) instead of a table." };
        var command = new Command("inspect", "Print the model the generator builds from a bunq spec: operations with their shapes and object-type keys, types and diagnostics.") { spec, json };
        command.Action = new UsageCheckedAction((parseResult, cancellationToken) =>
            Run(parseResult.GetValue(spec)!, parseResult.GetValue(json), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    internal static int Run(FileInfo spec, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (SharedOptions.ReadSpec(spec.FullName, stderr) is not { } text) return ExitCodes.BadSpec;
        var model = ApiModelBuilder.Build(spec.FullName, text, cancellationToken);
        if (json)
        {
            stdout.Write(ModelJson.Write(model));
            stdout.WriteLine();
        }
        else
        {
            foreach (var resource in model.Resources)
            {
                foreach (var op in resource.Operations)
                {
                    stdout.WriteLine($"{op.Method.ToUpperInvariant(),-6} {op.Path,-90} {resource.Accessor + "." + op.MethodName,-52} {op.Shape.ToString().ToLowerInvariant(),-6} [{string.Join(",", op.Keys)}] {op.ResponseType}");
                }
            }
            SharedOptions.PrintDiagnostics(model.Diagnostics, stderr);
        }
        return model.HasErrors ? ExitCodes.BadSpec : ExitCodes.Success;
    }
}

/// <summary>The documented JSON form of the model (docs/inspect-json.md).</summary>
internal static class ModelJson
{
    public static string Write(ApiModel model)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 1);
            w.WriteString("title", model.Title);
            w.WriteString("version", model.ApiVersion);
            w.WriteStartArray("operations");
            foreach (var resource in model.Resources)
            {
                foreach (var op in resource.Operations)
                {
                    w.WriteStartObject();
                    w.WriteString("operationId", op.OperationId);
                    w.WriteString("method", op.Method);
                    w.WriteString("path", op.Path);
                    w.WriteString("kind", op.Kind.ToString().ToLowerInvariant());
                    w.WriteString("shape", op.Shape.ToString().ToLowerInvariant());
                    w.WriteStartArray("keys");
                    foreach (var key in op.Keys) w.WriteStringValue(key);
                    w.WriteEndArray();
                    w.WriteString("requestType", op.RequestType);
                    w.WriteString("responseType", op.ResponseType);
                    w.WriteString("resource", resource.Accessor);
                    w.WriteString("method" + "Name", op.MethodName);
                    w.WriteString("token", op.Token.ToString().ToLowerInvariant());
                    w.WriteBoolean("signatureRequired", op.SignatureRequired);
                    w.WriteBoolean("binaryRequest", op.BinaryRequest);
                    WriteParameters(w, "pathParameters", op.PathParameters);
                    WriteParameters(w, "queryParameters", op.QueryParameters);
                    w.WriteString("pointer", op.JsonPointer);
                    w.WriteEndObject();
                }
            }
            w.WriteEndArray();
            w.WriteStartArray("types");
            foreach (var type in model.Types)
            {
                w.WriteStartObject();
                w.WriteString("name", type.Name);
                w.WriteString("kind", type.Kind.ToString().ToLowerInvariant());
                w.WriteString("usage", type.Usage.ToString().ToLowerInvariant());
                w.WriteString("schema", type.SchemaName);
                w.WriteStartArray("properties");
                foreach (var p in type.Properties)
                {
                    w.WriteStartObject();
                    w.WriteString("jsonName", p.JsonName);
                    w.WriteString("name", p.CSharpName);
                    w.WriteString("type", p.Type.ToString());
                    w.WriteBoolean("required", p.Required);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("cases");
                foreach (var c in type.Cases)
                {
                    w.WriteStartObject();
                    w.WriteString("key", c.Key);
                    w.WriteString("name", c.CaseName);
                    w.WriteString("type", c.TypeName);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (type.Kind == TypeKind.Enum)
                {
                    w.WriteStartArray("values");
                    foreach (var v in type.Values)
                    {
                        w.WriteStartObject();
                        w.WriteString("value", v.Wire);
                        w.WriteString("name", v.CSharpName);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("diagnostics");
            foreach (var d in model.Diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("id", d.Id);
                w.WriteString("severity", d.Severity.ToString().ToLowerInvariant());
                w.WriteString("message", d.Message);
                w.WriteString("file", d.Location.FilePath);
                w.WriteNumber("line", d.Location.Line);
                w.WriteNumber("column", d.Location.Column);
                w.WriteString("pointer", d.Location.JsonPointer);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteParameters(Utf8JsonWriter w, string name, EquatableArray<ApiParameter> parameters)
    {
        w.WriteStartArray(name);
        foreach (var p in parameters)
        {
            w.WriteStartObject();
            w.WriteString("name", p.WireName);
            w.WriteString("csharpName", p.CSharpName);
            w.WriteString("type", p.Type.ToString().ToLowerInvariant());
            w.WriteBoolean("required", p.Required);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
