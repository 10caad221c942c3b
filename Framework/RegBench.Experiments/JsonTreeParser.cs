// RegBench.Experiments (netstandard2.0): referenced by RegBench.Engine and loaded beside the experiment-matrix generator.
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace RegBench.Experiments;

/// <summary>
/// A small strict JSON parser that keeps positions: RFC 8259 plus // and /* */ comments and trailing commas (what
/// experiments.json allows). Strings must not hold raw control characters; numbers follow the JSON grammar.
/// </summary>
public sealed class JsonTreeParser
{
    /// <summary>The deepest nesting of objects and arrays accepted; deeper text is an error, not a stack overflow.</summary>
    public const int MaxDepth = 256;

    private readonly string text;
    private int depth;
    private int position;
    private int line = 1;
    private int lineStart;

    private JsonTreeParser(string text) => this.text = text;

    /// <summary>Parses <paramref name="text"/> (a leading byte-order mark is skipped).</summary>
    /// <exception cref="JsonTreeException">The text is not one JSON value; says what was expected where.</exception>
    public static JsonTreeNode Parse(string text)
    {
        var parser = new JsonTreeParser(text);
        if (text.Length > 0 && text[0] == '\uFEFF') parser.position = 1;
        parser.SkipTrivia();
        if (parser.AtEnd) throw parser.Error("the file is empty; expected a JSON object.");
        var root = parser.ReadValue();
        parser.SkipTrivia();
        if (!parser.AtEnd) throw parser.Error($"unexpected {parser.Describe()} after the end of the JSON value.");
        return root;
    }

    private bool AtEnd => position >= text.Length;

    private JsonTreeNode ReadValue()
    {
        if (AtEnd) throw Error("unexpected end of the file; expected a value.");
        var c = text[position];
        switch (c)
        {
            case '{': return ReadObject();
            case '[': return ReadArray();
            case '"':
            {
                var node = Start(JsonTreeKind.String);
                node.Text = ReadString();
                return End(node);
            }
            case 't': return ReadLiteral("true", JsonTreeKind.True);
            case 'f': return ReadLiteral("false", JsonTreeKind.False);
            case 'n': return ReadLiteral("null", JsonTreeKind.Null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                throw Error($"unexpected {Describe()}; expected a value (object, array, string, number, true, false or null).");
        }
    }

    private JsonTreeNode ReadObject()
    {
        var node = Start(JsonTreeKind.Object);
        Nest();
        var properties = new List<JsonTreeProperty>();
        position++;
        while (true)
        {
            SkipTrivia();
            if (AtEnd) throw Error("unexpected end of the file inside an object; expected '}'.");
            if (text[position] == '}') break;
            if (text[position] != '"') throw Error($"unexpected {Describe()}; expected a property name in double quotes or '}}'.");
            var (nameLine, nameColumn) = (line, position - lineStart + 1);
            var name = ReadString();
            SkipTrivia();
            if (AtEnd || text[position] != ':') throw Error($"unexpected {Describe()}; expected ':' after the property name \"{name}\".");
            position++;
            SkipTrivia();
            properties.Add(new JsonTreeProperty(name, nameLine, nameColumn, ReadValue()));
            SkipTrivia();
            if (AtEnd) throw Error("unexpected end of the file inside an object; expected ',' or '}'.");
            if (text[position] == ',') { position++; continue; }
            if (text[position] != '}') throw Error($"unexpected {Describe()}; expected ',' or '}}' after a property value.");
        }
        position++;
        depth--;
        node.Properties = properties;
        return End(node);
    }

    private JsonTreeNode ReadArray()
    {
        var node = Start(JsonTreeKind.Array);
        Nest();
        var items = new List<JsonTreeNode>();
        position++;
        while (true)
        {
            SkipTrivia();
            if (AtEnd) throw Error("unexpected end of the file inside an array; expected ']'.");
            if (text[position] == ']') break;
            items.Add(ReadValue());
            SkipTrivia();
            if (AtEnd) throw Error("unexpected end of the file inside an array; expected ',' or ']'.");
            if (text[position] == ',') { position++; continue; }
            if (text[position] != ']') throw Error($"unexpected {Describe()}; expected ',' or ']' after an array item.");
        }
        position++;
        depth--;
        node.Items = items;
        return End(node);
    }

    private void Nest()
    {
        if (++depth > MaxDepth)
            throw Error($"objects and arrays are nested more than {MaxDepth} levels deep here; an experiment file needs only a few levels.");
    }

    private string ReadString()
    {
        var builder = new StringBuilder();
        position++; // opening quote
        while (true)
        {
            if (AtEnd || text[position] == '\n') throw Error("unterminated string; expected a closing '\"'.");
            var c = text[position];
            if (c == '"') { position++; return builder.ToString(); }
            if (c < ' ') throw Error($"control character U+{(int)c:X4} inside a string; write it as an escape (\\n, \\t, \\u00XX).");
            if (c != '\\') { builder.Append(c); position++; continue; }
            if (position + 1 >= text.Length) throw Error("unterminated escape sequence.");
            var escape = text[position + 1];
            position += 2;
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (position + 4 > text.Length || !int.TryParse(text.Substring(position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        throw Error("invalid \\u escape; expected four hex digits.", position - 2);
                    builder.Append((char)code);
                    position += 4;
                    break;
                default:
                    throw Error($"invalid escape '\\{escape}' in a string.", position - 2);
            }
        }
    }

    private JsonTreeNode ReadNumber()
    {
        var node = Start(JsonTreeKind.Number);
        if (text[position] == '-') position++;
        if (AtEnd || !IsDigit(text[position])) throw Error("invalid number; expected a digit.");
        if (text[position] == '0') position++;
        else while (!AtEnd && IsDigit(text[position])) position++;
        if (!AtEnd && text[position] == '.')
        {
            position++;
            if (AtEnd || !IsDigit(text[position])) throw Error("invalid number; expected a digit after '.'.");
            while (!AtEnd && IsDigit(text[position])) position++;
        }
        if (!AtEnd && (text[position] == 'e' || text[position] == 'E'))
        {
            position++;
            if (!AtEnd && (text[position] == '+' || text[position] == '-')) position++;
            if (AtEnd || !IsDigit(text[position])) throw Error("invalid number; expected a digit in the exponent.");
            while (!AtEnd && IsDigit(text[position])) position++;
        }
        if (!AtEnd && (char.IsLetterOrDigit(text[position]) || text[position] == '.'))
            throw Error($"invalid number; unexpected {Describe()}.");
        return End(node);
    }

    private JsonTreeNode ReadLiteral(string literal, JsonTreeKind kind)
    {
        if (string.CompareOrdinal(text, position, literal, 0, literal.Length) != 0)
            throw Error($"unexpected {Describe()}; expected a value (did you mean {literal}? JSON literals are lower-case and unquoted).");
        var node = Start(kind);
        position += literal.Length;
        return End(node);
    }

    private void SkipTrivia()
    {
        while (!AtEnd)
        {
            var c = text[position];
            if (c == '\n') { position++; line++; lineStart = position; }
            else if (c is ' ' or '\t' or '\r') position++;
            else if (c == '/' && position + 1 < text.Length && text[position + 1] == '/')
                while (!AtEnd && text[position] != '\n') position++;
            else if (c == '/' && position + 1 < text.Length && text[position + 1] == '*')
            {
                var start = position;
                position += 2;
                while (position + 1 < text.Length && !(text[position] == '*' && text[position + 1] == '/'))
                {
                    if (text[position] == '\n') { line++; lineStart = position + 1; }
                    position++;
                }
                if (position + 1 >= text.Length) throw Error("unterminated /* comment.", start);
                position += 2;
            }
            else return;
        }
    }

    private JsonTreeNode Start(JsonTreeKind kind) => new(kind, text, position, 0, line, position - lineStart + 1);

    private JsonTreeNode End(JsonTreeNode node)
    {
        node.Length = position - node.Offset;
        return node;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private string Describe() => AtEnd ? "end of the file" : text[position] switch
    {
        '\n' or '\r' => "line break",
        var c when c < ' ' => $"control character U+{(int)c:X4}",
        var c => $"'{c}'",
    };

    private JsonTreeException Error(string message, int? at = null)
    {
        var offset = at ?? position;
        var errorLine = 1;
        var start = 0;
        for (var i = 0; i < offset && i < text.Length; i++)
            if (text[i] == '\n') { errorLine++; start = i + 1; }
        return new JsonTreeException(errorLine, offset - start + 1, $"invalid JSON: {message}");
    }
}
