using System.Text;
using RegBench.Engine.Experiments;

namespace RegBench.Engine.Tests.Experiments;

public sealed class JsonPositionMapTests
{
    private static readonly JsonPositionMap Map = new(Encoding.UTF8.GetBytes("{\n  \"a\": { \"b\": [10, { \"c\": true }] },\n  \"é\": 1, \"d\": 2\n}"));

    [Theory]
    [InlineData("a", 2, 8)]
    [InlineData("a.b[0]", 2, 16)]
    [InlineData("a.b[1].c", 2, 27)]
    [InlineData("d", 3, 16)]
    public void Finds_line_and_column_of_values_by_path(string path, int line, int column) =>
        Assert.Equal((line, column), Map.Find(path));

    [Fact]
    public void An_absent_path_falls_back_to_its_nearest_located_parent() => Assert.Equal(Map.Find("a.b"), Map.Find("a.b.missing"));
}
