using RegBench.Abstractions;
using RegBench.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.StiefelManifold;

/// <summary>
/// A Linear or Conv2d layer whose forward pass uses W = diag(λ)·X: X is the engine-built module's weight (registered inside,
/// so it stays the <see cref="RegularizedLayer"/>'s and is saved once), λ's parameter is registered here.
/// </summary>
public sealed class StiefelLayer : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> inner;
    private readonly Func<Tensor, Tensor, Tensor> forwardWith;

    /// <summary>Wraps <paramref name="inner"/>, the module the engine's factory built for <paramref name="factor"/>'s layer.</summary>
    public StiefelLayer(nn.Module<Tensor, Tensor> inner, StiefelFactor factor) : base(StiefelReparametrization.Name)
    {
        this.inner = inner;
        Factor = factor;
        forwardWith = FunctionalLayer.Of(inner, factor.Layer, StiefelReparametrization.Name);
        register_module(nameof(inner), inner);
        if (factor.Spectrum.Parameter is { } parameter) register_parameter(factor.Spectrum.ParameterName, parameter);
    }

    /// <summary>The reparametrization of this layer.</summary>
    public StiefelFactor Factor { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (!Factor.Enabled) return inner.forward(input);
        using var scope = NewDisposeScope();
        // W = diag(λ)·X
        return forwardWith(input, Factor.EffectiveWeight()).MoveToOuterDisposeScope();
    }
}
