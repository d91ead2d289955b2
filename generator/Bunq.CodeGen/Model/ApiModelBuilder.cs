using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Model.Conventions;
using Microsoft.OpenApi.Models;

namespace Bunq.CodeGen.Model
{
    /// <summary>
    /// The Model stage: puts back what bunq's spec leaves out (object-type keys, envelopes, result shapes,
    /// pagination, unions, tokens, signatures) and names everything in C# terms. Input is the loaded
    /// OpenApiDocument; output is the plain, equatable <see cref="ApiModel"/>.
    /// </summary>
    public static partial class ApiModelBuilder
    {
        private static readonly Regex OperationIdPattern = new Regex(
            "^(CREATE|READ|List_all|UPDATE|DELETE)_([A-Za-z0-9]+)(?:_for_([A-Za-z0-9_]+))?$", RegexOptions.CultureInvariant);

        private static readonly string[] SchemaSuffixes = { "Listing", "Read", "Create", "Update", "Delete" };

        private static readonly OperationType[] MethodOrder =
        {
            OperationType.Get, OperationType.Post, OperationType.Put, OperationType.Patch, OperationType.Delete,
            OperationType.Head, OperationType.Options, OperationType.Trace,
        };

        internal static ApiModel Build(OpenApiDocument document, string filePath, string? specText, Func<string, SpecLocation> locate, BunqConventions conventions, CancellationToken cancellationToken)
        {
            var builder = new Builder(document, filePath, RefSiblings.FromText(specText ?? ""), locate, conventions, cancellationToken);
            return builder.Run();
        }

        /// <summary>bunq's schema names carry the operation: PaymentRead, PaymentListing, PaymentCreate → Payment.</summary>
        internal static string Stem(string schemaName)
        {
            foreach (var suffix in SchemaSuffixes)
            {
                if (schemaName.Length > suffix.Length && schemaName.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return schemaName.Substring(0, schemaName.Length - suffix.Length);
                }
            }
            return schemaName;
        }

        internal static string EscapePointer(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

        private sealed class OperationDraft
        {
            public string OperationId = "";
            public bool HasBunqOperationId;
            public string Method = "";
            public string Path = "";
            public string Resource = "";
            public string[] Parents = Array.Empty<string>();
            public OperationKind Kind;
            public ResultShape Shape;
            public List<string> Keys = new List<string>();
            public List<ApiParameter> PathParameters = new List<ApiParameter>();
            public List<ApiParameter> QueryParameters = new List<ApiParameter>();
            public TypeDraft? Request;
            public TypeDraft? Response;
            public bool BinaryRequest;
            public TokenKind Token = TokenKind.Session;
            public bool Signature;
            public string Tag = "";
            public string? Summary;
            public string? Description;
            public string Pointer = "";
        }

        /// <summary>A type before names are final: identity decides merging, priority decides who keeps a contested name.</summary>
        private sealed class TypeDraft
        {
            public TypeDraft(string identity, string preferredName, TypeKind kind, TypeUsage usage, int priority)
            {
                Identity = identity;
                PreferredName = preferredName;
                Kind = kind;
                Usage = usage;
                Priority = priority;
            }

            public string Identity { get; }
            public string PreferredName { get; }
            public TypeKind Kind { get; }
            public TypeUsage Usage { get; }
            public int Priority { get; }
            public int Order;
            public string Name = "";
            public string SchemaName = "";
            public string? Description;
            public string Pointer = "";
            public readonly List<PropertyDraft> Properties = new List<PropertyDraft>();
            public readonly List<(string Key, TypeDraft Type)> Cases = new List<(string, TypeDraft)>();
            public readonly List<string> Values = new List<string>();
            /// <summary>The shape of each field as the merged schemas declare it, to tell a copy of the schema from a different one.</summary>
            public readonly Dictionary<string, string> FieldShapes = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        private sealed class PropertyDraft
        {
            public string JsonName = "";
            public TypeShape Type = TypeShape.Scalar(TypeRef.Json);
            public bool Required;
            public string? Description;
        }

        /// <summary>A property type whose model names are not allocated yet.</summary>
        private sealed class TypeShape
        {
            public TypeRef? ScalarRef;
            public TypeDraft? Model;
            public TypeShape? Element;

            public static TypeShape Scalar(TypeRef r) => new TypeShape { ScalarRef = r };

            public static TypeShape Of(TypeDraft d) => new TypeShape { Model = d };

            public static TypeShape ArrayOf(TypeShape e) => new TypeShape { Element = e };

            public TypeRef Resolve()
            {
                if (Model != null) return Model.Kind == TypeKind.Enum ? TypeRef.EnumOf(Model.Name) : TypeRef.Model(Model.Name);
                if (Element != null) return TypeRef.ArrayOf(Element.Resolve());
                return ScalarRef ?? TypeRef.Json;
            }
        }
    }
}

namespace Bunq.CodeGen.Model
{
    public static partial class ApiModelBuilder
    {
        /// <summary>
        /// Load + Model for one spec text: the model carries the Load stage's diagnostics too. Never throws
        /// for bad input (only <see cref="OperationCanceledException"/>); a spec that cannot be read yields
        /// an empty model with error diagnostics.
        /// </summary>
        public static ApiModel Build(string filePath, string specText, CancellationToken cancellationToken = default)
        {
            var load = Load.SpecLoader.Load(filePath, specText, cancellationToken);
            return Build(load, specText, cancellationToken);
        }

        /// <summary>The Model stage over a finished Load; <paramref name="specText"/> lets it recover bunq's $ref siblings.</summary>
        public static ApiModel Build(Load.LoadResult load, string? specText, CancellationToken cancellationToken = default)
            => Build(load, specText, BunqConventions.EmbeddedRead, cancellationToken);

        /// <summary>The same over a given table read (tests hand it a broken one).</summary>
        internal static ApiModel Build(Load.LoadResult load, string? specText, ConventionsReadResult conventions, CancellationToken cancellationToken)
        {
            var loadDiagnostics = load.Diagnostics;
            if (load.Document == null || load.HasErrors)
            {
                return new ApiModel("", "", EquatableArray<ApiResource>.Empty, EquatableArray<ApiType>.Empty, loadDiagnostics.ToEquatableArray());
            }
            if (conventions.Table is null)
            {
                return new ApiModel("", "", EquatableArray<ApiResource>.Empty, EquatableArray<ApiType>.Empty, loadDiagnostics.Concat(ConventionsErrors(conventions)).ToEquatableArray());
            }
            try
            {
                var model = Build(load.Document, load.FilePath, specText, load.SourceMap.Locate, conventions.Table, cancellationToken);
                return model with { Diagnostics = loadDiagnostics.Concat(model.Diagnostics).Distinct().ToEquatableArray() };
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                // A model bug must not take the user's build down: report it as the catalogue's internal error.
                var internalError = DiagnosticCatalog.Create(DiagnosticCatalog.InternalError, SpecLocation.Unknown(load.FilePath), "building the model", ex.GetType().Name + ": " + ex.Message);
                return new ApiModel("", "", EquatableArray<ApiResource>.Empty, EquatableArray<ApiType>.Empty, loadDiagnostics.Concat(new[] { internalError }).ToEquatableArray());
            }
        }

        internal static IEnumerable<SpecDiagnostic> ConventionsErrors(ConventionsReadResult read)
            => read.Errors.Select(e => DiagnosticCatalog.Create(
                DiagnosticCatalog.ConventionsTableInvalid, new SpecLocation(BunqConventions.EmbeddedFileName, e.Pointer, 0, 0), e.Pointer, e.Message));
    }
}
