using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Abstractions.Tests;

public sealed class RegularizedLayerTests
{
    private static TorchSharp.Modules.Parameter Weight(params long[] shape) => new(zeros(shape));

    [Fact]
    public void A_weight_of_the_wrong_rank_is_rejected_naming_the_layer_and_its_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => new RegularizedLayer("block1.conv", Weight(4, 3), LayerKind.Conv2d));

        Assert.Contains("block1.conv", error.Message);
        Assert.Contains("[4, 3]", error.Message);
    }

    [Fact]
    public void A_conv_layer_without_geometry_gets_the_default_and_a_linear_layer_none()
    {
        Assert.Equal(ConvGeometry.Default, new RegularizedLayer("c", Weight(8, 3, 3, 3), LayerKind.Conv2d).Conv);
        Assert.Null(new RegularizedLayer("fc", Weight(4, 3), LayerKind.Linear, ConvGeometry.Default).Conv);
    }

    [Theory]
    [InlineData(LayerKind.Conv2d, 8L, 27L)]
    [InlineData(LayerKind.ConvTranspose2d, 3L, 72L)]
    public void The_matrix_view_has_output_channels_as_rows(LayerKind kind, long rows, long columns)
    {
        var layer = new RegularizedLayer("c", Weight(8, 3, 3, 3), kind);

        Assert.Equal((rows, columns), (layer.Rows, layer.Columns));
    }

    [Fact]
    public void Exclude_patterns_match_whole_names_with_wildcards_and_keep_model_order()
    {
        RegularizedLayer[] layers = [new("block1.fc", Weight(2, 2), LayerKind.Linear), new("block10.fc", Weight(2, 2), LayerKind.Linear),
                                     new("out", Weight(2, 2), LayerKind.Linear)];

        Assert.Equal(["block10.fc", "out"], LayerSelector.Apply(layers, ["block1.*"]).Select(l => l.Name));
        Assert.Equal(["block1.fc", "block10.fc"], LayerSelector.Apply(layers, ["out"]).Select(l => l.Name));
        Assert.Equal(["out"], LayerSelector.Apply(layers, ["block1*"]).Select(l => l.Name));
    }
}
