using RegBench.Abstractions;
using RegBench.Layers;
using RegBench.Engine.Torch;
using RegBench.Engine.Training;

namespace RegBench.Engine.Tests.Training;

public sealed class LayerSelectorTests
{
    private static IReadOnlyList<RegularizedLayer> Layers()
    {
        TorchRuntime.EnsureLoaded();
        var factory = new LayerFactory();
        factory.Conv2d("block1.conv", 1, 2, 3);
        factory.Linear("block1.fc", 4, 4);
        factory.Linear("block2.fc", 4, 4);
        factory.Linear("out", 4, 2);
        return factory.Layers;
    }

    [Theory]
    [InlineData(new string[0], "block1.conv,block1.fc,block2.fc,out")]
    [InlineData(new[] { "first" }, "block1.fc,block2.fc,out")]
    [InlineData(new[] { "last" }, "block1.conv,block1.fc,block2.fc")]
    [InlineData(new[] { "block1.*" }, "block2.fc,out")]
    [InlineData(new[] { "*.fc", "first" }, "out")]
    public void Exclude_removes_first_last_and_name_patterns(string[] exclude, string expected) =>
        Assert.Equal(expected, string.Join(",", LayerSelector.Apply(Layers(), exclude).Select(l => l.Name)));

    [Fact]
    public void Layer_names_must_be_unique()
    {
        TorchRuntime.EnsureLoaded();
        var factory = new LayerFactory();
        factory.Linear("fc", 2, 2);
        Assert.Contains("two weight layers named 'fc'", Assert.Throws<InvalidOperationException>(() => factory.Linear("fc", 2, 2)).Message);
    }

    [Fact]
    public void Conv_layers_record_their_geometry_and_matrix_view()
    {
        TorchRuntime.EnsureLoaded();
        var factory = new LayerFactory();
        factory.Conv2d("c", 3, 8, 3, stride: 2, padding: 1, inputSize: (32, 32));
        var layer = Assert.Single(factory.Layers);
        Assert.Equal(new ConvGeometry((2, 2), (1, 1), (1, 1), 1, (32, 32)), layer.Conv);
        Assert.Equal([8L, 27L], layer.AsMatrix().shape);
    }
}
