using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using SharpYaml;
using SharpYaml.Events;

namespace Bunq.CodeGen.Load;

/// <summary>
/// Pointer → position in a JSON text, found by walking a <see cref="JsonTape"/> along the pointer's segments: the
/// tape is recorded by <see cref="JsonSpecParser"/>'s own pass, so placing the few pointers a diagnostic needs costs
/// no second pass over the text and no string per node (a dictionary of every node's pointer was 17 MB per load).
/// </summary>
internal sealed class JsonPositionIndex : SpecSourceMap.IPositionIndex
{
    private readonly JsonTape _tape;
    private readonly Utf8LineIndex _lines;

    public JsonPositionIndex(JsonTape tape, Utf8LineIndex lines)
    {
        _tape = tape;
        _lines = lines;
    }

    /// <summary>The JSON path resolves references while parsing; see <see cref="JsonSpecParser"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> References { get; } = new KeyValuePair<string, string>[0];

    public bool TryGet(string pointer, out SpecSourceMap.Position position)
    {
        if (_tape.TryFind(pointer, out var offset))
        {
            position = _lines.ToPosition(offset);
            return true;
        }

        position = default;
        return false;
    }

    /// <summary>
    /// For a text the parser gave up on (a syntax error, too deep): a pass of its own. Never throws: a text that stops
    /// being valid JSON yields the positions seen up to that point.
    /// </summary>
    public static JsonPositionIndex Build(byte[] utf8, Utf8LineIndex lines, int maxDepth)
    {
        var tape = new JsonTape.Builder(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            MaxDepth = maxDepth + 1,
            CommentHandling = JsonCommentHandling.Skip,
        });

        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        tape.Key(reader.TokenStartIndex);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        tape.Close();
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        tape.Open(reader.TokenStartIndex);
                        break;
                    default:
                        tape.Scalar(reader.TokenStartIndex);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The loader has already reported the syntax error; keep what was recorded before it.
        }

        return new JsonPositionIndex(tape.Finish(), lines);
    }
}

/// <summary>
/// The structure of a JSON text as two int arrays: one entry per member name and per value, in document order, each
/// with its token's byte offset; a container's entry also holds the index just past its last descendant, so a walk
/// skips a sibling's whole subtree in one step. Positions mean what the old pointer dictionary meant: a member is
/// where its name starts, an array element where its value starts, and of members with the same name the last one
/// that has the rest of the pointer wins. Immutable once built, so lookups are thread-safe.
/// </summary>
internal sealed class JsonTape
{
    /// <summary>Objects with more members than this get a name → entry table on their first lookup.</summary>
    private const int LinearScanLimit = 16;

    private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

    private readonly byte[] _utf8;
    private readonly int[] _offsets;
    private readonly int[] _ends;
    private readonly int _count;

    /// <summary>Per large object: escaped member name → its name's entry, or null when the object repeats a name.</summary>
    private readonly ConcurrentDictionary<int, Dictionary<string, int>?> _tables = new ConcurrentDictionary<int, Dictionary<string, int>?>();

    private JsonTape(byte[] utf8, int[] offsets, int[] ends, int count)
    {
        _utf8 = utf8;
        _offsets = offsets;
        _ends = ends;
        _count = count;
    }

    /// <summary>The byte offset <paramref name="pointer"/> (normalized: no '#', "" for the root) stands at.</summary>
    public bool TryFind(string pointer, out int offset)
    {
        offset = 0;
        if (_count == 0)
        {
            return false;
        }

        if (pointer.Length == 0)
        {
            offset = _offsets[0];
            return true;
        }

        if (pointer[0] != '/')
        {
            return false;
        }

        var segments = pointer.Substring(1).Split('/');
        if (!TryFind(0, segments, 0, out var entry))
        {
            return false;
        }

        offset = _offsets[entry];
        return true;
    }

    private bool TryFind(int container, string[] segments, int depth, out int entry)
    {
        entry = -1;
        var opening = _utf8[_offsets[container]];
        var last = depth == segments.Length - 1;
        if (opening == (byte)'[')
        {
            if (!TryParseIndex(segments[depth], out var index))
            {
                return false;
            }

            var element = container + 1;
            for (var i = 0; i < index && element < _ends[container]; i++)
            {
                element = _ends[element];
            }

            if (element >= _ends[container])
            {
                return false;
            }

            entry = element;
            return last || TryFind(element, segments, depth + 1, out entry);
        }

        if (opening != (byte)'{')
        {
            return false;
        }

        var table = MemberCount(container) > LinearScanLimit ? _tables.GetOrAdd(container, BuildTable) : null;
        if (table is not null)
        {
            if (!table.TryGetValue(segments[depth], out var name))
            {
                return false;
            }

            entry = name;
            return last || (name + 1 < _ends[container] && TryFind(name + 1, segments, depth + 1, out entry));
        }

        var wanted = new Segment(segments[depth]);
        if (!wanted.CanMatch)
        {
            return false;
        }

        // Later members first: of repeated names the text's last one is what a reader keeps. Names repeat rarely, so
        // a list is made only for a second match.
        var match = -1;
        List<int>? earlier = null;
        for (var member = container + 1; member < _ends[container]; member = NextMember(member))
        {
            if (wanted.Matches(this, member))
            {
                if (match >= 0)
                {
                    (earlier ??= new List<int>()).Add(match);
                }

                match = member;
            }
        }

        while (match >= 0)
        {
            if (last)
            {
                entry = match;
                return true;
            }

            if (match + 1 < _ends[container] && TryFind(match + 1, segments, depth + 1, out entry))
            {
                return true;
            }

            match = -1;
            if (earlier is { Count: > 0 })
            {
                match = earlier[earlier.Count - 1];
                earlier.RemoveAt(earlier.Count - 1);
            }
        }

        return false;
    }

    /// <summary>The entry after a member's value; a name whose value was never read (the text broke off) ends it.</summary>
    private int NextMember(int name) => name + 1 < _count ? _ends[name + 1] : name + 1;

    private int MemberCount(int container)
    {
        var count = 0;
        for (var member = container + 1; member < _ends[container] && count <= LinearScanLimit; member = NextMember(member))
        {
            count++;
        }

        return count;
    }

    private Dictionary<string, int>? BuildTable(int container)
    {
        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var member = container + 1; member < _ends[container]; member = NextMember(member))
        {
            var name = NameAt(member);
            if (name is null || table.ContainsKey(name))
            {
                // A repeated or undecodable name: the linear scan settles this object's lookups.
                return null;
            }

            table[name] = member;
        }

        return table;
    }

    /// <summary>A member name as a pointer segment (escaped), or null when it is not valid UTF-16.</summary>
    private string? NameAt(int entry)
    {
        var start = _offsets[entry];
        var end = EndOfString(start, out var escaped);
        string name;
        if (!escaped)
        {
            try
            {
                name = StrictUtf8.GetString(_utf8, start + 1, end - start - 1);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
        else if (!TryDecode(start, end, out name))
        {
            return null;
        }

        return SpecSourceMap.Escape(name);
    }

    /// <summary>Index of the closing quote of the string token at <paramref name="start"/>.</summary>
    private int EndOfString(int start, out bool escaped)
    {
        escaped = false;
        var i = start + 1;
        while (_utf8[i] != (byte)'"')
        {
            if (_utf8[i] == (byte)'\\')
            {
                escaped = true;
                i++;
            }

            i++;
        }

        return i;
    }

    private bool TryDecode(int start, int end, out string value)
    {
        value = "";
        var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_utf8, start, end - start + 1));
        try
        {
            reader.Read();
            value = reader.GetString() ?? "";
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException || ex is JsonException)
        {
            // A lone surrogate escape: no pointer names it.
            return false;
        }
    }

    /// <summary>An array index as the pointers spell it: digits, no leading zero.</summary>
    private static bool TryParseIndex(string segment, out int index)
    {
        index = 0;
        if (segment.Length == 0 || segment.Length > 9 || (segment[0] == '0' && segment.Length > 1))
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            index = (index * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>One pointer segment, compared with member names without decoding the names that need no decoding.</summary>
    private readonly struct Segment
    {
        private readonly string _name;
        private readonly byte[]? _utf8;

        public Segment(string escaped)
        {
            _name = SpecSourceMap.Unescape(escaped);
            _utf8 = null;
            // Only the escaping that the pointers are built with names a member ("~2" or a lone '~' name none).
            if (SpecSourceMap.Escape(_name) != escaped)
            {
                return;
            }

            try
            {
                _utf8 = StrictUtf8.GetBytes(_name);
            }
            catch (ArgumentException)
            {
                // A lone surrogate: no member name decodes to it.
            }
        }

        public bool CanMatch => _utf8 is not null;

        public bool Matches(JsonTape tape, int entry)
        {
            var start = tape._offsets[entry];
            var end = tape.EndOfString(start, out var escaped);
            if (!escaped)
            {
                return new ReadOnlySpan<byte>(tape._utf8, start + 1, end - start - 1).SequenceEqual(_utf8);
            }

            return tape.TryDecode(start, end, out var name) && name == _name;
        }
    }

    /// <summary>Records a tape from a token stream; containers left open when the text breaks off end where it ends.</summary>
    internal sealed class Builder
    {
        private readonly byte[] _utf8;
        private readonly Stack<int> _open = new Stack<int>();
        private int[] _offsets;
        private int[] _ends;
        private int _count;

        public Builder(byte[] utf8)
        {
            _utf8 = utf8;
            // bunq's specs hold one entry per 14-16 bytes of text (29 for the 2018 one): sized so that none regrows.
            var capacity = Math.Max(16, utf8.Length / 12);
            _offsets = new int[capacity];
            _ends = new int[capacity];
        }

        public void Key(long offset) => Add(offset);

        public void Scalar(long offset) => Add(offset);

        public void Open(long offset) => _open.Push(Add(offset));

        public void Close() => _ends[_open.Pop()] = _count;

        public JsonTape Finish()
        {
            while (_open.Count > 0)
            {
                Close();
            }

            return new JsonTape(_utf8, _offsets, _ends, _count);
        }

        private int Add(long offset)
        {
            if (_count == _offsets.Length)
            {
                Array.Resize(ref _offsets, _count * 2);
                Array.Resize(ref _ends, _count * 2);
            }

            _offsets[_count] = (int)offset;
            _ends[_count] = _count + 1;
            return _count++;
        }
    }
}

/// <summary>
/// Pointer → line/column for YAML, from SharpYaml's event stream. Aliases are not expanded (an alias is located where
/// it is written), so an alias bomb costs no more here than its text.
/// </summary>
internal sealed class YamlPositionIndex : SpecSourceMap.IPositionIndex
{
    private readonly Dictionary<string, SpecSourceMap.Position> _positions;

    private YamlPositionIndex(Dictionary<string, SpecSourceMap.Position> positions, List<KeyValuePair<string, string>> references)
    {
        _positions = positions;
        References = references;
    }

    public IReadOnlyList<KeyValuePair<string, string>> References { get; }

    public bool TryGet(string pointer, out SpecSourceMap.Position position) => _positions.TryGetValue(pointer, out position);

    public static YamlPositionIndex Build(string text, int maxDepth)
    {
        var positions = new Dictionary<string, SpecSourceMap.Position>(StringComparer.Ordinal);
        var containers = new Stack<Frame>();
        var references = new List<KeyValuePair<string, string>>();
        try
        {
            var parser = Parser.CreateParser(new StringReader(text), maxDepth);
            while (parser.MoveNext())
            {
                var current = parser.Current;
                switch (current)
                {
                    case MappingEnd:
                    case SequenceEnd:
                        if (containers.Count > 0)
                        {
                            containers.Pop();
                        }

                        continue;
                    case DocumentEnd:
                        return new YamlPositionIndex(positions, references);
                    case MappingStart:
                    case SequenceStart:
                    case Scalar:
                    case AnchorAlias:
                        break;
                    default:
                        continue;
                }

                var position = new SpecSourceMap.Position(current.Start.Line + 1, current.Start.Column + 1);
                string? pointer;
                if (containers.Count == 0)
                {
                    pointer = "";
                    positions[pointer] = position;
                }
                else
                {
                    var parent = containers.Pop();
                    if (parent.IsSequence)
                    {
                        pointer = parent.Pointer + "/" + parent.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        containers.Push(parent.With(parent.Count + 1, null));
                        positions[pointer] = position;
                    }
                    else if (parent.PendingKey is null)
                    {
                        // A mapping key: only scalar keys name a member; complex keys are skipped as pointers.
                        var key = current is Scalar scalar ? scalar.Value : "";
                        var member = parent.Pointer + "/" + SpecSourceMap.Escape(key);
                        containers.Push(parent.With(parent.Count, member));
                        if (!positions.ContainsKey(member))
                        {
                            positions[member] = position;
                        }

                        if (current is MappingStart || current is SequenceStart)
                        {
                            containers.Push(new Frame(member + "/?", current is SequenceStart, 0, null));
                        }

                        continue;
                    }
                    else
                    {
                        pointer = parent.PendingKey;
                        containers.Push(parent.With(parent.Count, null));
                        if (current is Scalar reference && pointer.EndsWith("/$ref", StringComparison.Ordinal))
                        {
                            references.Add(new KeyValuePair<string, string>(pointer, reference.Value ?? ""));
                        }
                    }
                }

                if (current is MappingStart || current is SequenceStart)
                {
                    containers.Push(new Frame(pointer, current is SequenceStart, 0, null));
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // SharpYaml's scanner fails on some inputs the loader reports anyway; keep the positions seen so far.
        }

        return new YamlPositionIndex(positions, references);
    }

    private readonly struct Frame
    {
        public Frame(string pointer, bool isSequence, int count, string? pendingKey)
        {
            Pointer = pointer;
            IsSequence = isSequence;
            Count = count;
            PendingKey = pendingKey;
        }

        public string Pointer { get; }

        public bool IsSequence { get; }

        public int Count { get; }

        /// <summary>Set between a mapping key and its value: the member's pointer.</summary>
        public string? PendingKey { get; }

        public Frame With(int count, string? pendingKey) => new Frame(Pointer, IsSequence, count, pendingKey);
    }
}
