using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using Bunq.CodeGen.Diagnostics;

namespace Bunq.CodeGen.Load;

/// <summary>
/// Maps JSON pointers (<c>/paths/~1user/get</c>, with or without a leading <c>#</c>) to 1-based line and column.
/// For JSON it reads the tape the parser recorded in its one pass; for YAML, and for JSON the parser gave up on, it
/// is built lazily on the first <see cref="Locate"/>, so a spec that needs no position never pays for a second pass
/// (the source generator reloads the spec on every edit). Thread-safe.
/// </summary>
public sealed class SpecSourceMap
{
    private readonly Func<IPositionIndex> _build;
    private IPositionIndex? _index;

    private SpecSourceMap(string filePath, Func<IPositionIndex> build)
    {
        FilePath = filePath;
        _build = build;
    }

    public string FilePath { get; }

    internal static SpecSourceMap Empty(string filePath) => new SpecSourceMap(filePath, () => EmptyIndex.Instance);

    /// <summary>From the tape the parser recorded, or, when it stopped early (<paramref name="tape"/> null), a pass of its own.</summary>
    internal static SpecSourceMap ForJson(string filePath, byte[] utf8, Utf8LineIndex lines, JsonTape? tape, int maxDepth) =>
        new SpecSourceMap(filePath, () => tape is null ? JsonPositionIndex.Build(utf8, lines, maxDepth) : new JsonPositionIndex(tape, lines));

    internal static SpecSourceMap ForYaml(string filePath, string text, int maxDepth) =>
        new SpecSourceMap(filePath, () => YamlPositionIndex.Build(text, maxDepth));

    /// <summary>
    /// The location of <paramref name="jsonPointer"/>; for an object member this is where its name starts. When the
    /// pointer does not exist (a reader's synthetic path, a typo) the nearest existing ancestor is returned, down to
    /// the document root. The returned location keeps the pointer that was asked for; line 0 means no position is
    /// known (the file has no readable content).
    /// </summary>
    public SpecLocation Locate(string jsonPointer)
    {
        var pointer = Normalize(jsonPointer);
        var index = Index;
        var probe = pointer;
        while (true)
        {
            if (index.TryGet(probe, out var position))
            {
                return new SpecLocation(FilePath, pointer, position.Line, position.Column);
            }

            if (probe.Length == 0)
            {
                return new SpecLocation(FilePath, pointer, 0, 0);
            }

            var slash = probe.LastIndexOf('/');
            probe = slash <= 0 ? "" : probe.Substring(0, slash);
        }
    }

    /// <summary>YAML only: each <c>$ref</c> member's pointer and value, for locating the reader's reference errors.</summary>
    internal IReadOnlyList<KeyValuePair<string, string>> References => Index.References;

    /// <summary>True when the pointer names a node that exists in the file.</summary>
    public bool Contains(string jsonPointer) => Index.TryGet(Normalize(jsonPointer), out _);

    private IPositionIndex Index
    {
        get
        {
            var index = Volatile.Read(ref _index);
            if (index is null)
            {
                index = _build();
                index = Interlocked.CompareExchange(ref _index, index, null) ?? index;
            }

            return index;
        }
    }

    private static string Normalize(string? jsonPointer)
    {
        if (jsonPointer is null || jsonPointer.Length == 0)
        {
            return "";
        }

        var pointer = jsonPointer[0] == '#' ? jsonPointer.Substring(1) : jsonPointer;
        return pointer == "/" ? "" : pointer;
    }

    internal static string Escape(string segment)
    {
        if (segment.IndexOf('~') < 0 && segment.IndexOf('/') < 0)
        {
            return segment;
        }

        return segment.Replace("~", "~0").Replace("/", "~1");
    }

    internal static string Unescape(string segment)
    {
        if (segment.IndexOf('~') < 0)
        {
            return segment;
        }

        return segment.Replace("~1", "/").Replace("~0", "~");
    }

    internal readonly struct Position
    {
        public Position(int line, int column)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }

        public int Column { get; }
    }

    internal interface IPositionIndex
    {
        IReadOnlyList<KeyValuePair<string, string>> References { get; }

        bool TryGet(string pointer, out Position position);
    }

    private sealed class EmptyIndex : IPositionIndex
    {
        public static readonly EmptyIndex Instance = new EmptyIndex();

        public IReadOnlyList<KeyValuePair<string, string>> References { get; } = new KeyValuePair<string, string>[0];

        public bool TryGet(string pointer, out Position position)
        {
            position = default;
            return false;
        }
    }
}

/// <summary>UTF-8 byte offset to 1-based line and UTF-16 column, the way editors count.</summary>
internal sealed class Utf8LineIndex
{
    private readonly byte[] _utf8;
    private const int BlockSize = 4096;
    private readonly List<int> _lineStarts = new List<int> { 0 };
    private int[]? _blockPrefix;

    public Utf8LineIndex(byte[] utf8)
    {
        _utf8 = utf8;
        var i = 0;
        while (true)
        {
            var next = Array.IndexOf(utf8, (byte)'\n', i);
            if (next < 0)
            {
                break;
            }

            _lineStarts.Add(next + 1);
            i = next + 1;
        }
    }

    public int LineCount => _lineStarts.Count;

    public SpecSourceMap.Position ToPosition(long byteOffset)
    {
        var offset = (int)Math.Max(0, Math.Min(byteOffset, _utf8.Length));
        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        var start = _lineStarts[line];
        return new SpecSourceMap.Position(line + 1, Utf16UnitsBefore(offset) - Utf16UnitsBefore(start) + 1);
    }

    /// <summary>
    /// UTF-16 code units encoded by the bytes before <paramref name="offset"/>. bunq's specs are one 1.4 MB line, so
    /// counting from the line start on every lookup would be quadratic; a per-block prefix keeps each lookup short.
    /// Each byte contributes on its own (a lead byte one unit, a 4-byte lead two, a continuation byte none), so a
    /// block boundary may split a character.
    /// </summary>
    private int Utf16UnitsBefore(int offset)
    {
        var prefix = _blockPrefix ??= BuildBlockPrefix();
        var block = offset / BlockSize;
        return prefix[block] + CountUnits(block * BlockSize, offset);
    }

    private int[] BuildBlockPrefix()
    {
        var prefix = new int[(_utf8.Length / BlockSize) + 1];
        for (var block = 1; block < prefix.Length; block++)
        {
            prefix[block] = prefix[block - 1] + CountUnits((block - 1) * BlockSize, block * BlockSize);
        }

        return prefix;
    }

    private int CountUnits(int from, int to)
    {
        var units = 0;
        for (var i = from; i < to; i++)
        {
            var b = _utf8[i];
            if ((b & 0xC0) != 0x80)
            {
                units += b >= 0xF0 ? 2 : 1;
            }
        }

        return units;
    }

    /// <summary>For <see cref="System.Text.Json.JsonException"/>, which reports a 0-based line and a byte in it.</summary>
    public SpecSourceMap.Position FromLineAndByte(long zeroBasedLine, long byteInLine)
    {
        if (zeroBasedLine < 0 || zeroBasedLine >= _lineStarts.Count)
        {
            return ToPosition(_utf8.Length);
        }

        return ToPosition(_lineStarts[(int)zeroBasedLine] + Math.Max(0, byteInLine));
    }
}
