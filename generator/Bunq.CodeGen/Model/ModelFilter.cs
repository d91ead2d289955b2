using System;
using System.Collections.Generic;
using System.Linq;
using Bunq.CodeGen.Diagnostics;
using Bunq.CodeGen.Model.Conventions;

namespace Bunq.CodeGen.Model;

/// <summary>
/// Which operations of the spec to generate. Each entry is a tag (<c>payment</c>), a resource name
/// (<c>Payment</c> or <c>Payments</c>), or a path prefix starting with '/' (<c>/user/{}/monetary-account/{}/payment</c>;
/// any <c>{…}</c> segment matches any other <c>{…}</c> segment, and a prefix matches whole segments only).
/// Names compare case-insensitively. An empty include list means "everything".
/// </summary>
public sealed record ModelFilterOptions(EquatableArray<string> Include, EquatableArray<string> Exclude)
{
    public static readonly ModelFilterOptions None = new ModelFilterOptions(EquatableArray<string>.Empty, EquatableArray<string>.Empty);

    public bool IsEmpty => Include.Count == 0 && Exclude.Count == 0;

    /// <summary>
    /// Parses the MSBuild/command-line form. ';' is MSBuild's list separator, but the source generator receives
    /// properties through an .editorconfig where ';' starts a comment, so its targets turn ';' into ',': both are
    /// accepted here, with surrounding whitespace and empty entries ignored.
    /// </summary>
    public static ModelFilterOptions Parse(string? include, string? exclude) => new ModelFilterOptions(Split(include), Split(exclude));

    public static EquatableArray<string> Split(string? list)
    {
        if (string.IsNullOrWhiteSpace(list)) return EquatableArray<string>.Empty;
        return list!.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Trim())
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToEquatableArray();
    }
}

/// <summary>
/// The include/exclude filter shared by the source generator and <c>bunq-codegen generate</c>, so both hosts
/// generate the same subset. It drops operations (and resources left empty), then keeps only the types still
/// reachable from what remains, plus the conventions table's own types (NotificationUrl and friends: callbacks
/// and sandbox answers are read by the user's code, not reached from an operation).
/// </summary>
public static class ModelFilter
{
    /// <summary>
    /// The filtered model. Entries that match no operation at all are reported as warnings (a typo would
    /// otherwise silently give an empty client); the model's own diagnostics are kept.
    /// </summary>
    public static ApiModel Apply(ApiModel model, ModelFilterOptions options)
    {
        if (model is null) throw new ArgumentNullException(nameof(model));
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.IsEmpty || model.HasErrors) return model;

        var include = options.Include.Select(Entry.Parse).ToList();
        var exclude = options.Exclude.Select(Entry.Parse).ToList();
        var matched = new HashSet<Entry>();

        var resources = new List<ApiResource>();
        foreach (var resource in model.Resources)
        {
            var kept = new List<ApiOperation>();
            foreach (var op in resource.Operations)
            {
                var included = include.Count == 0;
                foreach (var entry in include)
                {
                    if (!entry.Matches(resource, op)) continue;
                    matched.Add(entry);
                    included = true;
                }
                var excluded = false;
                foreach (var entry in exclude)
                {
                    if (!entry.Matches(resource, op)) continue;
                    matched.Add(entry);
                    excluded = true;
                }
                if (included && !excluded) kept.Add(op);
            }
            if (kept.Count == resource.Operations.Count) resources.Add(resource);
            else if (kept.Count > 0) resources.Add(resource with { Operations = kept.ToEquatableArray() });
        }

        var types = ReachableTypes(model.Types, resources);
        var diagnostics = model.Diagnostics.ToList();
        foreach (var entry in include.Concat(exclude).Distinct())
        {
            if (matched.Contains(entry)) continue;
            diagnostics.Add(DiagnosticCatalog.Create(
                DiagnosticCatalog.FilterEntryMatchesNothing, SpecLocation.Unknown(FilePathOf(model)), entry.Text));
        }
        return model with
        {
            Resources = resources.ToEquatableArray(),
            Types = types,
            Diagnostics = diagnostics.ToEquatableArray(),
        };
    }

    // The filter has no file of its own; its findings point at the spec the model came from.
    private static string FilePathOf(ApiModel model)
    {
        foreach (var d in model.Diagnostics)
        {
            if (d.Location.FilePath.Length > 0) return d.Location.FilePath;
        }
        return "";
    }

    private static EquatableArray<ApiType> ReachableTypes(EquatableArray<ApiType> all, List<ApiResource> resources)
    {
        var byName = new Dictionary<string, ApiType>(StringComparer.Ordinal);
        foreach (var type in all) byName[type.Name] = type;

        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        void Reach(string? name)
        {
            if (name is not null && byName.ContainsKey(name) && reached.Add(name)) pending.Push(name);
        }

        // A broken table builds an empty model (BUNQ0025), so there is nothing to reach and no table to ask.
        foreach (var conventionType in BunqConventions.EmbeddedRead.Table?.Types ?? System.Array.Empty<ConventionType>()) Reach(conventionType.Name);
        foreach (var op in resources.SelectMany(r => r.Operations))
        {
            Reach(op.RequestType);
            Reach(op.ResponseType);
        }
        while (pending.Count > 0)
        {
            var type = byName[pending.Pop()];
            foreach (var property in type.Properties)
            {
                for (var t = property.Type; t is not null; t = t.Element) Reach(t.ModelName);
            }
            foreach (var c in type.Cases) Reach(c.TypeName);
        }
        // Keep the model's order: the emitter's output order (and so the tool's file list) follows it.
        return all.Where(t => reached.Contains(t.Name)).ToEquatableArray();
    }

    private sealed class Entry : IEquatable<Entry>
    {
        private readonly string[]? _segments;

        private Entry(string text, string[]? segments)
        {
            Text = text;
            _segments = segments;
        }

        public string Text { get; }

        public static Entry Parse(string text)
            => new Entry(text, text.StartsWith("/", StringComparison.Ordinal) ? Segments(text) : null);

        public bool Matches(ApiResource resource, ApiOperation op)
        {
            if (_segments is null)
            {
                return string.Equals(Text, op.Tag, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(Text, resource.Name, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(Text, resource.PropertyName, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(Text, resource.ClassName, StringComparison.OrdinalIgnoreCase);
            }
            var path = Segments(op.Path);
            if (path.Length < _segments.Length) return false;
            for (var i = 0; i < _segments.Length; i++)
            {
                if (IsPlaceholder(_segments[i]) && IsPlaceholder(path[i])) continue;
                if (!string.Equals(_segments[i], path[i], StringComparison.OrdinalIgnoreCase)) return false;
            }
            return true;
        }

        private static string[] Segments(string path) => path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);

        private static bool IsPlaceholder(string segment)
            => segment.Length >= 2 && segment[0] == '{' && segment[segment.Length - 1] == '}';

        public bool Equals(Entry? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as Entry);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);
    }
}
