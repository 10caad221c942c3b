using RegBench.Abstractions;
using RegBench.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.MiyatoSpectralNorm;

/// <summary>
/// The factory miyato-sn hands the architecture: it builds each layer through the engine's factory (so the engine still
/// lists it) and returns it wrapped in a <see cref="SpectrallyNormalizedLayer"/>, unless "first" or a name pattern excludes it.
/// </summary>
internal sealed class SpectralNormLayerFactory(ILayerFactory inner, MiyatoSpectralNormOptions options, Action<SpectralNormalizer> created)
    : ILayerFactory
{
    private readonly List<string> namePatterns = options.Exclude.Where(e => e is not ("first" or "last")).ToList();

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
            throw new InvalidOperationException($"{MiyatoSpectralNorm.PluginName}: the inner layer factory did not record layer '{name}' as its newest layer.");
        var layer = inner.Layers[^1];
        bool excluded = (before == 0 && options.Exclude.Contains("first")) || LayerSelector.Apply([layer], namePatterns).Count == 0;
        if (excluded) return module;
        var normalizer = new SpectralNormalizer(layer, options);
        // PyTorch draws u, v when the parametrization is registered; the seed here is the layer name, attach redraws from the cell seed.
        using (var generator = LayerSeed.Generator(0, name)) normalizer.Initialize(generator, options.InitIterations);
        layer.EffectiveWeight = normalizer.EffectiveWeight;
        created(normalizer);
        return new SpectrallyNormalizedLayer(module, normalizer, options.PowerIterations);
    }
}
