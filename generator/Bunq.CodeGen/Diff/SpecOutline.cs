using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Bunq.CodeGen.Load;
using Bunq.CodeGen.Model;
using Bunq.CodeGen.Model.Conventions;

namespace Bunq.CodeGen.Diff;

/// <summary>
/// What the diff needs from a spec file beyond its <see cref="ApiModel"/>: which JSON pointers exist in that file (the
/// model writes OpenAPI 3 pointers, a Swagger 2.0 file keeps its schemas under <c>/definitions</c>), the line of a
/// pointer for annotations, and the raw schema → property names, because the model merges PaymentRead, PaymentListing
/// and Payment into one type and so hides a field dropped from just one of them.
/// </summary>
public sealed class SpecOutline
{
    private readonly Func<string, bool> _exists;
    private readonly Func<string, (int Line, int Column)> _position;

    public SpecOutline(string schemaBase, IReadOnlyDictionary<string, IReadOnlyList<string>> schemas, Func<string, bool> exists, Func<string, (int Line, int Column)>? position = null)
    {
        SchemaBase = schemaBase ?? throw new ArgumentNullException(nameof(schemaBase));
        Schemas = schemas ?? throw new ArgumentNullException(nameof(schemas));
        _exists = exists ?? throw new ArgumentNullException(nameof(exists));
        _position = position ?? (_ => (0, 0));
        var byModelName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var schema in schemas.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            var name = ModelName(schema);
            if (!byModelName.TryGetValue(name, out var raw)) byModelName.Add(name, raw = new List<string>());
            raw.Add(schema);
        }
        _byModelName = byModelName;
    }

    private readonly Dictionary<string, List<string>> _byModelName;

    /// <summary><c>/components/schemas/</c> or, for Swagger 2.0, <c>/definitions/</c>.</summary>
    public string SchemaBase { get; }

    /// <summary>Schema name → its property names, as the file declares them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Schemas { get; }

    /// <summary>Every name the model gives this file's schemas (see <see cref="ModelName"/>).</summary>
    public IEnumerable<string> ModelNames => _byModelName.Keys;

    /// <summary>
    /// The file's schemas the model knows by <paramref name="modelName"/>, in ordinal order: one, or none, except in
    /// the 2018 specs, which also keep hashed copies (<c>Card</c> the request, <c>Card_5be1d7ce018a8</c> the read shape).
    /// </summary>
    public IReadOnlyList<string> SchemasNamed(string modelName) =>
        _byModelName.TryGetValue(modelName, out var raw) ? raw : (IReadOnlyList<string>)Array.Empty<string>();

    /// <summary>
    /// The name the model knows a schema by: without the build hash of the 2018 specs (<c>MonetaryAccountBank_5aec7a7717a55</c>
    /// → <c>MonetaryAccountBank</c>), by the conventions table's <c>model.schemaNameSuffix</c>, the rule the model applies.
    /// A hash is no part of bunq's object type, so schemas that differ only by it are one schema to compare.
    /// </summary>
    public static string ModelName(string schemaName) => Naming?.WithoutSchemaSuffix(schemaName) ?? schemaName;

    // A broken table builds no model, and then no outline is compared; the raw name is as good as any.
    private static ModelFacts? Naming => BunqConventions.EmbeddedRead.Table?.Facts.Model;

    public bool Exists(string pointer) => _exists(pointer);

    /// <summary>
    /// 1-based line and column of the pointer in the file, (0, 0) when unknown. The column matters: bunq publishes
    /// its spec as one line of JSON, so the line alone always says 1.
    /// </summary>
    public (int Line, int Column) PositionOf(string pointer) => _position(pointer);

    public string SchemaPointer(string schemaName) => SchemaBase + ApiModelBuilder.EscapePointer(schemaName);

    public static SpecOutline FromLoad(LoadResult load)
    {
        if (load is null) throw new ArgumentNullException(nameof(load));
        var map = load.SourceMap;
        var schemas = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var components = load.Document?.Components?.Schemas;
        if (components != null)
        {
            foreach (var pair in components)
            {
                var names = pair.Value?.Properties?.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray() ?? Array.Empty<string>();
                schemas[pair.Key] = names;
            }
        }
        // The reader turns Swagger 2.0 definitions into components; the file itself still says /definitions.
        var schemaBase = !map.Contains("/components/schemas") && map.Contains("/definitions") ? "/definitions/" : "/components/schemas/";
        return new SpecOutline(schemaBase, schemas, map.Contains, p =>
        {
            var location = map.Locate(p);
            return (location.Line, location.Column);
        });
    }
}

/// <summary>One spec as the diff sees it: its model, and (when the file is at hand) its outline.</summary>
public sealed class DiffSide
{
    public DiffSide(string filePath, ApiModel model, SpecOutline? outline = null, bool isFiltered = false)
    {
        FilePath = filePath ?? "";
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Outline = outline;
        IsFiltered = isFiltered;
    }

    public string FilePath { get; }

    public ApiModel Model { get; }

    public SpecOutline? Outline { get; }

    /// <summary>
    /// The model is a generated subset (--include/--exclude, BunqInclude/BunqExclude). Then schema findings that no
    /// generated type reads are left out: they say nothing about the code this user compiles.
    /// </summary>
    public bool IsFiltered { get; }

    /// <summary>The same spec seen through the include/exclude filter that <c>generate</c> and the source generator apply.</summary>
    public DiffSide Filtered(ModelFilterOptions filter)
    {
        if (filter is null) throw new ArgumentNullException(nameof(filter));
        if (filter.IsEmpty) return this;
        return new DiffSide(FilePath, ModelFilter.Apply(Model, filter), Outline, isFiltered: true);
    }

    /// <summary>Load and model a spec once, keeping the outline. Never throws for bad input; check <c>Model.HasErrors</c>.</summary>
    public static DiffSide Load(string filePath, string text, CancellationToken cancellationToken = default)
    {
        var load = SpecLoader.Load(filePath, text, cancellationToken);
        var model = ApiModelBuilder.Build(load, text, cancellationToken);
        return new DiffSide(filePath, model, model.HasErrors ? null : SpecOutline.FromLoad(load));
    }
}
