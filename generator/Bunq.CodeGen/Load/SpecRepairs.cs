using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SharpYaml;
using SharpYaml.Serialization;

namespace Bunq.CodeGen.Load;

/// <summary>
/// Repairs of <c>$ref</c>s that Microsoft.OpenApi.Readers 1.6 refuses or cannot follow, applied to the node tree of an
/// OpenAPI 3 document before the reader sees it. The reader only follows <c>#/components/{section}/{name}</c> of the
/// section its position expects; anything else it reports without a pointer ("Invalid Reference Type 'Header'",
/// "The reference string '…' has invalid format") and drops what the reference stood for. Here every <c>$ref</c> is
/// seen at its place, with the kind of object that place expects, so each repair is located at its <c>$ref</c>:
/// <list type="bullet">
/// <item>a reference into another place (a path, another component's inside) or to a component of another section
/// whose object fits the expected kind is pointed at a copy under the expected section;</item>
/// <item>a reference to nothing becomes raw JSON (a schema), a response without content, a raw-JSON request body,
/// or is left out (parameters, headers, examples, links, callbacks), and is reported;</item>
/// <item>what cannot be read as the expected kind is reported as an error at the <c>$ref</c>;</item>
/// <item>so is a reference to the document, to one of its maps of objects, or to an object of another kind that holds
/// the <c>$ref</c>, and its place is read as if it named nothing: a repair attaches the target node itself, never a
/// copy, so following one would make the tree contain itself.</item>
/// </list>
/// Nothing changes silently: the caller reports every entry of <see cref="Outcome"/>.
/// </summary>
internal static class SpecRepairs
{
    /// <summary>Marks a schema whose <c>$ref</c> named nothing; the Model reads such a schema as raw JSON.</summary>
    public const string UnresolvedReferenceExtension = "x-bunq-unresolved-ref";

    internal enum ObjectKind
    {
        Unknown,
        Schema,
        Parameter,
        Header,
        Response,
        RequestBody,
        Example,
        Link,
        Callback,
        PathItem,
    }

    internal sealed class Outcome
    {
        /// <summary>bunq's 2018 defect: operation parameters naming parameter-shaped <c>components/headers</c> (BUNQ0019).</summary>
        public List<string> HeaderParameters { get; } = new List<string>();

        /// <summary>
        /// bunq's 2018 <c>components/headers</c> written in parameter shape: their <c>name</c> and <c>in</c>, which a header
        /// object does not have (its key names it), are read by the parameter copy or say nothing a header needs (BUNQ0019).
        /// </summary>
        public List<string> ParameterShapedHeaders { get; } = new List<string>();

        /// <summary>Pointer of the <c>$ref</c> member, the reference, what it is read as now.</summary>
        public List<Finding> Redirected { get; } = new List<Finding>();

        /// <summary>Pointer of the <c>$ref</c> member, the reference, what became of the place.</summary>
        public List<Finding> Unresolved { get; } = new List<Finding>();

        /// <summary>Pointer of the <c>$ref</c> member, the reference, why it cannot be read.</summary>
        public List<Finding> Unreadable { get; } = new List<Finding>();

        /// <summary>Every <c>$ref</c> member pointer settled here; the loader's own dangling check skips them.</summary>
        public HashSet<string> Handled { get; } = new HashSet<string>(StringComparer.Ordinal);
    }

    internal sealed class Finding
    {
        public Finding(string pointer, string reference, string detail)
        {
            Pointer = pointer;
            Reference = reference;
            Detail = detail;
        }

        public string Pointer { get; }

        public string Reference { get; }

        public string Detail { get; }
    }

    private static readonly string[] HttpMethods = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

    public static Outcome Apply(YamlNode root)
    {
        var outcome = new Outcome();
        if (root is not YamlMappingNode document || Child(document, "openapi") is null)
        {
            // Swagger 2.0 is converted by the reader itself, with its own sections; nothing here applies to it.
            return outcome;
        }

        var walk = new Walk();
        walk.Document(document);
        var repair = new Repairer(document, walk, outcome);
        foreach (var site in walk.Sites)
        {
            repair.Settle(site);
        }

        repair.RemoveLeftOut();
        if (Child(document, "components") is YamlMappingNode components && Child(components, "headers") is YamlMappingNode headers)
        {
            foreach (var header in headers.Children)
            {
                if (header.Value is YamlMappingNode map && Child(map, "name") is not null && Child(map, "in") is not null)
                {
                    outcome.ParameterShapedHeaders.Add("/components/headers/" + Escape(header.Key));
                }
            }
        }

        return outcome;
    }

    /// <summary>A <c>$ref</c> object at a place that expects <see cref="Expected"/>.</summary>
    private sealed class Site
    {
        private readonly Walk _walk;
        private readonly int _place;

        public Site(Walk walk, int place, YamlMappingNode node, ObjectKind expected, YamlNode container, YamlNode key)
        {
            _walk = walk;
            _place = place;
            Node = node;
            Expected = expected;
            Container = container;
            Key = key;
        }

        public YamlMappingNode Node { get; }

        /// <summary>Spelled out only for a reference that needs a repair: most never do.</summary>
        public string Pointer => _walk.PointerOf(_place);

        public ObjectKind Expected { get; }

        /// <summary>The map or sequence holding the object, and its key (a scalar, or the index for a sequence).</summary>
        public YamlNode Container { get; }

        public YamlNode Key { get; }
    }

    /// <summary>
    /// Visits the document the way OpenAPI 3.0 nests its objects, noting each object's kind and each $ref's place. The
    /// node tree comes from <see cref="JsonSpecParser"/>, which builds a tree (JSON has no aliases) and the walk never
    /// follows a <c>$ref</c>, so every object is reached once, along its own path: no visited set is needed, and the walk
    /// changes nothing, so the maps are read in place (a set of all nodes by identity was a quarter of this step).
    /// Places are kept as a parent and the segments below it, and spelled out as pointers only when asked (a pointer
    /// string per visited object was nine tenths of the walk's allocations).
    /// </summary>
    private sealed class Walk
    {
        private const int Root = -1;

        private readonly List<Place> _places = new List<Place>();
        private readonly Dictionary<int, string> _pointers = new Dictionary<int, string>();
        private readonly List<KeyValuePair<int, ObjectKind>> _kinds = new List<KeyValuePair<int, ObjectKind>>();
        private Dictionary<string, ObjectKind>? _kindsByPointer;

        public List<Site> Sites { get; } = new List<Site>();

        /// <summary>The kind of the object at <paramref name="pointer"/>, as the walk saw it before any repair (first kind wins).</summary>
        public ObjectKind KindAt(string pointer)
        {
            if (_kindsByPointer is null)
            {
                _kindsByPointer = new Dictionary<string, ObjectKind>(StringComparer.Ordinal);
                foreach (var seen in _kinds)
                {
                    var at = PointerOf(seen.Key);
                    if (!_kindsByPointer.ContainsKey(at))
                    {
                        _kindsByPointer[at] = seen.Value;
                    }
                }
            }

            return _kindsByPointer.TryGetValue(pointer, out var kind) ? kind : ObjectKind.Unknown;
        }

        public string PointerOf(int place)
        {
            if (place == Root)
            {
                return "";
            }

            if (!_pointers.TryGetValue(place, out var pointer))
            {
                var at = _places[place];
                pointer = PointerOf(at.Parent) + "/" + Escape(at.First) + (at.Second is null ? "" : "/" + Escape(at.Second));
                _pointers[place] = pointer;
            }

            return pointer;
        }

        public void Document(YamlMappingNode document)
        {
            if (Child(document, "paths") is YamlMappingNode paths)
            {
                foreach (var path in paths.Children)
                {
                    var place = Add(Root, "paths", Name(path.Key));
                    if (path.Value is YamlMappingNode item && Child(item, "$ref") is YamlScalarNode)
                    {
                        Sites.Add(new Site(this, place, item, ObjectKind.PathItem, paths, path.Key));
                        continue;
                    }

                    PathItem(path.Value, place);
                }
            }

            if (Child(document, "components") is YamlMappingNode components)
            {
                foreach (var section in components.Children)
                {
                    var kind = KindOfSection((section.Key as YamlScalarNode)?.Value);
                    if (kind == ObjectKind.Unknown || section.Value is not YamlMappingNode entries)
                    {
                        continue;
                    }

                    var place = Add(Root, "components", Name(section.Key));
                    foreach (var entry in entries.Children)
                    {
                        Visit(kind, entry.Value, Add(place, Name(entry.Key)), entries, entry.Key);
                    }
                }
            }
        }

        /// <summary>
        /// <paramref name="key"/> is the member's key node, or null with <paramref name="keyText"/> for the key node a
        /// site gets only when there is one (a key node per visited member was a fifth of the walk's allocations).
        /// </summary>
        private void Visit(ObjectKind kind, YamlNode node, int place, YamlNode container, YamlNode? key, string? keyText = null)
        {
            if (node is not YamlMappingNode map)
            {
                return;
            }

            if (Child(map, "$ref") is YamlScalarNode)
            {
                Sites.Add(new Site(this, place, map, kind, container, key ?? new YamlScalarNode(keyText ?? "")));
                return;
            }

            _kinds.Add(new KeyValuePair<int, ObjectKind>(place, kind));
            switch (kind)
            {
                case ObjectKind.Schema:
                    Each(map, "properties", ObjectKind.Schema, place);
                    One(map, "items", ObjectKind.Schema, place);
                    One(map, "additionalProperties", ObjectKind.Schema, place);
                    One(map, "not", ObjectKind.Schema, place);
                    List(map, "allOf", ObjectKind.Schema, place);
                    List(map, "anyOf", ObjectKind.Schema, place);
                    List(map, "oneOf", ObjectKind.Schema, place);
                    break;
                case ObjectKind.Parameter:
                case ObjectKind.Header:
                    One(map, "schema", ObjectKind.Schema, place);
                    Content(map, place);
                    Each(map, "examples", ObjectKind.Example, place);
                    break;
                case ObjectKind.Response:
                    Each(map, "headers", ObjectKind.Header, place);
                    Content(map, place);
                    Each(map, "links", ObjectKind.Link, place);
                    break;
                case ObjectKind.RequestBody:
                    Content(map, place);
                    break;
                case ObjectKind.Callback:
                    foreach (var expression in map.Children)
                    {
                        PathItem(expression.Value, Add(place, Name(expression.Key)));
                    }

                    break;
            }
        }

        private void PathItem(YamlNode node, int place)
        {
            if (node is not YamlMappingNode item)
            {
                return;
            }

            List(item, "parameters", ObjectKind.Parameter, place);
            foreach (var method in HttpMethods)
            {
                if (Child(item, method) is YamlMappingNode operation)
                {
                    var at = Add(place, method);
                    List(operation, "parameters", ObjectKind.Parameter, at);
                    One(operation, "requestBody", ObjectKind.RequestBody, at);
                    Each(operation, "responses", ObjectKind.Response, at);
                    Each(operation, "callbacks", ObjectKind.Callback, at);
                }
            }
        }

        private void Content(YamlMappingNode owner, int place)
        {
            if (Child(owner, "content") is not YamlMappingNode content)
            {
                return;
            }

            foreach (var mediaType in content.Children)
            {
                if (mediaType.Value is not YamlMappingNode media)
                {
                    continue;
                }

                var at = Add(place, "content", Name(mediaType.Key));
                One(media, "schema", ObjectKind.Schema, at);
                Each(media, "examples", ObjectKind.Example, at);
                if (Child(media, "encoding") is YamlMappingNode encodings)
                {
                    foreach (var encoding in encodings.Children)
                    {
                        if (encoding.Value is YamlMappingNode encodingNode)
                        {
                            Each(encodingNode, "headers", ObjectKind.Header, Add(at, "encoding", Name(encoding.Key)));
                        }
                    }
                }
            }
        }

        private void One(YamlMappingNode owner, string field, ObjectKind kind, int place)
        {
            if (Child(owner, field) is { } value)
            {
                Visit(kind, value, Add(place, field), owner, null, field);
            }
        }

        private void Each(YamlMappingNode owner, string field, ObjectKind kind, int place)
        {
            if (Child(owner, field) is not YamlMappingNode entries)
            {
                return;
            }

            foreach (var entry in entries.Children)
            {
                Visit(kind, entry.Value, Add(place, field, Name(entry.Key)), entries, entry.Key);
            }
        }

        private void List(YamlMappingNode owner, string field, ObjectKind kind, int place)
        {
            if (Child(owner, field) is not YamlSequenceNode items)
            {
                return;
            }

            var at = Add(place, field);
            for (var i = 0; i < items.Children.Count; i++)
            {
                var index = i.ToString(CultureInfo.InvariantCulture);
                Visit(kind, items.Children[i], Add(at, index), items, null, index);
            }
        }

        private int Add(int parent, string first, string? second = null)
        {
            _places.Add(new Place(parent, first, second));
            return _places.Count - 1;
        }

        private static string Name(YamlNode key) => (key as YamlScalarNode)?.Value ?? "";

        /// <summary>One or two segments (unescaped) below a parent place.</summary>
        private readonly struct Place
        {
            public Place(int parent, string first, string? second)
            {
                Parent = parent;
                First = first;
                Second = second;
            }

            public int Parent { get; }

            public string First { get; }

            public string? Second { get; }
        }
    }

    private sealed class Repairer
    {
        private readonly YamlMappingNode _document;
        private readonly Walk _walk;
        private readonly Outcome _outcome;

        /// <summary>Target pointer and section → the component name given to its copy, so each target is copied once.</summary>
        private readonly Dictionary<string, string> _copies = new Dictionary<string, string>(StringComparer.Ordinal);

        private readonly List<Site> _leftOut = new List<Site>();

        /// <summary>
        /// Reference → target and its pointer: bunq's specs name a few hundred targets thousands of times. Emptied on
        /// every change to the tree's structure, so a lookup never answers from before a repair.
        /// </summary>
        private readonly Dictionary<string, (YamlNode? Target, string Pointer)> _resolved = new Dictionary<string, (YamlNode?, string)>(StringComparer.Ordinal);

        public Repairer(YamlMappingNode document, Walk walk, Outcome outcome)
        {
            _document = document;
            _walk = walk;
            _outcome = outcome;
        }

        public void Settle(Site site) => Settle(site, 0);

        private YamlNode? ResolveCached(string reference, out string pointer)
        {
            if (!_resolved.TryGetValue(reference, out var resolved))
            {
                resolved.Target = Resolve(_document, reference, out resolved.Pointer);
                _resolved[reference] = resolved;
            }

            pointer = resolved.Pointer;
            return resolved.Target;
        }

        private void Settle(Site site, int hops)
        {
            var value = (YamlScalarNode)Child(site.Node, "$ref")!;
            var reference = value.Value ?? "";
            if (!reference.StartsWith("#", StringComparison.Ordinal))
            {
                // Another file: not loaded, reported by the loader as BUNQ0006.
                return;
            }

            var section = SectionOf(site.Expected);
            var target = ResolveCached(reference, out var targetPointer);
            if (site.Expected != ObjectKind.PathItem && target is not null && IsComponentOf(targetPointer, section))
            {
                // Nearly every reference of a real spec: nothing to repair, nothing to say.
                return;
            }

            var refPointer = site.Pointer + "/$ref";
            if (target is null)
            {
                _outcome.Handled.Add(refPointer);
                _outcome.Unresolved.Add(new Finding(refPointer, reference, ReadAsUnresolved(site, reference)));
                return;
            }

            var targetKind = KindAt(targetPointer);
            if (Encloses(targetPointer, site.Pointer, site.Expected, targetKind) is { } why)
            {
                // Refused before any repair: each repair places the target node itself (not a copy), so placing one that
                // holds its own $ref, or the section it is placed in, would make the tree contain itself, and the reader
                // (Microsoft.OpenApi's included) recurses on such a tree until the stack overflows, which no one can catch.
                _outcome.Handled.Add(refPointer);
                _outcome.Unreadable.Add(new Finding(refPointer, reference, why + "; " + ReadAsUnresolved(site, reference)));
                return;
            }

            if (site.Expected == ObjectKind.PathItem)
            {
                // The reader follows a path item's $ref into another file only; a local one is read as what it names.
                _outcome.Handled.Add(refPointer);
                if (target is YamlMappingNode pathItem && Child(pathItem, "$ref") is null)
                {
                    Replace(site, pathItem);
                    _outcome.Redirected.Add(new Finding(refPointer, reference, "the path item it names"));
                }
                else
                {
                    _outcome.Unreadable.Add(new Finding(refPointer, reference, "it does not name a path item"));
                }

                return;
            }

            _outcome.Handled.Add(refPointer);
            if (targetKind == site.Expected || (targetKind == ObjectKind.Unknown && target is YamlMappingNode))
            {
                value.Value = "#" + CopyInto(section, targetPointer, target);
                _outcome.Redirected.Add(new Finding(refPointer, reference, $"a copy under '{value.Value}', because OpenAPI 3.0 follows only '#/components/{section}/…' here"));
                return;
            }

            if (site.Expected == ObjectKind.Parameter && targetKind == ObjectKind.Header && target is YamlMappingNode header
                && Child(header, "name") is not null && Child(header, "in") is not null)
            {
                value.Value = "#" + CopyInto(section, targetPointer, target);
                if (targetPointer.StartsWith("/components/headers/", StringComparison.Ordinal))
                {
                    _outcome.HeaderParameters.Add(refPointer);
                }
                else
                {
                    _outcome.Redirected.Add(new Finding(refPointer, reference, $"a parameter (the header has 'name' and 'in'), copied under '{value.Value}'"));
                }

                return;
            }

            if (site.Expected == ObjectKind.Schema && hops < 8 && SchemaCarriedBy(target, targetKind, targetPointer) is { } schema)
            {
                // A response, parameter or header where a schema is expected: what it carries is its schema.
                value.Value = schema.Reference ?? "#" + CopyInto(section, schema.Pointer, schema.Node);
                _outcome.Redirected.Add(new Finding(refPointer, reference, $"the schema of that {Describe(targetKind)}, '{value.Value}'"));
                if (schema.Reference is not null)
                {
                    // That schema may itself be a reference the reader refuses.
                    Settle(site, hops + 1);
                }

                return;
            }

            if (site.Expected == ObjectKind.Schema)
            {
                // Something that carries no schema: the value it stands for is undescribed, so it is kept as raw JSON.
                MarkRaw(site, reference);
                _outcome.Redirected.Add(new Finding(refPointer, reference, $"raw JSON, because it names {Article(targetKind)} that carries no schema"));
                return;
            }

            if (site.Expected == ObjectKind.Response && targetKind == ObjectKind.Schema)
            {
                // A schema where a response is expected: a JSON response whose content is that schema.
                var schemaReference = IsComponentOf(targetPointer, "schemas") ? reference : "#" + CopyInto("schemas", targetPointer, target);
                var description = Child(site.Node, "description") as YamlScalarNode;
                Replace(site, Map(
                    ("description", new YamlScalarNode(description?.Value ?? "") { Style = ScalarStyle.DoubleQuoted }),
                    ("content", Map(("application/json", Map(("schema", Map(("$ref", Quoted(schemaReference))))))))));
                _outcome.Redirected.Add(new Finding(refPointer, reference, $"a JSON response whose schema is '{schemaReference}'"));
                return;
            }

            _outcome.Unreadable.Add(new Finding(
                refPointer,
                reference,
                $"it names {Article(targetKind)} where {Article(site.Expected)} is expected, and cannot be read as one"));
        }

        public void RemoveLeftOut()
        {
            // Removed after every site is settled, so the sequence indexes in the sites' pointers stay true while settling.
            foreach (var site in _leftOut)
            {
                switch (site.Container)
                {
                    case YamlMappingNode map:
                        map.Children.Remove(site.Key);
                        break;
                    case YamlSequenceNode list:
                        var index = IndexOf(list, site.Node);
                        if (index >= 0)
                        {
                            list.Children.RemoveAt(index);
                        }

                        break;
                }
            }
        }

        private string ReadAsUnresolved(Site site, string reference)
        {
            switch (site.Expected)
            {
                case ObjectKind.Schema:
                    MarkRaw(site, reference);
                    return "the value is read as raw JSON";
                case ObjectKind.PathItem:
                    _leftOut.Add(site);
                    return "the path is left out";
                case ObjectKind.Response:
                    Replace(site, Map(("description", Quoted(Child(site.Node, "description") is YamlScalarNode d ? d.Value ?? "" : ""))));
                    return "the response is read without content";
                case ObjectKind.RequestBody:
                    Replace(site, Map(("content", Map(("application/json", Map(("schema", Map((UnresolvedReferenceExtension, Quoted(reference))))))))));
                    return "the request body is read as raw JSON";
                default:
                    _leftOut.Add(site);
                    return $"the {Describe(site.Expected)} is left out";
            }
        }

        /// <summary>
        /// Kept in place (with any sibling such as a description), without the reference: a schema that says nothing
        /// about its value, which the Model reads as raw JSON.
        /// </summary>
        private void MarkRaw(Site site, string reference)
        {
            _resolved.Clear();
            site.Node.Children.Remove(new YamlScalarNode("$ref"));
            site.Node.Children[Key(UnresolvedReferenceExtension)] = Quoted(reference);
        }

        private ObjectKind KindAt(string pointer)
        {
            var segments = pointer.Split('/');
            if (segments.Length == 4 && segments[1] == "components")
            {
                return KindOfSection(SpecSourceMap.Unescape(segments[2]));
            }

            return _walk.KindAt(pointer);
        }

        /// <summary>
        /// Why a repair must not follow the reference: its target is the document, one of the document's maps of objects
        /// (<c>/paths</c>, <c>/components</c>, a components section), or an object of another kind than the place expects
        /// that holds the <c>$ref</c> itself. Null when the target is an object that no repair would attach below itself;
        /// an object of the expected kind that holds its own <c>$ref</c> is a recursive type, and its copy under the
        /// section is a second place for the same node, not a cycle.
        /// </summary>
        private static string? Encloses(string targetPointer, string sitePointer, ObjectKind expected, ObjectKind targetKind)
        {
            if (MapOfObjects(targetPointer) is { } map)
            {
                return $"it names {map}, not {Article(expected)}";
            }

            if (targetKind != expected && (sitePointer == targetPointer || sitePointer.StartsWith(targetPointer + "/", StringComparison.Ordinal)))
            {
                return $"it names {(sitePointer == targetPointer ? "itself" : "an object that holds the reference itself")}, not {Article(expected)}";
            }

            return null;
        }

        /// <summary>Places <paramref name="target"/> (the same node, not a deep copy) under the section; returns its pointer.</summary>
        private string CopyInto(string section, string targetPointer, YamlNode target)
        {
            var memo = section + " " + targetPointer;
            if (_copies.TryGetValue(memo, out var existing))
            {
                return existing;
            }

            _resolved.Clear();
            if (Child(_document, "components") is not YamlMappingNode components)
            {
                components = new YamlMappingNode();
                _document.Children[Key("components")] = components;
            }

            if (Child(components, section) is not YamlMappingNode entries)
            {
                entries = new YamlMappingNode();
                components.Children[Key(section)] = entries;
            }

            var baseName = NameFor(targetPointer);
            var name = baseName;
            for (var n = 2; Child(entries, name) is { } taken && !ReferenceEquals(taken, target); n++)
            {
                name = baseName + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            entries.Children[Key(name)] = target;
            var pointer = "/components/" + section + "/" + SpecSourceMap.Escape(name);
            _copies[memo] = pointer;
            return pointer;
        }

        /// <summary>The schema a parameter or header holds, or the one schema of a response's (or parameter's) content.</summary>
        private static (string? Reference, string Pointer, YamlNode Node)? SchemaCarriedBy(YamlNode target, ObjectKind kind, string pointer)
        {
            if (target is not YamlMappingNode map || (kind != ObjectKind.Response && kind != ObjectKind.Parameter && kind != ObjectKind.Header))
            {
                return null;
            }

            YamlMappingNode? schema = null;
            if (kind != ObjectKind.Response && Child(map, "schema") is YamlMappingNode own)
            {
                schema = own;
                pointer += "/schema";
            }
            else if (Child(map, "content") is YamlMappingNode content && content.Children.Count == 1
                && content.Children.First() is var media && media.Value is YamlMappingNode mediaNode && Child(mediaNode, "schema") is YamlMappingNode carried)
            {
                schema = carried;
                pointer += "/content/" + Escape(media.Key) + "/schema";
            }

            if (schema is null)
            {
                return null;
            }

            return (Child(schema, "$ref") is YamlScalarNode r ? r.Value : null, pointer, schema);
        }

        private void Replace(Site site, YamlMappingNode replacement)
        {
            _resolved.Clear();
            switch (site.Container)
            {
                case YamlMappingNode map:
                    map.Children[site.Key] = replacement;
                    break;
                case YamlSequenceNode list:
                    var index = IndexOf(list, site.Node);
                    if (index >= 0)
                    {
                        list.Children[index] = replacement;
                    }

                    break;
            }
        }
    }

    private static int IndexOf(YamlSequenceNode list, YamlNode node)
    {
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (ReferenceEquals(list.Children[i], node))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// What a pointer names when it is the document or one of its maps of objects (<c>/paths</c>, <c>/components</c>, a
    /// components section), which no place of an OpenAPI document can be read as; null for anything else.
    /// </summary>
    internal static string? MapOfObjects(string pointer)
    {
        if (pointer.Length == 0)
        {
            return "the whole document";
        }

        if (pointer == "/paths" || pointer == "/components")
        {
            return $"'{pointer}', the document's map of {pointer.Substring(1)}";
        }

        // Asked of every $ref of a YAML spec (thousands in bunq's): no string is built unless it names a section.
        const string components = "/components/";
        if (pointer.Length > components.Length && pointer.StartsWith(components, StringComparison.Ordinal) && pointer.IndexOf('/', components.Length) < 0)
        {
            return $"'{pointer}', the document's map of '{SpecSourceMap.Unescape(pointer.Substring(components.Length))}'";
        }

        return null;
    }

    /// <summary>Follows a '#/…' reference through the node tree; null when it names nothing.</summary>
    internal static YamlNode? Resolve(YamlNode root, string reference, out string pointer)
    {
        pointer = "";
        if (!reference.StartsWith("#", StringComparison.Ordinal))
        {
            return null;
        }

        pointer = Uri.UnescapeDataString(reference.Substring(1));
        if (pointer.Length == 0)
        {
            return root;
        }

        if (pointer[0] != '/')
        {
            return null;
        }

        var node = root;
        foreach (var raw in pointer.Substring(1).Split('/'))
        {
            var segment = SpecSourceMap.Unescape(raw);
            switch (node)
            {
                case YamlMappingNode mapping when mapping.Children.TryGetValue(new YamlScalarNode(segment), out var child):
                    node = child;
                    break;
                case YamlSequenceNode sequence
                    when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sequence.Children.Count:
                    node = sequence.Children[index];
                    break;
                default:
                    return null;
            }
        }

        return node;
    }

    /// <summary>Whether the pointer is <c>/components/{section}/{name}</c>; asked once per <c>$ref</c>, so it builds no string.</summary>
    private static bool IsComponentOf(string pointer, string section)
    {
        const string components = "/components/";
        var name = components.Length + section.Length + 1;
        return pointer.Length > name
            && pointer.StartsWith(components, StringComparison.Ordinal)
            && string.CompareOrdinal(pointer, components.Length, section, 0, section.Length) == 0
            && pointer[name - 1] == '/'
            && pointer.IndexOf('/', name) < 0;
    }

    /// <summary>A component name (OpenAPI allows [A-Za-z0-9._-]) that says where the copy came from.</summary>
    private static string NameFor(string pointer)
    {
        var segments = pointer.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Select(SpecSourceMap.Unescape).ToList();
        if (segments.Count >= 3 && segments[0] == "components")
        {
            segments.RemoveRange(0, 2);
        }
        else if (segments.Count > 0 && segments[0] == "paths")
        {
            segments.RemoveAt(0);
        }

        var name = new StringBuilder();
        foreach (var segment in segments)
        {
            if (name.Length > 0 && name[name.Length - 1] != '_')
            {
                name.Append('_');
            }

            foreach (var c in segment)
            {
                var keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
                if (keep)
                {
                    name.Append(c);
                }
                else if (name.Length > 0 && name[name.Length - 1] != '_')
                {
                    name.Append('_');
                }
            }
        }

        var text = name.ToString().Trim('_');
        return text.Length == 0 ? "copy" : text;
    }

    private static ObjectKind KindOfSection(string? section) => section switch
    {
        "schemas" => ObjectKind.Schema,
        "parameters" => ObjectKind.Parameter,
        "headers" => ObjectKind.Header,
        "responses" => ObjectKind.Response,
        "requestBodies" => ObjectKind.RequestBody,
        "examples" => ObjectKind.Example,
        "links" => ObjectKind.Link,
        "callbacks" => ObjectKind.Callback,
        _ => ObjectKind.Unknown,
    };

    private static string SectionOf(ObjectKind kind) => kind switch
    {
        ObjectKind.Schema => "schemas",
        ObjectKind.Parameter => "parameters",
        ObjectKind.Header => "headers",
        ObjectKind.Response => "responses",
        ObjectKind.RequestBody => "requestBodies",
        ObjectKind.Example => "examples",
        ObjectKind.Link => "links",
        ObjectKind.Callback => "callbacks",
        _ => "pathItems",
    };

    private static string Describe(ObjectKind kind) => kind switch
    {
        ObjectKind.RequestBody => "request body",
        ObjectKind.PathItem => "path item",
        ObjectKind.Unknown => "object of no OpenAPI kind",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Article(ObjectKind kind)
    {
        var noun = Describe(kind);
        return ("aeiou".IndexOf(noun[0]) >= 0 ? "an " : "a ") + noun;
    }

    private static string Escape(YamlNode key) => SpecSourceMap.Escape((key as YamlScalarNode)?.Value ?? "");

    private static string Escape(string key) => SpecSourceMap.Escape(key);

    /// <summary>
    /// The value under a scalar key, as <c>Children.TryGetValue(new YamlScalarNode(key))</c> finds it (same value, no
    /// tag). Most maps of a spec hold a handful of members, and for those a scan by index is cheaper than building a
    /// key node and hashing it (the hashed lookups were over half of the repairs' time).
    /// </summary>
    private static YamlNode? Child(YamlMappingNode mapping, string key)
    {
        var children = mapping.Children;
        if (children.Count > 8)
        {
            return children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
        }

        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            if (child.Key is YamlScalarNode { Tag: null } scalar && string.Equals(scalar.Value, key, StringComparison.Ordinal))
            {
                return child.Value;
            }
        }

        return null;
    }

    private static YamlScalarNode Key(string key) => new YamlScalarNode(key) { Style = ScalarStyle.DoubleQuoted };

    private static YamlScalarNode Quoted(string value) => new YamlScalarNode(value) { Style = ScalarStyle.DoubleQuoted };

    private static YamlMappingNode Map(params (string Key, YamlNode Value)[] members)
    {
        var map = new YamlMappingNode();
        foreach (var (key, value) in members)
        {
            map.Children[Key(key)] = value;
        }

        return map;
    }
}
