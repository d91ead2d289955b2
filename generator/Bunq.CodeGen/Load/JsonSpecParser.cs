using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading;
using SharpYaml;
using SharpYaml.Serialization;

namespace Bunq.CodeGen.Load;

/// <summary>
/// Turns JSON into the SharpYaml node tree that Microsoft.OpenApi.Readers consumes, without SharpYaml's scanner: that
/// scanner throws on JSON-escaped surrogate pairs (bunq's 2025 spec has "\ud83c\udf89") and is the slowest part of
/// reading a 1.4 MB spec. Strings become double-quoted scalars so "true" or "123" stay strings; numbers, booleans
/// and null become plain scalars, exactly as the YAML scanner would produce them from JSON.
/// </summary>
internal static class JsonSpecParser
{
    internal sealed class Result
    {
        public YamlDocument? Document { get; set; }

        /// <summary>Every <c>$ref</c> value and the pointer of its <c>$ref</c> member.</summary>
        public List<KeyValuePair<string, string>> References { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>Pointers of members whose key repeats an earlier key of the same object.</summary>
        public List<KeyValuePair<string, string>> DuplicateKeys { get; } = new List<KeyValuePair<string, string>>();

        public string? SyntaxError { get; set; }

        public long ErrorLine { get; set; } = -1;

        public long ErrorBytePositionInLine { get; set; }

        /// <summary>Byte offset of the failing token, for failures that do not come with a line.</summary>
        public long ErrorOffset { get; set; } = -1;

        /// <summary>Byte offset of the token that went over the depth limit, when that is what stopped the parse.</summary>
        public long TooDeepAt { get; set; } = -1;

        /// <summary>Pointers of empty arrays read as empty maps (see <see cref="ReplaceEmptyArrayWhereMapExpected"/>).</summary>
        public List<string> EmptyArraysReadAsMaps { get; } = new List<string>();

        /// <summary>Where each member and value stands, for <see cref="SpecSourceMap"/>; null when parsing stopped early.</summary>
        public JsonTape? Tape { get; set; }

        /// <summary>Pointer of the innermost container open when parsing stopped.</summary>
        public string ErrorPointer { get; set; } = "";
    }

    public static Result Parse(byte[] utf8, int maxDepth, CancellationToken ct)
    {
        var result = new Result();
        var frames = new List<Frame>();
        YamlNode? root = null;
        var tape = new JsonTape.Builder(utf8);
        var names = new MemberNames();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            // One more than ours so that our own check, which knows the pointer, fires first.
            MaxDepth = maxDepth + 1,
            CommentHandling = JsonCommentHandling.Skip,
        });

        try
        {
            var tokens = 0;
            while (reader.Read())
            {
                if ((++tokens & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }

                YamlNode node;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        tape.Key(reader.TokenStartIndex);
                        frames[frames.Count - 1].PendingKey = names.Get(ref reader);
                        continue;
                    case JsonTokenType.EndObject:
                        tape.Close();
                        frames.RemoveAt(frames.Count - 1);
                        continue;
                    case JsonTokenType.EndArray:
                        tape.Close();
                        ReplaceEmptyArrayWhereMapExpected(frames, result);
                        frames.RemoveAt(frames.Count - 1);
                        continue;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (reader.CurrentDepth >= maxDepth)
                        {
                            result.TooDeepAt = reader.TokenStartIndex;
                            result.ErrorPointer = PointerOf(frames, includePendingKey: false);
                            return result;
                        }

                        tape.Open(reader.TokenStartIndex);
                        node = reader.TokenType == JsonTokenType.StartObject
                            ? new YamlMappingNode()
                            : (YamlNode)new YamlSequenceNode();
                        break;
                    case JsonTokenType.String:
                        node = new YamlScalarNode(reader.GetString() ?? string.Empty) { Style = ScalarStyle.DoubleQuoted };
                        break;
                    case JsonTokenType.Number:
                        // A number token is never escaped and lies in the input as it is.
                        node = new YamlScalarNode(Encoding.UTF8.GetString(utf8, (int)reader.TokenStartIndex, reader.ValueSpan.Length)) { Style = ScalarStyle.Plain };
                        break;
                    case JsonTokenType.True:
                        node = new YamlScalarNode("true") { Style = ScalarStyle.Plain };
                        break;
                    case JsonTokenType.False:
                        node = new YamlScalarNode("false") { Style = ScalarStyle.Plain };
                        break;
                    case JsonTokenType.Null:
                        node = new YamlScalarNode("null") { Style = ScalarStyle.Plain };
                        break;
                    default:
                        continue;
                }

                if (node is YamlScalarNode)
                {
                    tape.Scalar(reader.TokenStartIndex);
                }

                if (frames.Count == 0)
                {
                    root = node;
                }
                else
                {
                    Attach(frames, node, result);
                }

                if (node is YamlMappingNode || node is YamlSequenceNode)
                {
                    var parent = frames.Count == 0 ? null : frames[frames.Count - 1];
                    frames.Add(new Frame(node, parent, parent?.LastKey, parent?.LastIndex ?? -1));
                }
            }
        }
        catch (JsonException ex)
        {
            result.SyntaxError = CleanMessage(ex.Message);
            result.ErrorLine = ex.LineNumber ?? -1;
            result.ErrorBytePositionInLine = ex.BytePositionInLine ?? 0;
            result.ErrorPointer = PointerOf(frames, includePendingKey: false);
            return result;
        }
        catch (InvalidOperationException ex)
        {
            // GetString refuses text that is valid JSON grammar but not valid UTF-16, e.g. a lone "\ud83c".
            result.SyntaxError = CleanMessage(ex.Message);
            result.ErrorOffset = reader.TokenStartIndex;
            result.ErrorPointer = PointerOf(frames, includePendingKey: false);
            return result;
        }

        if (root is null)
        {
            result.SyntaxError = "the text holds no JSON value";
            return result;
        }

        result.Document = new YamlDocument(root);
        result.Tape = tape.Finish();
        return result;
    }

    /// <summary>
    /// bunq's 2018 specs came from PHP's json_encode, which writes an empty map as <c>[]</c>
    /// (<c>"properties": []</c>); the reader then rejects the whole schema. Where OpenAPI only allows a map, an empty
    /// array can mean nothing else, so it is read as an empty map. Example and default values are left as written.
    /// </summary>
    private static void ReplaceEmptyArrayWhereMapExpected(List<Frame> frames, Result result)
    {
        var array = frames[frames.Count - 1];
        if (frames.Count < 2
            || array.Node is not YamlSequenceNode { Children.Count: 0 }
            || frames[frames.Count - 2].Node is not YamlMappingNode parent
            || array.Segment is null
            || !MapValuedKeys.Contains(array.Segment))
        {
            return;
        }

        for (var i = 1; i < frames.Count - 1; i++)
        {
            var segment = frames[i].Segment ?? "";
            if (segment == "example" || segment == "examples" || segment == "default" || segment == "enum"
                || segment.StartsWith("x-", StringComparison.Ordinal))
            {
                return;
            }
        }

        parent.Children[new YamlScalarNode(array.Segment) { Style = ScalarStyle.DoubleQuoted }] = new YamlMappingNode();
        result.EmptyArraysReadAsMaps.Add(PointerOf(frames, includePendingKey: false));
    }

    private static readonly HashSet<string> MapValuedKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "properties", "definitions", "schemas", "responses", "content", "headers", "securitySchemes",
        "securityDefinitions", "links", "callbacks", "variables", "encoding", "paths", "mapping", "scopes",
    };

    private static void Attach(List<Frame> frames, YamlNode node, Result result)
    {
        var parent = frames[frames.Count - 1];
        if (parent.Node is YamlSequenceNode sequence)
        {
            parent.LastIndex = sequence.Children.Count;
            parent.LastKey = null;
            sequence.Children.Add(node);
            return;
        }

        var mapping = (YamlMappingNode)parent.Node;
        var key = parent.PendingKey ?? "";
        parent.PendingKey = null;
        parent.LastKey = key;
        parent.LastIndex = -1;
        var keyNode = new YamlScalarNode(key) { Style = ScalarStyle.DoubleQuoted };
        try
        {
            mapping.Children.Add(keyNode, node);
        }
        catch (ArgumentException)
        {
            // Duplicates are rare; one lookup per key instead of two keeps the common path cheap.
            result.DuplicateKeys.Add(new KeyValuePair<string, string>(PointerOf(frames, includePendingKey: true), key));
            mapping.Children[keyNode] = node;
        }

        if (key == "$ref" && node is YamlScalarNode reference)
        {
            result.References.Add(new KeyValuePair<string, string>(PointerOf(frames, includePendingKey: true), reference.Value ?? ""));
        }
    }

    /// <summary>Built only for the nodes that need it ($ref, errors), so a clean parse allocates no other pointers.</summary>
    private static string PointerOf(List<Frame> frames, bool includePendingKey)
    {
        if (frames.Count == 0)
        {
            return "";
        }

        var top = frames[frames.Count - 1];
        return includePendingKey ? top.Pointer + "/" + SpecSourceMap.Escape(top.LastSegment ?? "") : top.Pointer;
    }

    /// <summary>System.Text.Json appends its own "LineNumber: … | BytePositionInLine: …"; we report a position ourselves.</summary>
    private static string CleanMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = cut > 0 ? message.Substring(0, cut) : message;
        return text.TrimEnd().TrimEnd('.');
    }

    /// <summary>
    /// An open container. Segments are kept as a member name or an array index and spelled out only for the rare
    /// pointer (a string per array element was a tenth of the parse's allocations).
    /// </summary>
    private sealed class Frame
    {
        private readonly Frame? _parent;
        private readonly string? _key;
        private readonly int _index;
        private string? _pointer;

        public Frame(YamlNode node, Frame? parent, string? key, int index)
        {
            Node = node;
            _parent = parent;
            _key = key;
            _index = index;
        }

        public YamlNode Node { get; }

        /// <summary>
        /// This container's pointer, spelled out once and shared by every <c>$ref</c> below it (bunq's specs have
        /// 7,200 <c>$ref</c>s, and building each one's pointer from the root was 2 of the parse's 29 MB).
        /// </summary>
        public string Pointer => _pointer ??= _parent is null ? "" : _parent.Pointer + "/" + SpecSourceMap.Escape(Segment ?? "");

        /// <summary>This container's own segment in its parent.</summary>
        public string? Segment => SegmentOf(_key, _index);

        public string? PendingKey { get; set; }

        /// <summary>The child attached last, i.e. the one being read: its member name, or its index (-1: none).</summary>
        public string? LastKey { get; set; }

        public int LastIndex { get; set; } = -1;

        public string? LastSegment => SegmentOf(LastKey, LastIndex);

        private static string? SegmentOf(string? key, int index) =>
            key ?? (index >= 0 ? index.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>
    /// One string per distinct member name: bunq's specs spell a few hundred names ("type", "description", "$ref",
    /// …) tens of thousands of times. Looked up by the name's UTF-8 bytes, so a repeated name is not decoded again.
    /// </summary>
    private sealed class MemberNames
    {
        /// <summary>Longer names are mostly one-off (paths, descriptions used as keys); they are decoded as they come.</summary>
        private const int MaxLength = 48;

        /// <summary>
        /// Bounds on the table and on a probe, so that names made to collide cost a few comparisons each and then
        /// are decoded as they come: never worse than no table.
        /// </summary>
        private const int MaxBuckets = 16384;

        private const int MaxProbes = 8;

        private Entry[] _buckets = new Entry[1024];
        private int _count;

        public string Get(ref Utf8JsonReader reader)
        {
            if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxLength)
            {
                return reader.GetString() ?? "";
            }

            var bytes = reader.ValueSpan;
            var hash = Hash(bytes);
            var mask = _buckets.Length - 1;
            var i = hash & mask;
            for (var probe = 0; probe < MaxProbes; probe++, i = (i + 1) & mask)
            {
                var entry = _buckets[i];
                if (entry.Name is null)
                {
                    var name = reader.GetString() ?? "";
                    if (_count * 2 < MaxBuckets)
                    {
                        _buckets[i] = new Entry(hash, bytes.ToArray(), name);
                        if (++_count * 2 > _buckets.Length && _buckets.Length < MaxBuckets)
                        {
                            Grow();
                        }
                    }

                    return name;
                }

                if (entry.Hash == hash && bytes.SequenceEqual(entry.Utf8))
                {
                    return entry.Name;
                }
            }

            return reader.GetString() ?? "";
        }

        private void Grow()
        {
            var old = _buckets;
            _buckets = new Entry[old.Length * 2];
            var mask = _buckets.Length - 1;
            foreach (var entry in old)
            {
                if (entry.Name is null)
                {
                    continue;
                }

                // A name that finds no free bucket within the probe bound is dropped: it is decoded again when met.
                var i = entry.Hash & mask;
                for (var probe = 0; probe < MaxProbes; probe++, i = (i + 1) & mask)
                {
                    if (_buckets[i].Name is null)
                    {
                        _buckets[i] = entry;
                        break;
                    }
                }
            }
        }

        /// <summary>FNV-1a: the names are short; the probe bound above is what keeps colliding names cheap.</summary>
        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = 2166136261u;
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 16777619u;
            }

            return (int)(hash & 0x7FFFFFFF);
        }

        private readonly struct Entry
        {
            public Entry(int hash, byte[] utf8, string name)
            {
                Hash = hash;
                Utf8 = utf8;
                Name = name;
            }

            public int Hash { get; }

            public byte[] Utf8 { get; }

            public string? Name { get; }
        }
    }
}
