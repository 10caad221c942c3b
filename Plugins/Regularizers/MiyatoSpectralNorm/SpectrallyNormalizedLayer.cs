using RegBench.Abstractions;
using RegBench.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.MiyatoSpectralNorm;

/// <summary>
/// A Linear or Conv2d layer whose forward pass uses W/σ(W): one power step per training forward, none in eval mode.
/// A training Linear on the CPU runs as one <see cref="NormalizedLinearFunction"/> node (the same function and gradients,
/// fewer passes over W); Conv2d, other devices and eval mode use autograd of W/σ.
/// The engine-built module is registered inside, so its weight and bias are trained once and stay the RegularizedLayer's.
/// </summary>
public sealed class SpectrallyNormalizedLayer : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> inner;
    private readonly SpectralNormalizer normalizer;
    private readonly int powerIterations;
    private readonly Func<Tensor, Tensor, Tensor> forwardWith;
    private readonly bool linearLayer; // not the module itself: RegisterComponents would register it a second time

    /// <summary>Wraps <paramref name="inner"/>, the module the engine's factory built for <paramref name="normalizer"/>'s layer.</summary>
    public SpectrallyNormalizedLayer(nn.Module<Tensor, Tensor> inner, SpectralNormalizer normalizer, int powerIterations)
        : base(MiyatoSpectralNorm.PluginName)
    {
        this.inner = inner;
        this.normalizer = normalizer;
        this.powerIterations = powerIterations;
        forwardWith = FunctionalLayer.Of(inner, normalizer.Layer, MiyatoSpectralNorm.PluginName, " Put miyato-sn first in any chain of model transforms.");
        linearLayer = inner is TorchSharp.Modules.Linear;
        RegisterComponents();
    }

    /// <summary>The normalizer holding this layer's u, v.</summary>
    public SpectralNormalizer Normalizer => normalizer;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (!normalizer.Enabled) return inner.forward(input);
        using var scope = NewDisposeScope();
        var weight = normalizer.Layer.Weight;
        if (training && linearLayer && weight.device.type == DeviceType.CPU && weight.dtype == ScalarType.Float32)
        {
            // One autograd node with the rank-one σ gradient written by hand (NormalizedLinearFunction); u, v are snapshots
            // because the next forward's power step updates the layer's own in place.
            double stepSigma = normalizer.IterateAndReadSigma(powerIterations);
            var (u, v) = normalizer.Vectors;
            return NormalizedLinearFunction.Apply(input, weight, ((TorchSharp.Modules.Linear)inner).bias, u.clone(), v.clone(), stepSigma, normalizer.Eps)
                .MoveToOuterDisposeScope();
        }
        if (training) normalizer.Iterate(powerIterations);
        // W_SN(W) = W/σ(W), σ = uᵀWv (Miyato et al. 2018, eq. 8 and Algorithm 1)
        if (weight.numel() <= input.numel()) return forwardWith(input, normalizer.Normalized(weight)).MoveToOuterDisposeScope();
        // A batch smaller than the weight: (W/σ)∗x = W∗(x/σ) for a Linear or a convolution (both linear in x, zero padding
        // included; the bias is added after), the same function and gradient, but the division (and its backward) touches the
        // batch's inputs instead of the whole weight, and the layer's own weight goes into the product.
        var sigma = normalizer.Sigma(weight).clamp_min(normalizer.Eps);
        return forwardWith(input.div(sigma), weight).MoveToOuterDisposeScope();
    }
}
