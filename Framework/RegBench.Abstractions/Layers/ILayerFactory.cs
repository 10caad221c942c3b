using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Abstractions;

/// <summary>
/// Creates every weight layer of a model, so the engine knows each one as a <see cref="RegularizedLayer"/>.
/// Model transforms (e.g. Miyato spectral normalization) decorate the factory to reparametrize weights.
/// </summary>
public interface ILayerFactory
{
    /// <summary>A fully connected layer named <paramref name="name"/> (dotted path, unique in the model).</summary>
    nn.Module<Tensor, Tensor> Linear(string name, long inFeatures, long outFeatures, bool bias = true);

    /// <summary>A 2-D convolution; <paramref name="inputSize"/> is the spatial size it sees, when known.</summary>
    nn.Module<Tensor, Tensor> Conv2d(string name, long inChannels, long outChannels, int kernelSize,
        int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true,
        (int Height, int Width)? inputSize = null);

    /// <summary>Every weight layer created so far, in creation order.</summary>
    IReadOnlyList<RegularizedLayer> Layers { get; }
}
