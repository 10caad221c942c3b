using System.Globalization;

namespace RegBench.Cli.Norms;

/// <summary>
/// The header of a .npy file: a Python dict literal such as <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>,
/// parsed with a small literal parser (strings, True/False/None, integers, tuples, lists, dicts) — never evaluated.
/// </summary>
public sealed record NpyHeader(string Descr, bool FortranOrder, long[] Shape)
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="path"/> names the file in errors.</summary>
    public static NpyHeader Parse(string text, string path)
    {
        var parser = new LiteralParser(text, path);
        if (parser.ParseDocument() is not Dictionary<string, object?> dict)
            throw NpyReader.Error(path, $"has a header that is not a dict: '{text.Trim()}'");
        foreach (var key in new[] { "descr", "fortran_order", "shape" })
            if (!dict.ContainsKey(key)) throw NpyReader.Error(path, $"has a header without '{key}': '{text.Trim()}'");
        var descr = dict["descr"] switch
        {
            string s => s,
            List<object?> => throw NpyReader.Error(path, "holds a structured (record) dtype; save a plain float32 or float64 array"),
            var other => throw NpyReader.Error(path, $"has a header whose 'descr' is not a string ({other ?? "None"})"),
        };
        if (dict["fortran_order"] is not bool fortran)
            throw NpyReader.Error(path, "has a header whose 'fortran_order' is not True or False");
        if (dict["shape"] is not List<object?> dims || dims.Any(d => d is not long))
            throw NpyReader.Error(path, "has a header whose 'shape' is not a tuple of integers");
        var shape = dims.Cast<long>().ToArray();
        if (shape.Any(d => d < 0)) throw NpyReader.Error(path, $"has a negative dimension in its shape ({string.Join(", ", shape)})");
        return new NpyHeader(descr, fortran, shape);
    }

    private sealed class LiteralParser(string text, string path)
    {
        private int position;

        public object? ParseDocument()
        {
            var value = ParseValue();
            SkipSpace();
            if (position != text.Length) throw Fail("unexpected text after the dict");
            return value;
        }

        private object? ParseValue()
        {
            SkipSpace();
            if (position >= text.Length) throw Fail("it ends early");
            var c = text[position];
            if (c is '\'' or '"') return ParseString(c);
            if (c == '{') return ParseDict();
            if (c is '(' or '[') return ParseSequence(c == '(' ? ')' : ']');
            if (char.IsDigit(c) || c == '-') return ParseInteger();
            foreach (var (word, value) in new (string, object?)[] { ("True", true), ("False", false), ("None", null) })
                if (string.CompareOrdinal(text, position, word, 0, word.Length) == 0) { position += word.Length; return value; }
            throw Fail($"unexpected '{c}'");
        }

        private Dictionary<string, object?> ParseDict()
        {
            var dict = new Dictionary<string, object?>();
            position++;
            while (true)
            {
                SkipSpace();
                if (Take('}')) return dict;
                if (ParseValue() is not string key) throw Fail("a dict key is not a string");
                SkipSpace();
                if (!Take(':')) throw Fail($"expected ':' after '{key}'");
                if (!dict.TryAdd(key, ParseValue())) throw Fail($"key '{key}' appears twice");
                SkipSpace();
                if (!Take(',') && !(position < text.Length && text[position] == '}')) throw Fail("expected ',' or '}'");
            }
        }

        private List<object?> ParseSequence(char close)
        {
            var items = new List<object?>();
            position++;
            while (true)
            {
                SkipSpace();
                if (Take(close)) return items;
                items.Add(ParseValue());
                SkipSpace();
                if (!Take(',') && !(position < text.Length && text[position] == close)) throw Fail($"expected ',' or '{close}'");
            }
        }

        private string ParseString(char quote)
        {
            var end = text.IndexOf(quote, position + 1);
            if (end < 0) throw Fail("a string is not closed");
            var value = text[(position + 1)..end];
            position = end + 1;
            return value;
        }

        private long ParseInteger()
        {
            var start = position;
            if (text[position] == '-') position++;
            while (position < text.Length && char.IsDigit(text[position])) position++;
            var digits = text[start..position];
            if (position < text.Length && text[position] is 'L' or 'l') position++;   // Python 2 long suffix, e.g. (3L, 4L)
            return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value : throw Fail($"'{digits}' is not an integer");
        }

        private bool Take(char c)
        {
            if (position >= text.Length || text[position] != c) return false;
            position++;
            return true;
        }

        private void SkipSpace()
        {
            while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
        }

        private InvalidDataException Fail(string reason) =>
            NpyReader.Error(path, $"has a malformed header ({reason} at character {position + 1}): '{text.Trim()}'");
    }
}
