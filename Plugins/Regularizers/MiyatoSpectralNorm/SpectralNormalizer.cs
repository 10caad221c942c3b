using RegBench.Abstractions;
using RegBench.Layers;
using RegBench.Spectral;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.MiyatoSpectralNorm;

/// <summary>
/// σ(W) of one layer as PyTorch's spectral_norm parametrization computes it: persistent unit u, v in the layer state,
/// power steps u ← Av/‖Av‖, v ← Aᵀu/‖Aᵀu‖ under no_grad, and σ = uᵀA(W)v with the gradient flowing through W only.
/// </summary>
public sealed class SpectralNormalizer
{
    /// <summary>Layer-state name of the left vector u (operator output shape).</summary>
    public const string UName = MiyatoSpectralNorm.PluginName + ".u";

    /// <summary>Layer-state name of the right vector v (operator input shape).</summary>
    public const string VName = MiyatoSpectralNorm.PluginName + ".v";

    private readonly MiyatoSpectralNormOptions options;

    /// <summary>Normalizes <paramref name="layer"/>'s weight with <paramref name="options"/>; call <see cref="Initialize"/> before use.</summary>
    public SpectralNormalizer(RegularizedLayer layer, MiyatoSpectralNormOptions options)
    {
        Layer = layer;
        this.options = options;
    }

    /// <summary>The floor of σ in W/max(σ, eps).</summary>
    public double Eps => options.Eps;

    /// <summary>The layer whose weight is normalized.</summary>
    public RegularizedLayer Layer { get; }

    /// <summary>False once attach excluded the layer: its forward pass then uses W itself.</summary>
    public bool Enabled { get; private set; } = true;

    /// <summary>The layer state's u and v themselves (not copies); the power step updates them in place.</summary>
    public (Tensor U, Tensor V) Vectors => (Layer.State.Get(UName)!, Layer.State.Get(VName)!);

    /// <summary>True when the layer state holds u and v of the operator's shapes.</summary>
    public bool HasState
    {
        get
        {
            var op = Operator(Layer.Weight);
            return Layer.State.Get(UName) is { } u && Layer.State.Get(VName) is { } v &&
                u.shape.SequenceEqual(op.OutputShape) && v.shape.SequenceEqual(op.InputShape);
        }
    }

    /// <summary>u, v ← normalize(randn) from <paramref name="generator"/>, then <paramref name="iterations"/> power steps.</summary>
    public void Initialize(Generator generator, int iterations)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var op = Operator(Layer.Weight);
        Layer.State.Set(UName, PowerIteration.RandomUnit(op.OutputShape, op, generator));
        Layer.State.Set(VName, PowerIteration.RandomUnit(op.InputShape, op, generator));
        Iterate(iterations);
    }

    /// <summary>Power steps on the current W, updating u, v in place: u ← Av/‖Av‖, v ← Aᵀu/‖Aᵀu‖ (PyTorch _power_method).</summary>
    public void Iterate(int iterations)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        PowerSteps(iterations);
    }

    /// <summary>
    /// <see cref="Iterate"/> (at least one step), returning σ = (Aᵀu)·v of the updated u, v: uᵀAv without a third mat-vec,
    /// read to the host (for <see cref="NormalizedLinearFunction"/> on the CPU, where that read does not wait on a device).
    /// </summary>
    public double IterateAndReadSigma(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // A float32 CPU weight: the same steps from one read of W each, without torch calls (SkinnyProducts.PowerStep).
        var (u, v) = Vectors;
        if (SkinnyProducts.PowerSteps(Operator(Layer.Weight), u, v, iterations, options.Eps) is { } sigma) return sigma;
        var transposed = PowerSteps(iterations)!;
        return transposed.flatten().dot(Layer.State.Get(VName)!.flatten()).ToDouble();
    }

    /// <summary>The power steps of <see cref="Iterate"/> (caller's no_grad and scope); returns the last Aᵀu, or null for none.</summary>
    private Tensor? PowerSteps(int iterations)
    {
        var op = Operator(Layer.Weight);
        var (u, v) = Vectors;
        Tensor? transposed = null;
        for (int step = 0; step < iterations; step++)
        {
            u.copy_(Normalize(op.Apply(v), u));
            transposed = op.ApplyTranspose(u);
            v.copy_(Normalize(transposed, v));
        }
        return transposed;
    }

    /// <summary>σ = uᵀ A(W) v with u, v copied as constants, so the gradient flows through <paramref name="weight"/> only.</summary>
    public Tensor Sigma(Tensor weight)
    {
        using var scope = NewDisposeScope();
        var u = Layer.State.Get(UName)!.clone();
        var v = Layer.State.Get(VName)!.clone();
        return u.mul(Operator(weight).Apply(v)).sum().MoveToOuterDisposeScope();
    }

    /// <summary>W_SN = W/σ(W) (Miyato et al. eq. 8), σ floored at eps so a zero weight gives zero, not NaN.</summary>
    public Tensor Normalized(Tensor weight)
    {
        using var scope = NewDisposeScope();
        return weight.div(Sigma(weight).clamp_min(options.Eps)).MoveToOuterDisposeScope();
    }

    /// <summary>The weight the forward pass uses, from the current u, v without updating them (for diagnostics).</summary>
    public Tensor EffectiveWeight()
    {
        using var noGrad = no_grad();
        return Normalized(Layer.Weight);
    }

    /// <summary>Stops normalizing: forward uses W, diagnostics see W, and the state entries are removed.</summary>
    public void Disable()
    {
        Enabled = false;
        Layer.EffectiveWeight = null;
        Layer.State.Remove(UName);
        Layer.State.Remove(VName);
    }

    private ILinearOperator Operator(Tensor weight) => LayerOperator.For(Layer, options.Estimator, weight);

    /// <summary>x/max(‖x‖, eps) as F.normalize; a zero x keeps the previous vector so u, v stay unit and recover when W does.</summary>
    private Tensor Normalize(Tensor x, Tensor previous)
    {
        var norm = linalg.vector_norm(x);
        return where(norm > 0, x / norm.clamp_min(options.Eps), previous);
    }
}
