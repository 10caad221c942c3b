using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Layers;

/// <summary>
/// The layer factory a reparametrizing regularizer hands the architecture: it builds each layer through the engine's
/// factory (so the engine still lists it) and returns <paramref name="wrap"/>'s module for every layer that "first" or a
/// name pattern in <paramref name="exclude"/> does not leave as built ("last" is only known once the model is built).
/// </summary>
public sealed class WrappingLayerFactory(ILayerFactory inner, string pluginName, IReadOnlyList<string> exclude,
    Func<RegularizedLayer, nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>> wrap) : ILayerFactory
{
    private readonly List<string> namePatterns = exclude.Where(e => e is not ("first" or "last")).ToList();

    /// <inheritdoc />
    public IReadOnlyList<RegularizedLayer> Layers => inner.Layers;

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Linear(string name, long inFeatures, long outFeatures, bool bias = true) =>
        Wrap(name, () => inner.Linear(name, inFeatures, outFeatures, bias));

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Conv2d(string name, long inChannels, long outChannels, int kernelSize,
        int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true, (int Height, int Width)? inputSize = null) =>
        Wrap(name, () => inner.Conv2d(name, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, inputSize));

    private nn.Module<Tensor, Tensor> Wrap(string name, Func<nn.Module<Tensor, Tensor>> build)
    {
        int before = inner.Layers.Count;
        var module = build();
        if (inner.Layers.Count != before + 1 || inner.Layers[^1].Name != name)
            throw new InvalidOperationException($"{pluginName}: the inner layer factory did not record layer '{name}' as its newest layer.");
        var layer = inner.Layers[^1];
        bool excluded = (before == 0 && exclude.Contains("first")) || LayerSelector.Apply([layer], namePatterns).Count == 0;
        return excluded ? module : wrap(layer, module);
    }
}
