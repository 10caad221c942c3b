using System.Text.Json;
using RegBench.Abstractions;

namespace RegBench.Datasets.Tests;

/// <summary>The file datasets' generated manifests: one plugin class per name, options checked before creation.</summary>
public sealed class DatasetOptionsTests
{
    private static readonly IReadOnlyList<PluginDescriptor> Descriptors =
    [
        .. new Idx.RegBenchPluginManifest().Plugins, .. new Cifar.RegBenchPluginManifest().Plugins, .. new Stl10.RegBenchPluginManifest().Plugins,
    ];

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Theory]
    [InlineData("fashion-mnist", typeof(Idx.FashionMnistDataset), 10)]
    [InlineData("mnist", typeof(Idx.MnistDataset), 10)]
    [InlineData("cifar10", typeof(Cifar.Cifar10Dataset), 10)]
    [InlineData("cifar100", typeof(Cifar.Cifar100Dataset), 100)]
    [InlineData("stl10", typeof(Stl10.Stl10Dataset), 10)]
    public void Each_name_creates_its_own_plugin_class_with_default_options(string name, Type type, int classes)
    {
        var dataset = Descriptors.Single(d => d.Name == name).CreateFrom(Json("{}"));
        Assert.IsType(type, dataset);
        Assert.Equal(classes, ((IDataset)dataset).Shape.Classes);
    }

    [Fact]
    public void Cifar100_coarse_labels_have_20_classes()
    {
        var dataset = Cifar.RegBenchPluginManifest.Cifar100DatasetPlugin.Create(Cifar.RegBenchPluginManifest.Cifar100DatasetPlugin.Bind(Json("""{"labels": "coarse"}""")));
        Assert.Equal(20, dataset.Shape.Classes);
    }

    [Theory]
    [InlineData("fashion-mnist", """{"trainLimit": -1}""", "trainLimit", "must be ≥ 0 and ≤ 60000, found -1.")]
    [InlineData("mnist", """{"testLimit": -2}""", "testLimit", "must be ≥ 0 and ≤ 10000, found -2.")]
    [InlineData("mnist", """{"trainLimit": 60001}""", "trainLimit", "must be ≥ 0 and ≤ 60000, found 60001.")]
    [InlineData("cifar10", """{"trainLimit": -1}""", "trainLimit", "must be ≥ 0 and ≤ 50000, found -1.")]
    [InlineData("cifar100", """{"testLimit": -1}""", "testLimit", "must be ≥ 0 and ≤ 10000, found -1.")]
    [InlineData("cifar10", """{"testLimit": 10001}""", "testLimit", "must be ≥ 0 and ≤ 10000, found 10001.")]
    [InlineData("cifar100", """{"labels": "medium"}""", "labels", "unknown value 'medium'; expected one of fine, coarse.")]
    [InlineData("stl10", """{"trainLimit": -1}""", "trainLimit", "must be ≥ 0 and ≤ 5000, found -1.")]
    [InlineData("stl10", """{"testLimit": 8001}""", "testLimit", "must be ≥ 0 and ≤ 8000, found 8001.")]
    [InlineData("cifar10", """{"labels": "fine"}""", "labels", "unknown option. Known options: augment (boolean), trainLimit (integer), testLimit (integer).")]
    public void Invalid_options_fail_naming_the_option(string name, string json, string option, string message)
    {
        var error = Assert.Throws<PluginOptionsException>(() => Descriptors.Single(d => d.Name == name).CreateFrom(Json(json)));
        Assert.Equal((name, option), (error.PluginName, error.PropertyPath));
        Assert.EndsWith(message, error.Message);
    }

    [Theory]
    [InlineData("fashion-mnist", "{}", 60000, 10000)]
    [InlineData("mnist", """{"trainLimit": 500, "testLimit": 100}""", 500, 100)]
    [InlineData("cifar10", """{"trainLimit": 1000}""", 1000, 10000)]
    [InlineData("stl10", "{}", 5000, 8000)]
    public void Size_reports_the_examples_Load_returns_from_the_options_alone(string name, string json, long train, long test)
    {
        var dataset = (IDataset)Descriptors.Single(d => d.Name == name).CreateFrom(Json(json));

        Assert.Equal(new DatasetSize(train, test), dataset.Size);
    }
}
