using System.Text;
using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Experiments;
using RegBench.Engine.Plugins;

namespace RegBench.Engine.Tests.Experiments;

/// <summary>Cell ids hash the bound options (every default filled) and each plugin's manifest version; validation only binds.</summary>
public sealed class BoundOptionsIdentityTests
{
    private static IReadOnlyList<CellSpec> Cells(string regularizer, IPluginDirectory? plugins = null) =>
        MatrixExpander.Expand(ExperimentFileReader.Parse(Encoding.UTF8.GetBytes($$"""
            { "profiles": { "p": { "datasets": ["synthetic"], "architectures": ["mlp"], "regularizers": [{{regularizer}}] } } }
            """), "e.json", plugins ?? BuiltInPlugins.Catalog).Profile("p"));

    [Fact]
    public void Weight_decay_without_options_and_with_its_default_lambda_written_out_is_one_cell()
    {
        var lambda = BuiltInPlugins.Catalog.Find(PluginKind.Regularizer, "weight-decay")!.Options.Single(o => o.Name == "lambda").Default;

        var implicitDefault = Assert.Single(Cells("\"weight-decay\""));
        var writtenDefault = Assert.Single(Cells($$"""{ "name": "weight-decay", "lambda": {{lambda}} }"""));

        Assert.Equal(implicitDefault.CellId, writtenDefault.CellId);
        Assert.NotEqual(implicitDefault.LegacyCellId, writtenDefault.LegacyCellId); // id rule 1 told them apart
    }

    [Fact]
    public void A_lambda_other_than_the_default_is_another_cell()
    {
        var lambda = double.Parse(BuiltInPlugins.Catalog.Find(PluginKind.Regularizer, "weight-decay")!.Options.Single(o => o.Name == "lambda").Default,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(Assert.Single(Cells("\"weight-decay\"")).CellId,
            Assert.Single(Cells($$"""{ "name": "weight-decay", "lambda": {{(lambda * 10).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}} }""")).CellId);
    }

    [Fact]
    public void The_canonical_json_holds_every_option_of_the_plugin_with_its_default()
    {
        var cell = Assert.Single(Cells("\"weight-decay\""));
        using var json = JsonDocument.Parse(cell.CanonicalJson);
        var regularizer = json.RootElement.GetProperty("regularizer");
        var options = regularizer.GetProperty("options").EnumerateObject().Select(p => p.Name);
        Assert.Equal(BuiltInPlugins.Catalog.Find(PluginKind.Regularizer, "weight-decay")!.Options.Select(o => o.Name).Order(StringComparer.Ordinal), options);
        Assert.Equal(1, regularizer.GetProperty("version").GetInt32());
    }

    [Fact]
    public void A_new_plugin_version_is_a_new_cell()
    {
        var bumped = new Directory(BuiltInPlugins.Catalog, d => d.Name == "weight-decay" ? d with { Version = d.Version + 1 } : d);
        Assert.NotEqual(Assert.Single(Cells("\"weight-decay\"")).CellId, Assert.Single(Cells("\"weight-decay\"", bumped)).CellId);
    }

    [Fact]
    public void Validating_an_experiment_file_binds_the_options_and_never_creates_the_plugin()
    {
        var neverCreated = new Directory(BuiltInPlugins.Catalog,
            d => d with { Create = _ => throw new InvalidOperationException($"validation created {d.Name}") });
        Assert.Single(Cells("""{ "name": "weight-decay", "lambda": 0.5 }""", neverCreated));
    }

    [Fact]
    public void A_cell_read_back_from_its_stored_json_keeps_its_id()
    {
        var cell = Assert.Single(Cells("""{ "name": "weight-decay", "lambda": 0.5 }"""));
        Assert.Equal(cell.CellId, CellSpec.FromStoredJson(cell.CanonicalJson, BuiltInPlugins.Catalog).CellId);
    }

    [Fact]
    public void A_cell_stored_under_id_rule_1_is_bound_again_and_still_knows_its_old_id()
    {
        var cell = Assert.Single(Cells("""{ "name": "weight-decay", "lambda": 0.5 }"""));

        var readBack = CellSpec.FromStoredJson(cell.LegacyCanonicalJson, BuiltInPlugins.Catalog);

        Assert.Equal(cell.CellId, readBack.CellId);
        Assert.Equal(cell.LegacyCellId, readBack.LegacyCellId);
        Assert.Equal(CellIdentity.Id(cell.LegacyCanonicalJson), readBack.LegacyCellId);
    }

    // The catalog with its descriptors changed by a function.
    private sealed class Directory(IPluginDirectory inner, Func<PluginDescriptor, PluginDescriptor> change) : IPluginDirectory
    {
        public PluginDescriptor? Find(PluginKind kind, string name) => inner.Find(kind, name) is { } found ? change(found) : null;

        public IReadOnlyList<string> Names(PluginKind kind) => inner.Names(kind);
    }
}
