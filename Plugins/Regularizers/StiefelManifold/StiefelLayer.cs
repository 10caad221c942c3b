using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

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
        forwardWith = FunctionalForm(inner, factor.Layer);
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

    /// <summary>The inner layer's forward pass with another weight: F.linear or F.conv2d with its bias and geometry.</summary>
    private static Func<Tensor, Tensor, Tensor> FunctionalForm(nn.Module<Tensor, Tensor> inner, RegularizedLayer layer)
    {
        switch (inner, layer.Conv)
        {
            case (TorchSharp.Modules.Linear linear, null):
                return (x, w) => F.linear(x, w, linear.bias);
            case (TorchSharp.Modules.Conv2d conv, { } g) when layer.Kind == LayerKind.Conv2d:
                long[] stride = [g.Stride.Height, g.Stride.Width], padding = [g.Padding.Height, g.Padding.Width];
                long[] dilation = [g.Dilation.Height, g.Dilation.Width];
                return (x, w) => F.conv2d(x, w, conv.bias, stride, padding, dilation, g.Groups);
            default:
                throw new InvalidOperationException(
                    $"{StiefelReparametrization.Name} can wrap the Linear and Conv2d modules of the engine's layer factory; " +
                    $"layer '{layer.Name}' came as {inner.GetType().Name}.");
        }
    }
}
