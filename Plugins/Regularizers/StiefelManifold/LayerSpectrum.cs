using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace RegBench.Regularizers.StiefelManifold;

/// <summary>
/// The scales λ of one layer's W = diag(λ)·X, i.e. its singular values up to sign: a parameter the engine's optimizer
/// trains (learned; bounded through θ), or a fixed profile kept in the layer state.
/// </summary>
public sealed class LayerSpectrum
{
    /// <summary>Layer-state name of a fixed spectrum's λ.</summary>
    public const string FixedState = StiefelReparametrization.Name + ".lambda";

    private readonly StiefelOptions options;
    private readonly RegularizedLayer layer;

    /// <summary>The spectrum of <paramref name="layer"/> with <paramref name="count"/> values: a parameter of ones (learned), θ = 0 (bounded), or nothing yet (fixed).</summary>
    public LayerSpectrum(RegularizedLayer layer, long count, StiefelOptions options)
    {
        this.layer = layer;
        this.options = options;
        Count = count;
        Parameter = options.Spectrum switch
        {
            StiefelSpectrum.Learned => new Parameter(ones(count, layer.Weight.dtype, layer.Weight.device)),
            StiefelSpectrum.Bounded => new Parameter(zeros(count, layer.Weight.dtype, layer.Weight.device)),
            _ => null,
        };
    }

    /// <summary>Number of scales, min(rows, columns) of the layer's matrix view.</summary>
    public long Count { get; }

    /// <summary>The trained parameter (λ when learned, θ when bounded), registered in the layer's module; null when fixed.</summary>
    public Parameter? Parameter { get; }

    /// <summary>The name the parameter is registered under in the layer's module.</summary>
    public string ParameterName => options.Spectrum == StiefelSpectrum.Bounded ? "theta" : "lambda";

    /// <summary>True when a fixed spectrum's λ is in the layer state (always true for the parameter kinds).</summary>
    public bool HasState => Parameter is not null || layer.State.Get(FixedState) is { } lambda && lambda.shape.SequenceEqual([Count]);

    /// <summary>λ now, with the gradient flowing to the parameter (learned, bounded).</summary>
    public Tensor Values() => options.Spectrum switch
    {
        StiefelSpectrum.Learned => Parameter!,
        // λ = λmin + (λmax − λmin)·sigmoid(θ)
        StiefelSpectrum.Bounded => Parameter!.sigmoid().mul(options.LambdaMax!.Value - options.LambdaMin!.Value).add(options.LambdaMin.Value),
        _ => layer.State.Get(FixedState) ?? throw new InvalidOperationException($"{StiefelReparametrization.Name}: layer '{layer.Name}' has no fixed λ; Attach must run first."),
    };

    /// <summary>Sets λ to <paramref name="initial"/> (clipped to the bounds; bounded: θ = logit of its place in the range).</summary>
    public void Initialize(Tensor initial)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var lambda = initial.to_type(layer.Weight.dtype).to(layer.Weight.device);
        switch (options.Spectrum)
        {
            case StiefelSpectrum.Learned:
                Parameter!.copy_(Clipped(lambda));
                break;
            case StiefelSpectrum.Bounded:
                var (low, high) = (options.LambdaMin!.Value, options.LambdaMax!.Value);
                Parameter!.copy_(lambda.sub(low).div(high - low).clamp(1e-6, 1 - 1e-6).logit());
                break;
            default:
                layer.State.Set(FixedState, lambda.clone());
                break;
        }
    }

    /// <summary>Learned: clips λ in place to [lambdaMin, lambdaMax] where given; the other kinds never leave their range.</summary>
    public void Clip()
    {
        if (options.Spectrum != StiefelSpectrum.Learned || (options.LambdaMin is null && options.LambdaMax is null)) return;
        using var noGrad = no_grad();
        Parameter!.clamp_(options.LambdaMin, options.LambdaMax);
    }

    /// <summary>Removes the fixed λ from the layer state (the layer is no longer reparametrized).</summary>
    public void Forget() => layer.State.Remove(FixedState);

    private Tensor Clipped(Tensor lambda) =>
        options.LambdaMin is null && options.LambdaMax is null ? lambda : lambda.clamp(options.LambdaMin, options.LambdaMax);
}
