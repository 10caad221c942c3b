using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RegBench.Engine.Experiments;
using RegBench.Experiments;

namespace RegBench.Engine.Tests.Experiments;

/// <summary>The shared JSON reader: positions, comments, duplicates kept, and the same acceptance as System.Text.Json.</summary>
public sealed class JsonTreeParserTests
{
    private static readonly JsonDocumentOptions Relaxed = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    [Fact]
    public void Values_and_property_names_carry_line_and_column()
    {
        var root = JsonTreeParser.Parse("{\n  \"a\": { \"b\": [10, \"x\"] },\n  \"σ\": true }");
        var a = root.Properties[0];
        Assert.Equal(("a", 2, 3), (a.Name, a.Line, a.Column));
        Assert.Equal((2, 8), (a.Value.Line, a.Value.Column));
        var items = a.Value.Properties[0].Value.Items;
        Assert.Equal([(2, 16, "10"), (2, 20, "\"x\"")], items.Select(i => (i.Line, i.Column, i.RawText)));
        Assert.Equal((3, 3, 3, 8), (root.Properties[1].Line, root.Properties[1].Column, root.Properties[1].Value.Line, root.Properties[1].Value.Column));
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed_and_duplicate_keys_are_kept()
    {
        var root = JsonTreeParser.Parse("// head\n{ /* a */ \"k\": 1, \"k\": 2, \"l\": [1, 2,], }");
        Assert.Equal(["k", "k", "l"], root.Properties.Select(p => p.Name));
        Assert.True(root.TryGet("k", out var last));
        Assert.Equal("2", last.RawText);
        Assert.Equal(2, root.Properties[2].Value.Items.Count);
    }

    [Theory]
    [InlineData("{ \"a\": 1 ", 1, 10, "expected ',' or '}'")]
    [InlineData("{ \"a\": tru }", 1, 8, "did you mean true?")]
    [InlineData("{ \"a\": 01 }", 1, 9, "invalid number")]
    [InlineData("{ a: 1 }", 1, 3, "expected a property name in double quotes")]
    [InlineData("{}\n{}", 2, 1, "after the end of the JSON value")]
    [InlineData("", 1, 1, "empty")]
    [InlineData("[\"a\nb\"]", 1, 4, "unterminated string")]
    public void Invalid_json_is_an_error_at_the_offending_character(string text, int line, int column, string message)
    {
        var error = Assert.Throws<JsonTreeException>(() => JsonTreeParser.Parse(text));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message);
    }

    [Property(Replay = "(20261123,1)", MaxTest = 300)]
    public Property Decoded_strings_equal_System_Text_Json_and_reencode_identically() =>
        Prop.ForAll(ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).ToArbitrary(), text =>
        {
            var json = JsonSerializer.Serialize(text);
            var node = JsonTreeParser.Parse(json);
            Assert.Equal(text, node.Text);
            Assert.Equal(json, CellIdentity.String(text));
        });

    [Theory]
    [InlineData("""{ "b": { "c": true }, "a": [1, 1e-3, -0, 12345678901234567890, 2.50] }""")]
    [InlineData("""[ "<&>'+`", "σ₁ ≤ 1", "\u0001\t\n", "😀", null, false ]""")]
    [InlineData("""{ "x": -1.5E+2, "y": 0.1, "z": 1e400 }""")]
    public void Accepts_what_System_Text_Json_accepts_and_canonicalizes_like_it(string text)
    {
        using var document = JsonDocument.Parse(text, Relaxed);
        Assert.Equal(StjCanonical(document.RootElement), CellIdentity.Canonical(JsonTreeParser.Parse(text)));
    }

    // The pre-shared implementation (System.Text.Json) of canonical JSON, kept here as the reference.
    private static string StjCanonical(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Name) + ":" + StjCanonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(StjCanonical)) + "]",
        JsonValueKind.Number => element.TryGetInt64(out var integer)
            ? integer.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : element.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.String => JsonSerializer.Serialize(element.GetString()),
        _ => element.GetRawText(),
    };
}
