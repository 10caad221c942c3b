using System.Text;
using RegBench.Engine.Experiments;

namespace RegBench.Engine.Tests.Experiments;

public sealed class CellSelectionTests
{
    private static readonly IReadOnlyList<CellSpec> Cells = MatrixExpander.Expand(ExperimentFileReader.Parse(Encoding.UTF8.GetBytes("""
        { "profiles": { "p": { "datasets": ["synthetic"], "architectures": ["mlp", { "name": "mlp", "depth": 1 }],
          "regularizers": ["none"], "seeds": [0, 1, 2, 3, 4], "batchSizes": [32, 64] } } }
        """), "e.json", BuiltInPlugins.Catalog).Profile("p"));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(25)]
    public void Shards_partition_the_matrix_every_cell_exactly_once(int shards)
    {
        var ids = Enumerable.Range(1, shards).SelectMany(k => new CellSelection(new Dictionary<string, IReadOnlySet<string>>(), k, shards).Apply(Cells)).Select(c => c.CellId).ToList();
        Assert.Equal(Cells.Select(c => c.CellId).Order(), ids.Order());
    }

    [Fact]
    public void Filters_keep_only_matching_cells_on_every_named_axis()
    {
        var selected = new CellSelection(new Dictionary<string, IReadOnlySet<string>>
        {
            ["seed"] = new HashSet<string> { "1", "3" },
            ["batchSize"] = new HashSet<string> { "64" },
            ["architecture"] = new HashSet<string> { "mlp(depth=1)" },
        }).Apply(Cells);
        Assert.Equal([(1L, 64), (3L, 64)], selected.Select(c => (c.Seed, c.BatchSize)));
        Assert.All(selected, c => Assert.Equal("mlp(depth=1)", c.Architecture.Label));
    }

    [Fact]
    public void A_cell_rebuilt_from_its_stored_json_has_the_same_id() =>
        Assert.All(Cells, c => Assert.Equal(c.CellId, CellSpec.FromCanonicalJson(c.CanonicalJson).CellId));
}
