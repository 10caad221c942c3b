using System.CodeDom.Compiler;
using System.Reflection;
using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Datasets.Synthetic;
using RegBench.Regularizers.None;

namespace RegBench.Generators.Tests;

/// <summary>Every built-in plugin gets its manifest from the generator in the real build (Plugins/Directory.Build.props).</summary>
public sealed class BuiltInPluginTests
{
    private static readonly (PluginKind Kind, string Name)[] BuiltInPlugins =
    [
        (PluginKind.Regularizer, "adversarial"), (PluginKind.Regularizer, "frobenius-scaling"), (PluginKind.Regularizer, "miyato-sn"),
        (PluginKind.Regularizer, "none"), (PluginKind.Regularizer, "sn-regularization"), (PluginKind.Regularizer, "spectral-scaling"),
        (PluginKind.Regularizer, "stiefel"), (PluginKind.Regularizer, "weight-decay"),
        (PluginKind.Architecture, "densenet"), (PluginKind.Architecture, "mlp"), (PluginKind.Architecture, "nin"),
        (PluginKind.Architecture, "resnet"), (PluginKind.Architecture, "vgg"),
        (PluginKind.Dataset, "cifar10"), (PluginKind.Dataset, "cifar100"), (PluginKind.Dataset, "fashion-mnist"),
        (PluginKind.Dataset, "mnist"), (PluginKind.Dataset, "stl10"), (PluginKind.Dataset, "synthetic"),
    ];

    private static IPluginManifest ManifestOf(Assembly assembly)
    {
        var type = assembly.GetCustomAttribute<PluginManifestAttribute>()!.ManifestType;
        Assert.Equal("RegBenchPluginManifest", type.Name);
        Assert.Equal("RegBench.Generators", type.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool);
        return (IPluginManifest)Activator.CreateInstance(type)!;
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    /// <summary>The assembly of every project under Plugins/ (the test project references them all; the name is the project's).</summary>
    private static IReadOnlyList<Assembly> BuiltInPluginAssemblies()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "RegBench.sln"))) root = Path.GetDirectoryName(root)!;
        return Directory.EnumerateFiles(Path.Combine(root, "Plugins"), "*.csproj", SearchOption.AllDirectories)
            .Select(project => Assembly.Load(Path.GetFileNameWithoutExtension(project)))
            .ToList();
    }

    [Fact]
    public void Every_built_in_plugin_assembly_has_the_generated_manifest_and_together_they_list_the_built_in_plugins()
    {
        var assemblies = BuiltInPluginAssemblies();
        Assert.Equal(17, assemblies.Count);
        var manifests = assemblies.Select(ManifestOf).ToList();
        var plugins = manifests.SelectMany(m => m.Plugins).ToList();

        Assert.Equal(BuiltInPlugins.Order(), plugins.Select(p => (p.Kind, p.Name)).Order());
        Assert.All(plugins, p => Assert.False(string.IsNullOrWhiteSpace(p.Description), $"{p.Name} has no description"));
        Assert.All(plugins.SelectMany(p => p.Options, (p, o) => (p.Name, Option: o)),
            x => Assert.False(string.IsNullOrWhiteSpace(x.Option.Description), $"{x.Name}: option '{x.Option.Name}' has no description"));
        Assert.All(manifests, m => Assert.All(m.Plugins, p => Assert.NotNull(((IPluginOptionsSchemaProvider)m).GetOptionsSchema(p.Kind, p.Name))));
    }

    [Fact]
    public void None_manifest_is_generated_and_creates_the_plugin()
    {
        var plugin = Assert.Single(ManifestOf(typeof(NoRegularization).Assembly).Plugins);
        Assert.Equal((PluginKind.Regularizer, "none"), (plugin.Kind, plugin.Name));
        Assert.Equal("No regularization: the baseline every study compares against.", plugin.Description);
        Assert.Empty(plugin.Options);
        Assert.IsType<NoRegularization>(plugin.CreateFrom(Json("{}")));
        Assert.Equal("lambda", Assert.Throws<PluginOptionsException>(() => plugin.Bind(Json("""{"lambda": 1}"""))).PropertyPath);
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

        var dataset = Assert.IsType<SyntheticDataset>(plugin.CreateFrom(Json("""{"classes": 3, "width": 4, "height": 4}""")));
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
        var error = Assert.Throws<PluginOptionsException>(() => plugin.Bind(Json(json)));
        Assert.Equal("synthetic", error.PluginName);
        Assert.Equal(path, error.PropertyPath);
        Assert.Contains(message, error.Message);
    }
}
