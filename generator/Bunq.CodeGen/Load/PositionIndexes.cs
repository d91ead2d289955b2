using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using SharpYaml;
using SharpYaml.Events;

namespace Bunq.CodeGen.Load;

/// <summary>Pointer → byte offset of every node of a JSON text; offsets become line/column only when asked.</summary>
internal sealed class JsonPositionIndex : SpecSourceMap.IPositionIndex
{
    private readonly Dictionary<string, long> _offsets;
    private readonly Utf8LineIndex _lines;

    private JsonPositionIndex(Dictionary<string, long> offsets, Utf8LineIndex lines)
    {
        _offsets = offsets;
        _lines = lines;
    }

    /// <summary>The JSON path resolves references while parsing; see <see cref="JsonSpecParser"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> References { get; } = new KeyValuePair<string, string>[0];

    public bool TryGet(string pointer, out SpecSourceMap.Position position)
    {
        if (_offsets.TryGetValue(pointer, out var offset))
        {
            position = _lines.ToPosition(offset);
            return true;
        }

        position = default;
        return false;
    }

    /// <summary>Never throws: a text that stops being valid JSON yields the positions seen up to that point.</summary>
    public static JsonPositionIndex Build(byte[] utf8, Utf8LineIndex lines, int maxDepth)
    {
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var containers = new Stack<Container>();
        string? pendingMember = null;
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
                        pendingMember = containers.Peek().Pointer + "/" + SpecSourceMap.Escape(reader.GetString() ?? "");
                        offsets[pendingMember] = reader.TokenStartIndex;
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        containers.Pop();
                        continue;
                }

                string pointer;
                if (containers.Count == 0)
                {
                    pointer = "";
                    offsets[pointer] = reader.TokenStartIndex;
                }
                else if (containers.Peek().IsArray)
                {
                    var parent = containers.Pop();
                    pointer = parent.Pointer + "/" + parent.NextIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    containers.Push(parent.Advance());
                    offsets[pointer] = reader.TokenStartIndex;
                }
                else
                {
                    pointer = pendingMember ?? "";
                }

                if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray)
                {
                    containers.Push(new Container(pointer, reader.TokenType == JsonTokenType.StartArray, 0));
                }
            }
        }
        catch (JsonException)
        {
            // The loader has already reported the syntax error; keep what was indexed before it.
        }

        return new JsonPositionIndex(offsets, lines);
    }

    private readonly struct Container
    {
        public Container(string pointer, bool isArray, int nextIndex)
        {
            Pointer = pointer;
            IsArray = isArray;
            NextIndex = nextIndex;
        }

        public string Pointer { get; }

        public bool IsArray { get; }

        public int NextIndex { get; }

        public Container Advance() => new Container(Pointer, IsArray, NextIndex + 1);
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
