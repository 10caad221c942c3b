using System.Text;
using System.Text.Json;

namespace RegBench.Engine.Experiments;

/// <summary>
/// Line and column (1-based) of every value and property name in a JSON text, by path ("profiles.quick.epochs",
/// "profiles.quick.regularizers[2]"), so that errors can point into the user's file. Also finds duplicate keys,
/// which <see cref="JsonDocument"/> silently accepts.
/// </summary>
public sealed class JsonPositionMap
{
    private readonly Dictionary<string, (int Line, int Column)> positions = new(StringComparer.Ordinal);
    private readonly int[] lineStarts;

    /// <summary>Scans <paramref name="utf8"/>; the text must already be known to parse.</summary>
    public JsonPositionMap(ReadOnlySpan<byte> utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++) if (utf8[i] == (byte)'\n') starts.Add(i + 1);
        lineStarts = [.. starts];
        Scan(utf8);
    }

    /// <summary>Paths of properties that appear twice in one object, with the position of the second.</summary>
    public List<(string Path, int Line, int Column)> Duplicates { get; } = [];

    /// <summary>Position of the value (or, if absent, of the nearest located parent) at <paramref name="path"/>.</summary>
    public (int Line, int Column) Find(string path)
    {
        while (true)
        {
            if (positions.TryGetValue(path, out var position)) return position;
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0) return positions.GetValueOrDefault("", (1, 1));
            path = path[..cut];
        }
    }

    private void Scan(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var containers = new Stack<(string Path, bool IsArray, int NextIndex, HashSet<string> Keys)>();
        string? pendingProperty = null;
        while (reader.Read())
        {
            var offset = (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    var parent = containers.Peek();
                    pendingProperty = Join(parent.Path, name);
                    if (!parent.Keys.Add(name))
                    {
                        var (line, column) = Locate(utf8, offset);
                        Duplicates.Add((pendingProperty, line, column));
                    }
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    containers.Pop();
                    break;
                default:
                    var path = NextValuePath(containers, ref pendingProperty);
                    positions.TryAdd(path, Locate(utf8, offset));
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        containers.Push((path, reader.TokenType == JsonTokenType.StartArray, 0, new HashSet<string>(StringComparer.Ordinal)));
                    break;
            }
        }
    }

    private static string NextValuePath(Stack<(string Path, bool IsArray, int NextIndex, HashSet<string> Keys)> containers, ref string? pendingProperty)
    {
        if (containers.Count == 0) return "";
        var top = containers.Peek();
        if (!top.IsArray)
        {
            var path = pendingProperty ?? top.Path;
            pendingProperty = null;
            return path;
        }
        containers.Pop();
        containers.Push(top with { NextIndex = top.NextIndex + 1 });
        return $"{top.Path}[{top.NextIndex}]";
    }

    private (int Line, int Column) Locate(ReadOnlySpan<byte> utf8, int offset)
    {
        var line = Array.BinarySearch(lineStarts, offset);
        if (line < 0) line = ~line - 1;
        var column = Encoding.UTF8.GetCharCount(utf8[lineStarts[line]..offset]) + 1;
        return (line + 1, column);
    }

    /// <summary>Joins a parent path and a property name the way error paths are written.</summary>
    public static string Join(string parent, string property) => parent.Length == 0 ? property : $"{parent}.{property}";
}
