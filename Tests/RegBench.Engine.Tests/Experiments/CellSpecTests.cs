using System.Text;
using RegBench.Engine.Experiments;
using RegBench.Experiments;

namespace RegBench.Engine.Tests.Experiments;

public sealed class CellSpecTests
{
    private static ExperimentProfile Profile(string architectures = "[\"mlp\"]", string seeds = "[0, 1]") =>
        ExperimentFileReader.Parse(Encoding.UTF8.GetBytes($$"""
            { "profiles": { "p": { "datasets": ["synthetic"], "architectures": {{architectures}},
              "regularizers": ["none"], "seeds": {{seeds}}, "batchSizes": [64, 128] } } }
            """), "e.json", BuiltInPlugins.Catalog).Profile("p");

    [Fact]
    public void Matrix_is_the_cartesian_product_in_a_stable_order()
    {
        var cells = MatrixExpander.Expand(Profile());
        Assert.Equal(4, cells.Count);
        Assert.Equal([(64, 0L), (64, 1L), (128, 0L), (128, 1L)], cells.Select(c => (c.BatchSize, c.Seed)));
    }

    [Fact]
    public void Cell_ids_are_stable_across_parses_and_independent_of_key_order()
    {
        var first = MatrixExpander.Expand(Profile("""[{ "name": "mlp", "width": 64, "depth": 2 }]"""));
        var again = MatrixExpander.Expand(Profile("""[{ "depth": 2, "name": "mlp", "width": 64 }]"""));
        Assert.Equal(first.Select(c => c.CellId), again.Select(c => c.CellId));
        Assert.All(first, c => Assert.Matches("^[0-9a-f]{16}$", c.CellId));
    }

    [Fact]
    public void Cells_that_differ_in_any_axis_have_different_ids()
    {
        var cells = MatrixExpander.Expand(Profile());
        Assert.Equal(cells.Count, cells.Select(c => c.CellId).Distinct().Count());
        var overridden = MatrixExpander.Expand(Profile(), epochsOverride: 5);
        Assert.Empty(cells.Select(c => c.CellId).Intersect(overridden.Select(c => c.CellId)));
    }

    [Fact]
    public void Canonical_json_sorts_keys_and_normalizes_number_spelling() =>
        Assert.Equal("""{"a":[1,0.001],"b":{"c":true}}""",
            CanonicalJson.Write(System.Text.Json.JsonDocument.Parse("""{ "b": { "c": true }, "a": [1, 1e-3] }""").RootElement));

    // Pinned: ids in existing results databases must not change. Computed independently as the first 16 hex digits of
    // sha256 of the canonical text (python3 hashlib) before the canonical writer moved to the shared CellIdentity.
    [Fact]
    public void Id_rule_1_of_a_cell_is_the_pinned_hash_old_stores_hold()
    {
        var cell = MatrixExpander.Expand(Profile("""[{ "name": "mlp", "width": 64, "depth": 2 }]"""))[0];
        Assert.Equal(
            """{"architecture":{"name":"mlp","options":{"depth":2,"width":64}},"batchSize":64,"dataset":{"name":"synthetic","options":{}},"epochs":1,"init":"default","optimizer":{"lr":0.001,"momentum":0.9,"name":"adam","nesterov":false,"weightDecay":0},"profile":"p","regularizer":{"name":"none","options":{}},"schedule":{"gamma":0.1,"milestones":[],"name":"constant","warmupEpochs":0},"seed":0}""",
            cell.LegacyCanonicalJson);
        Assert.Equal("4f4ba4b4b7642c12", cell.LegacyCellId);
    }

    [Fact]
    public void Id_rule_2_is_the_pinned_hash_of_plugins_with_bound_options_and_versions()
    {
        var json = CellIdentity.CellJson("p", new CellPlugin("synthetic", "{}", 1), new CellPlugin("mlp", "{\"depth\":2}", 1), new CellPlugin("none", "{}", 1),
            seed: 0, batchSize: 64, epochs: 1, new OptimizerDraft(), ScheduleDraft.Default, "default");
        Assert.Equal(
            """{"architecture":{"name":"mlp","options":{"depth":2},"version":1},"batchSize":64,"dataset":{"name":"synthetic","options":{},"version":1},"epochs":1,"init":"default","optimizer":{"lr":0.001,"momentum":0.9,"name":"adam","nesterov":false,"weightDecay":0},"profile":"p","regularizer":{"name":"none","options":{},"version":1},"schedule":{"gamma":0.1,"milestones":[],"name":"constant","warmupEpochs":0},"seed":0}""",
            json);
        Assert.Equal("82600b664dc88cc6", CellIdentity.Id(json));
    }
}
