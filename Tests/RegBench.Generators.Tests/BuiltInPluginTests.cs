using System.CodeDom.Compiler;
using System.Reflection;
using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Datasets.Synthetic;
using RegBench.Regularizers.None;

namespace RegBench.Generators.Tests;

/// <summary>The converted plugins (none, synthetic) get their manifest from the generator in the real build.</summary>
public sealed class BuiltInPluginTests
{
    private static IPluginManifest ManifestOf(Assembly assembly)
    {
        var type = assembly.GetCustomAttribute<PluginManifestAttribute>()!.ManifestType;
        Assert.Equal("RegBenchPluginManifest", type.Name);
        Assert.Equal("RegBench.Generators", type.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool);
        return (IPluginManifest)Activator.CreateInstance(type)!;
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void None_manifest_is_generated_and_creates_the_plugin()
    {
        var plugin = Assert.Single(ManifestOf(typeof(NoRegularization).Assembly).Plugins);
        Assert.Equal((PluginKind.Regularizer, "none"), (plugin.Kind, plugin.Name));
        Assert.Equal("No regularization: the baseline every study compares against.", plugin.Description);
        Assert.Empty(plugin.Options);
        Assert.IsType<NoRegularization>(plugin.Create(Json("{}")));
        Assert.Equal("lambda", Assert.Throws<PluginOptionsException>(() => plugin.Create(Json("""{"lambda": 1}"""))).PropertyPath);
    }

    [Fact]
    public void Synthetic_manifest_is_generated_with_options_defaults_and_schema()
    {
        var manifest = ManifestOf(typeof(SyntheticDataset).Assembly);
        var plugin = Assert.Single(manifest.Plugins);
        Assert.Equal((PluginKind.Dataset, "synthetic"), (plugin.Kind, plugin.Name));
        Assert.Equal(
            ["channels=1", "height=28", "width=28", "classes=10", "trainSize=10000", "testSize=2000", "teacherWidth=64", "seed=0"],
            plugin.Options.Select(o => $"{o.Name}={o.Default}"));
        Assert.All(plugin.Options, o => Assert.Equal("integer", o.Type));
        Assert.Equal("Image channels.", plugin.Options[0].Description);
        using var schema = JsonDocument.Parse(((IPluginOptionsSchemaProvider)manifest).GetOptionsSchema(PluginKind.Dataset, "synthetic")!);
        Assert.Equal(2, schema.RootElement.GetProperty("properties").GetProperty("classes").GetProperty("minimum").GetInt32());

        var dataset = Assert.IsType<SyntheticDataset>(plugin.Create(Json("""{"classes": 3, "width": 4, "height": 4}""")));
        Assert.Equal(new DataShape(1, 4, 4, 3), dataset.Shape);
    }

    [Theory]
    [InlineData("""{"width": 0}""", "width", "must be ≥ 1, found 0.")]
    [InlineData("""{"trainSize": -5}""", "trainSize", "must be ≥ 1, found -5.")]
    [InlineData("""{"classes": 1}""", "classes", "must be ≥ 2, found 1.")]
    [InlineData("""{"width": "28"}""", "width", "wrong type; expected integer (32-bit), found string \"28\".")]
    [InlineData("""{"widht": 28}""", "widht", "unknown option. Known options: channels (integer), height (integer), width (integer)")]
    public void Synthetic_options_errors_name_the_property(string json, string path, string message)
    {
        var plugin = Assert.Single(ManifestOf(typeof(SyntheticDataset).Assembly).Plugins);
        var error = Assert.Throws<PluginOptionsException>(() => plugin.Create(Json(json)));
        Assert.Equal("synthetic", error.PluginName);
        Assert.Equal(path, error.PropertyPath);
        Assert.Contains(message, error.Message);
    }
}
