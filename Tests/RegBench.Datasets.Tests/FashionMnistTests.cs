using System.Text.Json;
using RegBench.Abstractions;

namespace RegBench.Datasets.Tests;

public sealed class FashionMnistTests
{
    [FashionMnistFact]
    public void Fashion_mnist_loads_60000_training_and_10000_test_examples_from_the_debian_package()
    {
        var dataset = Idx.RegBenchPluginManifest.FashionMnistDatasetPlugin.Create(Idx.RegBenchPluginManifest.FashionMnistDatasetPlugin.Bind(JsonDocument.Parse("{}").RootElement));
        using var splits = dataset.Load(new DatasetLoadContext(FashionMnistFactAttribute.Directory, 0));

        Assert.Equal([60000L, 1, 28, 28], splits.TrainImages.shape);
        Assert.Equal(10000, splits.TestCount);
        Assert.Equal(9, splits.TrainLabels.max().item<long>());
        Assert.InRange(splits.TrainImages.mean().item<float>(), -1e-3f, 1e-3f);
    }
}
