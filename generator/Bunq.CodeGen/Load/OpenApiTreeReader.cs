using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Exceptions;
using Microsoft.OpenApi.Expressions;
using Microsoft.OpenApi.Extensions;
using Microsoft.OpenApi.Interfaces;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Microsoft.OpenApi.Readers.Exceptions;
using Microsoft.OpenApi.Validations;
using SharpYaml;
using SharpYaml.Serialization;

namespace Bunq.CodeGen.Load;

/// <summary>
/// Reads an OpenAPI 3.0 node tree into Microsoft.OpenApi 1.6's object model the way Microsoft.OpenApi.Readers 1.6.31's
/// V3 deserializer does, without its per-node wrappers, per-field delegate maps and per-$ref enum reflection (a third
/// of a whole run). Every observable choice is the library's: which fields exist, which scalars throw (bool.Parse,
/// int.Parse, new Uri, casts), which error says what at which pointer (including the pointers the library's location
/// stack gets wrong after a media type's examples), where an unresolved reference placeholder stands, how example,
/// default and enum values are typed from the schema. Reference resolution and validation are the library's own public
/// calls. <see cref="OpenApiReaderBridge"/> stays the reference: the differential tests read every available document
/// with both and require the same documents, findings and object graph.
/// </summary>
internal sealed class OpenApiTreeReader
{
    /// <summary>The library reads a <c>$ref</c> with the default scalar bound, not the configured one.</summary>
    private const int ReferenceScalarLimit = 65536;

    private static readonly YamlScalarNode RefKey = new YamlScalarNode("$ref");

    private readonly OpenApiDiagnostic _diagnostic;
    private readonly OpenApiReaderSettings _settings;
    private readonly uint _maxDepth;
    private readonly List<string> _location = new List<string>();

    private OpenApiTreeReader(OpenApiReaderSettings settings, OpenApiDiagnostic diagnostic)
    {
        _settings = settings;
        _diagnostic = diagnostic;
        _maxDepth = settings.MaxDepth;
    }

    /// <summary>
    /// True when this reader reads <paramref name="input"/> as the library would: an OpenAPI 3.0 document (Swagger 2.0
    /// goes through the library's own conversion) small enough that the library's node budget cannot run out.
    /// </summary>
    public static bool CanRead(YamlDocument input, OpenApiReaderSettings settings) =>
        input.RootNode is YamlMappingNode root
        && VersionOf(root) is { } version
        && version.StartsWith("3.0", StringComparison.CurrentCulture)
        && !MightExceedNodeBudget(root, settings.MaxNodeCount);

    public static OpenApiDocument? Read(YamlDocument input, OpenApiReaderSettings settings, out OpenApiDiagnostic diagnostic)
    {
        diagnostic = new OpenApiDiagnostic();
        var reader = new OpenApiTreeReader(settings, diagnostic);
        OpenApiDocument? document = null;
        try
        {
            document = reader.LoadDocument((YamlMappingNode)input.RootNode);
            diagnostic.SpecificationVersion = OpenApiSpecVersion.OpenApi3_0;
            if (settings.LoadExternalRefs)
            {
                throw new InvalidOperationException("Cannot load external refs using the synchronous Read, use ReadAsync instead.");
            }

            if (settings.ReferenceResolution == ReferenceResolutionSetting.ResolveAllReferences)
            {
                throw new ArgumentException("Resolving external references is not supported");
            }

            if (settings.ReferenceResolution == ReferenceResolutionSetting.ResolveLocalReferences)
            {
                foreach (var error in document.ResolveReferences().ToList())
                {
                    diagnostic.Errors.Add(error);
                }
            }
        }
        catch (OpenApiException ex)
        {
            diagnostic.Errors.Add(new OpenApiError(ex));
        }

        if (document is not null && settings.RuleSet is not null && settings.RuleSet.Rules.Count > 0)
        {
            var findings = document.Validate(settings.RuleSet);
            foreach (var error in findings.OfType<OpenApiValidatorError>())
            {
                diagnostic.Errors.Add(error);
            }

            foreach (var warning in findings.OfType<OpenApiValidatorWarning>())
            {
                diagnostic.Warnings.Add(warning);
            }
        }

        return document;
    }

    /// <summary>The library's version lookup: <c>openapi</c> first, then <c>swagger</c>, as scalars.</summary>
    private static string? VersionOf(YamlMappingNode root)
    {
        foreach (var field in new[] { "openapi", "swagger" })
        {
            if (root.Children.TryGetValue(new YamlScalarNode(field), out var value))
            {
                return (value as YamlScalarNode)?.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The library counts every node wrapper it makes and gives up past its budget (then reports the rest of the
    /// document as errors); it re-wraps each map's subtree once per map above it, so a large document can reach it.
    /// A node is wrapped at most depth + 2 times, twice each (as a property and as its value): 4 × Σ(depth + 2) over all
    /// nodes bounds the library's count with room to spare, and documents over it are left to the library.
    /// </summary>
    private static bool MightExceedNodeBudget(YamlNode root, long budget)
    {
        long total = 0;
        var pending = new Stack<(YamlNode Node, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            total += 4L * (depth + 2);
            if (total >= budget)
            {
                return true;
            }

            switch (node)
            {
                case YamlMappingNode mapping:
                    for (var i = 0; i < mapping.Children.Count; i++)
                    {
                        var pair = mapping.Children[i];
                        total += 4L * (depth + 2);
                        pending.Push((pair.Value, depth + 1));
                    }

                    break;
                case YamlSequenceNode sequence:
                    for (var i = 0; i < sequence.Children.Count; i++)
                    {
                        var item = sequence.Children[i];
                        pending.Push((item, depth + 1));
                    }

                    break;
            }
        }

        return false;
    }

    // ---- location and errors, as the library's parsing context keeps them ----

    private void Push(string segment) => _location.Add(segment);

    private void Pop() => _location.RemoveAt(_location.Count - 1);

    private string Location()
    {
        var builder = new StringBuilder("#/");
        for (var i = 0; i < _location.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }

            builder.Append(_location[i].Replace("~", "~0").Replace("/", "~1"));
        }

        return builder.ToString();
    }

    private OpenApiReaderException Error(string message) => new OpenApiReaderException(message) { Pointer = Location() };

    private static OpenApiReaderException ErrorAtLine(string message, YamlNode node) =>
        new OpenApiReaderException(message) { Pointer = "#line=" + node.Start.Line.ToString(CultureInfo.CurrentCulture) };

    private delegate bool FieldReader<in T>(OpenApiTreeReader reader, T target, string name, YamlNode value);

    /// <summary>One object's fields in document order: a field the object does not have is an error, and reading goes on.</summary>
    private void Fields<T>(YamlMappingNode map, T target, FieldReader<T> field)
    {
        for (var i = 0; i < map.Children.Count; i++)
        {
            var pair = map.Children[i];
            var name = KeyOf(pair.Key);
            if (!Field(target, name, pair.Value, field))
            {
                _diagnostic.Errors.Add(new OpenApiError("", name + " is not a valid property at " + Location()));
            }
        }
    }

    /// <summary>A failing field is reported where it stands and leaves the object without it; other exceptions escape.</summary>
    private bool Field<T>(T target, string name, YamlNode value, FieldReader<T> field)
    {
        Push(name);
        try
        {
            return field(this, target, name, value);
        }
        catch (OpenApiReaderException ex)
        {
            _diagnostic.Errors.Add(new OpenApiError(ex));
            return true;
        }
        catch (OpenApiException ex)
        {
            ex.Pointer = Location();
            _diagnostic.Errors.Add(new OpenApiError(ex));
            return true;
        }
        finally
        {
            Pop();
        }
    }

    // ---- node shapes ----

    private static string KeyOf(YamlNode key) =>
        key is YamlScalarNode scalar ? scalar.Value! : throw new OpenApiException("Expected scalar at line " + key.Start.Line.ToString(CultureInfo.CurrentCulture));

    private string Scalar(YamlNode node) =>
        node is YamlScalarNode scalar ? scalar.Value! : throw Error("Cannot create a scalar value from this type of node.");

    private bool Bool(YamlNode node) => bool.Parse(Scalar(node));

    private int Int(YamlNode node) => int.Parse(Scalar(node), CultureInfo.InvariantCulture);

    private Uri Url(YamlNode node) => new Uri(Scalar(node), UriKind.RelativeOrAbsolute);

    private YamlMappingNode Map(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(what + " must be a map/object");

    private static string? ReferenceOf(YamlMappingNode map)
    {
        if (!map.Children.TryGetValue(RefKey, out var value))
        {
            return null;
        }

        if (value is not YamlScalarNode scalar)
        {
            throw new OpenApiException("Expected scalar at line " + value.Start.Line.ToString(CultureInfo.CurrentCulture));
        }

        if (scalar.Value is not null && scalar.Value.Length > ReferenceScalarLimit)
        {
            throw new OpenApiException("The YAML scalar exceeds the maximum supported length of " + ReferenceScalarLimit.ToString(CultureInfo.CurrentCulture) + " characters.");
        }

        return scalar.Value;
    }

    private Dictionary<string, T?> MapOf<T>(YamlNode node, Func<OpenApiTreeReader, YamlNode, T> load)
        where T : class
    {
        var map = node as YamlMappingNode ?? throw Error("Cannot create map from this type of node.");
        var result = new Dictionary<string, T?>();
        for (var i = 0; i < map.Children.Count; i++)
        {
            var pair = map.Children[i];
            var key = KeyOf(pair.Key);
            T? value;
            Push(key);
            try
            {
                value = pair.Value is YamlMappingNode ? load(this, pair.Value) : null;
            }
            finally
            {
                Pop();
            }

            result.Add(key, value);
        }

        return result;
    }

    /// <summary>A components map: each entry that is not itself a reference gets a reference to its own key.</summary>
    private Dictionary<string, T> ComponentsOf<T>(YamlNode node, ReferenceType type, Func<OpenApiTreeReader, YamlNode, T> load)
        where T : class, IOpenApiReferenceable
    {
        var map = node as YamlMappingNode ?? throw Error("Cannot create map from this reference.");
        var result = new Dictionary<string, T>();
        for (var i = 0; i < map.Children.Count; i++)
        {
            var pair = map.Children[i];
            var key = KeyOf(pair.Key);
            T value;
            Push(key);
            try
            {
                // The library casts here: a component that is not a map ends the whole read with this exception.
                value = load(this, (YamlMappingNode)pair.Value);
                value.Reference ??= new OpenApiReference { Type = type, Id = key };
            }
            finally
            {
                Pop();
            }

            result.Add(key, value);
        }

        return result;
    }

    private Dictionary<string, T> ScalarMapOf<T>(YamlNode node, Func<OpenApiTreeReader, YamlNode, T> load)
    {
        var map = node as YamlMappingNode ?? throw Error("Cannot create simple map from this type of node.");
        var result = new Dictionary<string, T>();
        for (var i = 0; i < map.Children.Count; i++)
        {
            var pair = map.Children[i];
            var key = KeyOf(pair.Key);
            T value;
            Push(key);
            try
            {
                if (pair.Value is not YamlScalarNode)
                {
                    throw Error("Expected scalar while parsing " + typeof(T).Name);
                }

                value = load(this, pair.Value);
            }
            finally
            {
                Pop();
            }

            result.Add(key, value);
        }

        return result;
    }

    private List<T> ListOf<T>(YamlNode node, Func<OpenApiTreeReader, YamlNode, T> load)
    {
        var sequence = node as YamlSequenceNode ?? throw Error("Cannot create list from this type of node.");
        var result = new List<T>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            if (item is not YamlMappingNode)
            {
                throw Error("Expected map.");
            }

            result.Add(load(this, item));
        }

        return result;
    }

    private List<string> ScalarListOf(YamlNode node)
    {
        var sequence = node as YamlSequenceNode ?? throw Error("Cannot create simple list from this type of node.");
        var result = new List<string>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            result.Add(item is YamlScalarNode scalar ? scalar.Value! : throw ErrorAtLine("Expected a value.", item));
        }

        return result;
    }

    // ---- untyped values: strings first, typed later from the schema (OpenApiValueTyping) ----

    private IOpenApiAny Any(YamlNode node, uint depth = 0)
    {
        if (depth >= _maxDepth)
        {
            throw Error("The document exceeds the maximum supported nesting depth of " + _maxDepth.ToString(CultureInfo.CurrentCulture) + ".");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new OpenApiObject();
                for (var i = 0; i < mapping.Children.Count; i++)
                {
                    var pair = mapping.Children[i];
                    obj.Add(KeyOf(pair.Key), Any(pair.Value, depth + 1));
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new OpenApiArray();
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var item = sequence.Children[i];
                    array.Add(Any(item, depth + 1));
                }

                return array;
            case YamlScalarNode scalar:
                var style = scalar.Style;
                var isExplicit = style == ScalarStyle.SingleQuoted || style == ScalarStyle.DoubleQuoted || style == ScalarStyle.Literal || style == ScalarStyle.Folded;
                return new OpenApiString(scalar.Value, isExplicit);
            default:
                // The library wraps a node of another kind as a value of nothing, which names line 0.
                throw new OpenApiReaderException("Expected a value.") { Pointer = "#line=0" };
        }
    }

    private List<IOpenApiAny> AnyListOf(YamlNode node)
    {
        var sequence = node as YamlSequenceNode ?? throw Error("Cannot create a list from this type of node.");
        var result = new List<IOpenApiAny>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            result.Add(Any(item));
        }

        return result;
    }

    private IOpenApiExtension Extension(string name, YamlNode node)
    {
        if (_settings.ExtensionParsers is { } parsers && parsers.TryGetValue(name, out var parser)
            && parser(OpenApiValueTyping.Typed(Any(node), null), OpenApiSpecVersion.OpenApi3_0) is { } parsed)
        {
            return parsed;
        }

        return OpenApiValueTyping.Typed(Any(node), null)!;
    }

    private bool ExtensionField<T>(T target, string name, YamlNode value)
        where T : IOpenApiExtensible
    {
        if (!IsExtensionName(name))
        {
            return false;
        }

        target.AddExtension(name, Extension(name, value));
        return true;
    }

    /// <summary>
    /// The library tests prefixes with culture-sensitive <c>StartsWith</c>; for printable ASCII that is the ordinal test,
    /// anything else takes the library's own comparison.
    /// </summary>
    private static bool StartsWithAsLibrary(string text, string prefix)
    {
        foreach (var c in text)
        {
            if (c < ' ' || c > '~')
            {
                return text.StartsWith(prefix, StringComparison.CurrentCulture);
            }
        }

        return text.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static bool IsExtensionName(string name) => StartsWithAsLibrary(name, "x-");

    // ---- references ----

    private T Placeholder<T>(ReferenceType type, string reference)
        where T : IOpenApiReferenceable, new() =>
        new T { UnresolvedReference = true, Reference = ReferenceTo(reference, type) };

    /// <summary>A referenceable object as the library reads one: a placeholder for a <c>$ref</c>, else its fields.</summary>
    private T Referenceable<T>(YamlNode node, string kind, ReferenceType type, FieldReader<T> field)
        where T : IOpenApiReferenceable, new()
    {
        var map = Map(node, kind);
        if (ReferenceOf(map) is { } reference)
        {
            return Placeholder<T>(type, reference);
        }

        var target = new T();
        Fields(map, target, field);
        return target;
    }

    /// <summary>The library's V3 reference parsing, with its error texts and its quirks (e.g. a deep local pointer).</summary>
    private OpenApiReference ReferenceTo(string reference, ReferenceType? type)
    {
        if (!string.IsNullOrWhiteSpace(reference))
        {
            var parts = reference.Split('#');
            if (parts.Length == 1)
            {
                return type == ReferenceType.SecurityScheme || type == ReferenceType.Tag
                    ? new OpenApiReference { Type = type, Id = reference }
                    : new OpenApiReference { Type = type, ExternalResource = parts[0] };
            }

            if (parts.Length == 2)
            {
                if (StartsWithAsLibrary(reference, "#"))
                {
                    try
                    {
                        return LocalReference(parts[1]);
                    }
                    catch (OpenApiException ex)
                    {
                        _diagnostic.Errors.Add(new OpenApiError(ex));
                    }
                }

                var id = parts[1];
                var result = new OpenApiReference();
                if (StartsWithAsLibrary(id, "/components/"))
                {
                    var segments = parts[1].Split('/');
                    var named = OpenApiEnumNames.ToReferenceType(segments[2]);
                    if (!type.HasValue)
                    {
                        type = named;
                    }
                    else if (type != named)
                    {
                        throw new OpenApiException("Referenced type mismatch");
                    }

                    id = segments[3];
                }
                else if (StartsWithAsLibrary(id, "/paths/"))
                {
                    var segments = parts[1].Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
                    if (segments.Length != 2)
                    {
                        throw new OpenApiException("Referenced Path mismatch");
                    }

                    id = segments[1].Replace("~1", "/");
                }
                else
                {
                    result.IsFragrament = true;
                }

                result.ExternalResource = parts[0];
                result.Type = type;
                result.Id = id;
                return result;
            }
        }

        throw new OpenApiException(InvalidFormat(reference));
    }

    private static OpenApiReference LocalReference(string pointer)
    {
        if (string.IsNullOrWhiteSpace(pointer))
        {
            throw new ArgumentException("The argument 'localReference' is null, empty or consists only of white-space.");
        }

        var segments = pointer.Split('/');
        if (segments.Length == 4 && segments[1] == "components")
        {
            return new OpenApiReference { Type = OpenApiEnumNames.ToReferenceType(segments[2]), Id = segments[3] };
        }

        throw new OpenApiException(InvalidFormat(pointer));
    }

    private static string InvalidFormat(string reference) => "The reference string '" + reference + "' has invalid format.";

    // ---- the document ----

    private OpenApiDocument LoadDocument(YamlMappingNode root)
    {
        var document = new OpenApiDocument();
        Fields(root, document, DocumentField);
        return document;
    }

    private static readonly FieldReader<OpenApiDocument> DocumentField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "openapi": return true;
            case "info": o.Info = r.LoadInfo(n); return true;
            case "servers": o.Servers = r.ListOf(n, LoadServer); return true;
            case "paths": o.Paths = r.LoadPaths(n); return true;
            case "components": o.Components = r.LoadComponents(n); return true;
            case "tags":
                o.Tags = r.ListOf(n, LoadTag);
                foreach (var tag in o.Tags)
                {
                    tag.Reference = new OpenApiReference { Id = tag.Name, Type = ReferenceType.Tag };
                }

                return true;
            case "externalDocs": o.ExternalDocs = r.LoadExternalDocs(n); return true;
            case "security": o.SecurityRequirements = r.ListOf(n, LoadSecurityRequirement); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private OpenApiInfo LoadInfo(YamlNode node)
    {
        var map = Map(node, "Info");
        var info = new OpenApiInfo();
        Fields(map, info, InfoField);
        return info;
    }

    private static readonly FieldReader<OpenApiInfo> InfoField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "title": o.Title = r.Scalar(n); return true;
            case "version": o.Version = r.Scalar(n); return true;
            case "description": o.Description = r.Scalar(n); return true;
            case "termsOfService": o.TermsOfService = r.Url(n); return true;
            case "contact": o.Contact = r.LoadContact(n); return true;
            case "license": o.License = r.LoadLicense(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    /// <summary>The library reads a contact that is not a map as an empty one, without a word.</summary>
    private OpenApiContact LoadContact(YamlNode node)
    {
        var contact = new OpenApiContact();
        if (node is YamlMappingNode map)
        {
            Fields(map, contact, ContactField);
        }

        return contact;
    }

    private static readonly FieldReader<OpenApiContact> ContactField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "name": o.Name = r.Scalar(n); return true;
            case "email": o.Email = r.Scalar(n); return true;
            case "url": o.Url = r.Url(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private OpenApiLicense LoadLicense(YamlNode node)
    {
        var map = Map(node, "License");
        var license = new OpenApiLicense();
        Fields(map, license, LicenseField);
        return license;
    }

    private static readonly FieldReader<OpenApiLicense> LicenseField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "name": o.Name = r.Scalar(n); return true;
            case "url": o.Url = r.Url(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private static OpenApiServer LoadServer(OpenApiTreeReader r, YamlNode node)
    {
        var map = r.Map(node, "server");
        var server = new OpenApiServer();
        r.Fields(map, server, ServerField);
        return server;
    }

    private static readonly FieldReader<OpenApiServer> ServerField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "url": o.Url = r.Scalar(n); return true;
            case "description": o.Description = r.Scalar(n); return true;
            case "variables": o.Variables = r.MapOf(n, LoadServerVariable)!; return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private static OpenApiServerVariable LoadServerVariable(OpenApiTreeReader r, YamlNode node)
    {
        var map = r.Map(node, "serverVariable");
        var variable = new OpenApiServerVariable();
        r.Fields(map, variable, ServerVariableField);
        return variable;
    }

    private static readonly FieldReader<OpenApiServerVariable> ServerVariableField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "enum": o.Enum = r.ScalarListOf(n); return true;
            case "default": o.Default = r.Scalar(n); return true;
            case "description": o.Description = r.Scalar(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private OpenApiPaths LoadPaths(YamlNode node)
    {
        var map = Map(node, "Paths");
        var paths = new OpenApiPaths();
        Fields(map, paths, PathsField);
        return paths;
    }

    private static readonly FieldReader<OpenApiPaths> PathsField = (r, o, name, n) =>
    {
        if (StartsWithAsLibrary(name, "/"))
        {
            o.Add(name, LoadPathItem(r, n));
            return true;
        }

        return r.ExtensionField(o, name, n);
    };

    private static OpenApiPathItem LoadPathItem(OpenApiTreeReader r, YamlNode node) =>
        r.Referenceable(node, "PathItem", ReferenceType.Path, PathItemField);

    private static readonly FieldReader<OpenApiPathItem> PathItemField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "$ref":
                o.Reference = new OpenApiReference { ExternalResource = r.Scalar(n) };
                o.UnresolvedReference = true;
                return true;
            case "summary": o.Summary = r.Scalar(n); return true;
            case "description": o.Description = r.Scalar(n); return true;
            case "get": o.AddOperation(OperationType.Get, r.LoadOperation(n)); return true;
            case "put": o.AddOperation(OperationType.Put, r.LoadOperation(n)); return true;
            case "post": o.AddOperation(OperationType.Post, r.LoadOperation(n)); return true;
            case "delete": o.AddOperation(OperationType.Delete, r.LoadOperation(n)); return true;
            case "options": o.AddOperation(OperationType.Options, r.LoadOperation(n)); return true;
            case "head": o.AddOperation(OperationType.Head, r.LoadOperation(n)); return true;
            case "patch": o.AddOperation(OperationType.Patch, r.LoadOperation(n)); return true;
            case "trace": o.AddOperation(OperationType.Trace, r.LoadOperation(n)); return true;
            case "servers": o.Servers = r.ListOf(n, LoadServer); return true;
            case "parameters": o.Parameters = r.ListOf(n, LoadParameter); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private OpenApiOperation LoadOperation(YamlNode node)
    {
        var map = Map(node, "Operation");
        var operation = new OpenApiOperation();
        Fields(map, operation, OperationField);
        return operation;
    }

    private static readonly FieldReader<OpenApiOperation> OperationField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "tags":
                o.Tags = r.ScalarListOf(n)
                    .Select(tag => new OpenApiTag { UnresolvedReference = true, Reference = new OpenApiReference { Type = ReferenceType.Tag, Id = tag } })
                    .ToList();
                return true;
            case "summary": o.Summary = r.Scalar(n); return true;
            case "description": o.Description = r.Scalar(n); return true;
            case "externalDocs": o.ExternalDocs = r.LoadExternalDocs(n); return true;
            case "operationId": o.OperationId = r.Scalar(n); return true;
            case "parameters": o.Parameters = r.ListOf(n, LoadParameter); return true;
            case "requestBody": o.RequestBody = LoadRequestBody(r, n); return true;
            case "responses": o.Responses = r.LoadResponses(n); return true;
            case "callbacks": o.Callbacks = r.MapOf(n, LoadCallback)!; return true;
            case "deprecated": o.Deprecated = r.Bool(n); return true;
            case "security": o.Security = r.ListOf(n, LoadSecurityRequirement); return true;
            case "servers": o.Servers = r.ListOf(n, LoadServer); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private OpenApiExternalDocs LoadExternalDocs(YamlNode node)
    {
        var map = Map(node, "externalDocs");
        var docs = new OpenApiExternalDocs();
        Fields(map, docs, ExternalDocsField);
        return docs;
    }

    private static readonly FieldReader<OpenApiExternalDocs> ExternalDocsField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "description": o.Description = r.Scalar(n); return true;
            case "url": o.Url = r.Url(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private static OpenApiTag LoadTag(OpenApiTreeReader r, YamlNode node)
    {
        var map = r.Map(node, "tag");
        var tag = new OpenApiTag();
        r.Fields(map, tag, TagField);
        return tag;
    }

    private static readonly FieldReader<OpenApiTag> TagField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "name": o.Name = r.Scalar(n); return true;
            case "description": o.Description = r.Scalar(n); return true;
            case "externalDocs": o.ExternalDocs = r.LoadExternalDocs(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private static OpenApiSecurityRequirement LoadSecurityRequirement(OpenApiTreeReader r, YamlNode node)
    {
        var map = r.Map(node, "security");
        var requirement = new OpenApiSecurityRequirement();
        for (var i = 0; i < map.Children.Count; i++)
        {
            var pair = map.Children[i];
            var name = KeyOf(pair.Key);
            var scheme = new OpenApiSecurityScheme
            {
                UnresolvedReference = true,
                Reference = new OpenApiReference { Id = name, Type = ReferenceType.SecurityScheme },
            };
            requirement.Add(scheme, r.ScalarListOf(pair.Value));
        }

        return requirement;
    }

    private OpenApiComponents LoadComponents(YamlNode node)
    {
        var map = Map(node, "components");
        var components = new OpenApiComponents();
        Fields(map, components, ComponentsField);
        return components;
    }

    private static readonly FieldReader<OpenApiComponents> ComponentsField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "schemas": o.Schemas = r.ComponentsOf(n, ReferenceType.Schema, LoadSchema); return true;
            case "responses": o.Responses = r.ComponentsOf(n, ReferenceType.Response, LoadResponse); return true;
            case "parameters": o.Parameters = r.ComponentsOf(n, ReferenceType.Parameter, LoadParameter); return true;
            case "examples": o.Examples = r.ComponentsOf(n, ReferenceType.Example, LoadExample); return true;
            case "requestBodies": o.RequestBodies = r.ComponentsOf(n, ReferenceType.RequestBody, LoadRequestBody); return true;
            case "headers": o.Headers = r.ComponentsOf(n, ReferenceType.Header, LoadHeader); return true;
            case "securitySchemes": o.SecuritySchemes = r.ComponentsOf(n, ReferenceType.SecurityScheme, LoadSecurityScheme); return true;
            case "links": o.Links = r.ComponentsOf(n, ReferenceType.Link, LoadLink); return true;
            case "callbacks": o.Callbacks = r.ComponentsOf(n, ReferenceType.Callback, LoadCallback); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private static OpenApiCallback LoadCallback(OpenApiTreeReader r, YamlNode node) =>
        r.Referenceable(node, "callback", ReferenceType.Callback, CallbackField);

    private static readonly FieldReader<OpenApiCallback> CallbackField = (r, o, name, n) =>
    {
        if (IsExtensionName(name))
        {
            o.AddExtension(name, r.Extension(name, n));
        }
        else
        {
            var expression = RuntimeExpression.Build(name);
            o.AddPathItem(expression, LoadPathItem(r, n));
        }

        return true;
    };

    private static OpenApiParameter LoadParameter(OpenApiTreeReader r, YamlNode node)
    {
        var map = r.Map(node, "parameter");
        if (ReferenceOf(map) is { } reference)
        {
            return r.Placeholder<OpenApiParameter>(ReferenceType.Parameter, reference);
        }

        var parameter = new OpenApiParameter();
        r.Fields(map, parameter, ParameterField);
        parameter.Example = OpenApiValueTyping.Typed(parameter.Example, parameter.Schema);
        r.TypeExamples(parameter.Examples, parameter.Schema);
        return parameter;
    }

    private static readonly FieldReader<OpenApiParameter> ParameterField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "name": o.Name = r.Scalar(n); return true;
            case "in": o.In = OpenApiEnumNames.ToParameterLocationOrNull(r.Scalar(n)); return true;
            case "description": o.Description = r.Scalar(n); return true;
            case "required": o.Required = r.Bool(n); return true;
            case "deprecated": o.Deprecated = r.Bool(n); return true;
            case "allowEmptyValue": o.AllowEmptyValue = r.Bool(n); return true;
            case "allowReserved": o.AllowReserved = r.Bool(n); return true;
            case "style": o.Style = OpenApiEnumNames.ToParameterStyle(r.Scalar(n)); return true;
            case "explode": o.Explode = r.Bool(n); return true;
            case "schema": o.Schema = LoadSchema(r, n); return true;
            case "content": o.Content = r.MapOf(n, LoadMediaType)!; return true;
            case "examples": o.Examples = r.MapOf(n, LoadExample)!; return true;
            case "example": o.Example = r.Any(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    /// <summary>
    /// The library's after-pass over an object's <c>examples</c>. It pushes each example's key onto its location stack
    /// and pops only one: the stray segments stay and show in every later pointer, so they are kept here too.
    /// </summary>
    private void TypeExamples(IDictionary<string, OpenApiExample> examples, OpenApiSchema? schema)
    {
        Push("examples");
        try
        {
            foreach (var pair in examples)
            {
                Push(pair.Key);
                if (pair.Value is not null)
                {
                    pair.Value.Value = OpenApiValueTyping.Typed(pair.Value.Value, schema);
                }
            }
        }
        finally
        {
            Pop();
        }
    }

    private static OpenApiRequestBody LoadRequestBody(OpenApiTreeReader r, YamlNode node) =>
        r.Referenceable(node, "requestBody", ReferenceType.RequestBody, RequestBodyField);

    private static readonly FieldReader<OpenApiRequestBody> RequestBodyField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "description": o.Description = r.Scalar(n); return true;
            case "content": o.Content = r.MapOf(n, LoadMediaType)!; return true;
            case "required": o.Required = r.Bool(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private OpenApiResponses LoadResponses(YamlNode node)
    {
        var map = Map(node, "Responses");
        var responses = new OpenApiResponses();
        Fields(map, responses, ResponsesField);
        return responses;
    }

    private static readonly FieldReader<OpenApiResponses> ResponsesField = (r, o, name, n) =>
    {
        if (IsExtensionName(name))
        {
            o.AddExtension(name, r.Extension(name, n));
        }
        else
        {
            o.Add(name, LoadResponse(r, n));
        }

        return true;
    };

    private static OpenApiResponse LoadResponse(OpenApiTreeReader r, YamlNode node) =>
        r.Referenceable(node, "response", ReferenceType.Response, ResponseField);

    private static readonly FieldReader<OpenApiResponse> ResponseField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "description": o.Description = r.Scalar(n); return true;
            case "headers": o.Headers = r.MapOf(n, LoadHeader)!; return true;
            case "content": o.Content = r.MapOf(n, LoadMediaType)!; return true;
            case "links": o.Links = r.MapOf(n, LoadLink)!; return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private static OpenApiHeader LoadHeader(OpenApiTreeReader r, YamlNode node) =>
        r.Referenceable(node, "header", ReferenceType.Header, HeaderField);

    private static readonly FieldReader<OpenApiHeader> HeaderField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "description": o.Description = r.Scalar(n); return true;
            case "required": o.Required = r.Bool(n); return true;
            case "deprecated": o.Deprecated = r.Bool(n); return true;
            case "allowEmptyValue": o.AllowEmptyValue = r.Bool(n); return true;
            case "allowReserved": o.AllowReserved = r.Bool(n); return true;
            case "style": o.Style = OpenApiEnumNames.ToParameterStyle(r.Scalar(n)); return true;
            case "explode": o.Explode = r.Bool(n); return true;
            case "content": o.Content = r.MapOf(n, LoadMediaType)!; return true;
            case "schema": o.Schema = LoadSchema(r, n); return true;
            case "examples": o.Examples = r.MapOf(n, LoadExample)!; return true;
            case "example": o.Example = r.Any(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private static OpenApiMediaType LoadMediaType(OpenApiTreeReader r, YamlNode node)
    {
        var map = r.Map(node, "content");
        var media = new OpenApiMediaType();
        r.Fields(map, media, MediaTypeField);
        media.Example = OpenApiValueTyping.Typed(media.Example, media.Schema);
        r.TypeExamples(media.Examples, media.Schema);
        return media;
    }

    private static readonly FieldReader<OpenApiMediaType> MediaTypeField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "schema": o.Schema = LoadSchema(r, n); return true;
            case "examples": o.Examples = r.MapOf(n, LoadExample)!; return true;
            case "example": o.Example = r.Any(n); return true;
            case "encoding": o.Encoding = r.MapOf(n, LoadEncoding)!; return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private static OpenApiEncoding LoadEncoding(OpenApiTreeReader r, YamlNode node)
    {
        var map = r.Map(node, "encoding");
        var encoding = new OpenApiEncoding();
        r.Fields(map, encoding, EncodingField);
        return encoding;
    }

    private static readonly FieldReader<OpenApiEncoding> EncodingField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "contentType": o.ContentType = r.Scalar(n); return true;
            case "headers": o.Headers = r.MapOf(n, LoadHeader)!; return true;
            case "style": o.Style = OpenApiEnumNames.ToParameterStyle(r.Scalar(n)); return true;
            case "explode": o.Explode = r.Bool(n); return true;
            case "allowReserved": o.AllowReserved = r.Bool(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private static OpenApiExample LoadExample(OpenApiTreeReader r, YamlNode node) =>
        r.Referenceable(node, "example", ReferenceType.Example, ExampleField);

    private static readonly FieldReader<OpenApiExample> ExampleField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "summary": o.Summary = r.Scalar(n); return true;
            case "description": o.Description = r.Scalar(n); return true;
            case "value": o.Value = r.Any(n); return true;
            case "externalValue": o.ExternalValue = r.Scalar(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private static OpenApiLink LoadLink(OpenApiTreeReader r, YamlNode node) =>
        r.Referenceable(node, "link", ReferenceType.Link, LinkField);

    private static readonly FieldReader<OpenApiLink> LinkField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "operationRef": o.OperationRef = r.Scalar(n); return true;
            case "operationId": o.OperationId = r.Scalar(n); return true;
            case "parameters": o.Parameters = r.ScalarMapOf(n, LoadExpressionOrValue); return true;
            case "requestBody": o.RequestBody = LoadExpressionOrValue(r, n); return true;
            case "description": o.Description = r.Scalar(n); return true;
            case "server": o.Server = LoadServer(r, n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private static RuntimeExpressionAnyWrapper LoadExpressionOrValue(OpenApiTreeReader r, YamlNode node)
    {
        var value = r.Scalar(node);
        return value is not null && StartsWithAsLibrary(value, "$")
            ? new RuntimeExpressionAnyWrapper { Expression = RuntimeExpression.Build(value) }
            : new RuntimeExpressionAnyWrapper { Any = OpenApiValueTyping.Typed(r.Any(node), null) };
    }

    private static OpenApiSecurityScheme LoadSecurityScheme(OpenApiTreeReader r, YamlNode node) =>
        r.Referenceable(node, "securityScheme", ReferenceType.SecurityScheme, SecuritySchemeField);

    private static readonly FieldReader<OpenApiSecurityScheme> SecuritySchemeField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "type": o.Type = OpenApiEnumNames.ToSecuritySchemeType(r.Scalar(n)); return true;
            case "description": o.Description = r.Scalar(n); return true;
            case "name": o.Name = r.Scalar(n); return true;
            case "in": o.In = OpenApiEnumNames.ToParameterLocation(r.Scalar(n)); return true;
            case "scheme": o.Scheme = r.Scalar(n); return true;
            case "bearerFormat": o.BearerFormat = r.Scalar(n); return true;
            case "openIdConnectUrl": o.OpenIdConnectUrl = r.Url(n); return true;
            case "flows": o.Flows = r.LoadOAuthFlows(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private OpenApiOAuthFlows LoadOAuthFlows(YamlNode node)
    {
        var map = Map(node, "OAuthFlows");
        var flows = new OpenApiOAuthFlows();
        Fields(map, flows, OAuthFlowsField);
        return flows;
    }

    private static readonly FieldReader<OpenApiOAuthFlows> OAuthFlowsField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "implicit": o.Implicit = r.LoadOAuthFlow(n); return true;
            case "password": o.Password = r.LoadOAuthFlow(n); return true;
            case "clientCredentials": o.ClientCredentials = r.LoadOAuthFlow(n); return true;
            case "authorizationCode": o.AuthorizationCode = r.LoadOAuthFlow(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private OpenApiOAuthFlow LoadOAuthFlow(YamlNode node)
    {
        var map = Map(node, "OAuthFlow");
        var flow = new OpenApiOAuthFlow();
        Fields(map, flow, OAuthFlowField);
        return flow;
    }

    private static readonly FieldReader<OpenApiOAuthFlow> OAuthFlowField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "authorizationUrl": o.AuthorizationUrl = r.Url(n); return true;
            case "tokenUrl": o.TokenUrl = r.Url(n); return true;
            case "refreshUrl": o.RefreshUrl = r.Url(n); return true;
            case "scopes": o.Scopes = r.ScalarMapOf(n, (reader, value) => reader.Scalar(value)); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    // ---- schemas ----

    private static OpenApiSchema LoadSchema(OpenApiTreeReader r, YamlNode node)
    {
        var map = r.Map(node, "schema");
        if (ReferenceOf(map) is { } reference)
        {
            return new OpenApiSchema { UnresolvedReference = true, Reference = r.ReferenceTo(reference, ReferenceType.Schema) };
        }

        var schema = new OpenApiSchema();
        r.Fields(map, schema, SchemaField);

        // Typed only now, from the schema's final type, format, items and properties, as the library's after-pass does.
        schema.Default = OpenApiValueTyping.Typed(schema.Default, schema);
        schema.Example = OpenApiValueTyping.Typed(schema.Example, schema);
        if (schema.Enum.Count > 0)
        {
            var values = new List<IOpenApiAny>(schema.Enum.Count);
            foreach (var value in schema.Enum)
            {
                values.Add(OpenApiValueTyping.Typed(value, schema)!);
            }

            schema.Enum = values;
        }

        return schema;
    }

    private static readonly FieldReader<OpenApiSchema> SchemaField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "title": o.Title = r.Scalar(n); return true;
            case "multipleOf": o.MultipleOf = decimal.Parse(r.Scalar(n), NumberStyles.Float, CultureInfo.InvariantCulture); return true;
            case "maximum": o.Maximum = DecimalOr(r.Scalar(n), decimal.MaxValue); return true;
            case "exclusiveMaximum": o.ExclusiveMaximum = r.Bool(n); return true;
            case "minimum": o.Minimum = DecimalOr(r.Scalar(n), decimal.MinValue); return true;
            case "exclusiveMinimum": o.ExclusiveMinimum = r.Bool(n); return true;
            case "maxLength": o.MaxLength = r.Int(n); return true;
            case "minLength": o.MinLength = r.Int(n); return true;
            case "pattern": o.Pattern = r.Scalar(n); return true;
            case "maxItems": o.MaxItems = r.Int(n); return true;
            case "minItems": o.MinItems = r.Int(n); return true;
            case "uniqueItems": o.UniqueItems = r.Bool(n); return true;
            case "maxProperties": o.MaxProperties = r.Int(n); return true;
            case "minProperties": o.MinProperties = r.Int(n); return true;
            case "required": o.Required = new HashSet<string>(r.ScalarListOf(n)); return true;
            case "enum": o.Enum = r.AnyListOf(n); return true;
            case "type": o.Type = r.Scalar(n); return true;
            case "allOf": o.AllOf = r.ListOf(n, LoadSchema); return true;
            case "oneOf": o.OneOf = r.ListOf(n, LoadSchema); return true;
            case "anyOf": o.AnyOf = r.ListOf(n, LoadSchema); return true;
            case "not": o.Not = LoadSchema(r, n); return true;
            case "items": o.Items = LoadSchema(r, n); return true;
            case "properties": o.Properties = r.MapOf(n, LoadSchema)!; return true;
            case "additionalProperties":
                if (n is YamlScalarNode)
                {
                    o.AdditionalPropertiesAllowed = r.Bool(n);
                }
                else
                {
                    o.AdditionalProperties = LoadSchema(r, n);
                }

                return true;
            case "description": o.Description = r.Scalar(n); return true;
            case "format": o.Format = r.Scalar(n); return true;
            case "default": o.Default = r.Any(n); return true;
            case "nullable": o.Nullable = r.Bool(n); return true;
            case "discriminator": o.Discriminator = r.LoadDiscriminator(n); return true;
            case "readOnly": o.ReadOnly = r.Bool(n); return true;
            case "writeOnly": o.WriteOnly = r.Bool(n); return true;
            case "xml": o.Xml = r.LoadXml(n); return true;
            case "externalDocs": o.ExternalDocs = r.LoadExternalDocs(n); return true;
            case "example": o.Example = r.Any(n); return true;
            case "deprecated": o.Deprecated = r.Bool(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };

    private static decimal DecimalOr(string value, decimal onOverflow)
    {
        try
        {
            return decimal.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return onOverflow;
        }
    }

    private OpenApiDiscriminator LoadDiscriminator(YamlNode node)
    {
        var map = Map(node, "discriminator");
        var discriminator = new OpenApiDiscriminator();
        Fields(map, discriminator, DiscriminatorField);
        return discriminator;
    }

    private static readonly FieldReader<OpenApiDiscriminator> DiscriminatorField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "propertyName": o.PropertyName = r.Scalar(n); return true;
            case "mapping": o.Mapping = r.ScalarMapOf(n, (reader, value) => reader.Scalar(value)); return true;
            default: return false;
        }
    };

    private OpenApiXml LoadXml(YamlNode node)
    {
        var map = Map(node, "xml");
        var xml = new OpenApiXml();
        Fields(map, xml, XmlField);
        return xml;
    }

    private static readonly FieldReader<OpenApiXml> XmlField = (r, o, name, n) =>
    {
        switch (name)
        {
            case "name": o.Name = r.Scalar(n); return true;
            case "namespace": o.Namespace = new Uri(r.Scalar(n), UriKind.Absolute); return true;
            case "prefix": o.Prefix = r.Scalar(n); return true;
            case "attribute": o.Attribute = r.Bool(n); return true;
            case "wrapped": o.Wrapped = r.Bool(n); return true;
            default: return r.ExtensionField(o, name, n);
        }
    };
}
