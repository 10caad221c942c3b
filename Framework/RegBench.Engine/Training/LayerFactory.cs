using RegBench.Abstractions;
using RegBench.Engine.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Training;

/// <summary>
/// The engine's <see cref="ILayerFactory"/>: TorchSharp layers, initialized on the CPU (the same weights on every device), moved to
/// the cell's device and only then recorded as a <see cref="RegularizedLayer"/>, so the recorded weight is the one that trains.
/// </summary>
/// <param name="placement">The cell's device (CPU when null).</param>
public sealed class LayerFactory(DevicePlacement? placement = null) : ILayerFactory
{
    private readonly List<RegularizedLayer> layers = [];
    private readonly DevicePlacement placement = placement ?? DevicePlacement.Cpu;

    /// <inheritdoc />
    public IReadOnlyList<RegularizedLayer> Layers => layers;

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Linear(string name, long inFeatures, long outFeatures, bool bias = true)
    {
        var module = placement.Module(nn.Linear(inFeatures, outFeatures, hasBias: bias));
        Add(new RegularizedLayer(name, module.weight!, LayerKind.Linear));
        return module;
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Conv2d(string name, long inChannels, long outChannels, int kernelSize,
        int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true, (int Height, int Width)? inputSize = null)
    {
        var module = placement.Module(nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, dilation: dilation, groups: groups, bias: bias));
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
