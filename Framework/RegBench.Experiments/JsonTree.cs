// RegBench.Experiments (netstandard2.0): referenced by RegBench.Engine and loaded beside the experiment-matrix generator,
// so the compile-time and run-time validators read experiments.json identically (docs/generators.md).
using System.Collections.Generic;
using System.Linq;

namespace RegBench.Experiments;

/// <summary>The kind of a JSON value.</summary>
public enum JsonTreeKind
{
    /// <summary>An object.</summary>
    Object,
    /// <summary>An array.</summary>
    Array,
    /// <summary>A string.</summary>
    String,
    /// <summary>A number.</summary>
    Number,
    /// <summary>true.</summary>
    True,
    /// <summary>false.</summary>
    False,
    /// <summary>null.</summary>
    Null,
}

/// <summary>
/// A JSON value with its place in the text (1-based line and column in UTF-16 units, character offset and length).
/// Objects keep every property in order, duplicates included.
/// </summary>
public sealed class JsonTreeNode
{
    internal JsonTreeNode(JsonTreeKind kind, string source, int offset, int length, int line, int column)
    {
        Kind = kind;
        Source = source;
        Offset = offset;
        Length = length;
        Line = line;
        Column = column;
    }

    /// <summary>The kind of value.</summary>
    public JsonTreeKind Kind { get; }

    /// <summary>Character offset of the value's first character.</summary>
    public int Offset { get; }

    /// <summary>Characters from the first to the last character of the value.</summary>
    public int Length { get; internal set; }

    /// <summary>1-based line of the value's first character.</summary>
    public int Line { get; }

    /// <summary>1-based column of the value's first character.</summary>
    public int Column { get; }

    /// <summary>The decoded text of a string value (null for other kinds).</summary>
    public string? Text { get; internal set; }

    /// <summary>An object's properties in file order, duplicates included.</summary>
    public IReadOnlyList<JsonTreeProperty> Properties { get; internal set; } = [];

    /// <summary>An array's items in order.</summary>
    public IReadOnlyList<JsonTreeNode> Items { get; internal set; } = [];

    /// <summary>The value exactly as written (for numbers, strings with their escapes, and in messages).</summary>
    public string RawText => Source.Substring(Offset, Length);

    private string Source { get; }

    /// <summary>The value of property <paramref name="name"/> (the last one if it is repeated, as System.Text.Json does).</summary>
    public bool TryGet(string name, out JsonTreeNode value)
    {
        for (var i = Properties.Count - 1; i >= 0; i--)
        {
            if (Properties[i].Name != name) continue;
            value = Properties[i].Value;
            return true;
        }
        value = null!;
        return false;
    }

    /// <summary>The first property of each name, in file order (a repeated name is an RB1003 error of its own).</summary>
    public IEnumerable<JsonTreeProperty> DistinctProperties() => Properties.GroupBy(p => p.Name).Select(g => g.First());
}

/// <summary>One property of an object: its name, where the name is, and its value.</summary>
/// <param name="Name">The decoded property name.</param>
/// <param name="Line">1-based line of the name.</param>
/// <param name="Column">1-based column of the name's opening quote.</param>
/// <param name="Value">The property's value.</param>
public sealed record JsonTreeProperty(string Name, int Line, int Column, JsonTreeNode Value);

/// <summary>Invalid JSON at a place in the text.</summary>
public sealed class JsonTreeException(int line, int column, string message) : System.Exception(message)
{
    /// <summary>1-based line of the offending character.</summary>
    public int Line { get; } = line;

    /// <summary>1-based column of the offending character.</summary>
    public int Column { get; } = column;
}
