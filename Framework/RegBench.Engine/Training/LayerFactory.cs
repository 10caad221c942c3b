using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Training;

/// <summary>The engine's <see cref="ILayerFactory"/>: TorchSharp layers, each recorded as a <see cref="RegularizedLayer"/>.</summary>
public sealed class LayerFactory : ILayerFactory
{
    private readonly List<RegularizedLayer> layers = [];

    /// <inheritdoc />
    public IReadOnlyList<RegularizedLayer> Layers => layers;

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Linear(string name, long inFeatures, long outFeatures, bool bias = true)
    {
        var module = nn.Linear(inFeatures, outFeatures, hasBias: bias);
        Add(new RegularizedLayer(name, module.weight!, LayerKind.Linear));
        return module;
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Conv2d(string name, long inChannels, long outChannels, int kernelSize,
        int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true, (int Height, int Width)? inputSize = null)
    {
        var module = nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, dilation: dilation, groups: groups, bias: bias);
        Add(new RegularizedLayer(name, module.weight!, LayerKind.Conv2d,
            new ConvGeometry((stride, stride), (padding, padding), (dilation, dilation), groups, inputSize)));
        return module;
    }

    private void Add(RegularizedLayer layer)
    {
        if (layers.Any(l => l.Name == layer.Name))
            throw new InvalidOperationException($"The architecture created two weight layers named '{layer.Name}'; layer names must be unique.");
        layers.Add(layer);
    }
}
