using RegBench.Abstractions;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Layers;

/// <summary>
/// One layer's σ₁ estimate of one map (<see cref="ConvEstimator"/>), shared by its consumers: the warm-start vectors u, v (and a
/// block basis) in the layer state, advanced once per step by the training consumer (<see cref="Estimate"/>), and read by
/// observers (<see cref="Observe"/>, the per-epoch diagnostics), which start from them but never write them — observing never
/// changes training — and measure a weight version once.
/// </summary>
public sealed class SpectralSlot
{
    private readonly LayerSpectralState owner;
    private readonly PowerIterationState observerVectors = new();
    private (long Version, PowerIterationOptions Options, ScalarType DType, double Sigma)? observed;
    private Tensor? lastSigma;

    internal SpectralSlot(LayerSpectralState owner, ConvEstimator map)
    {
        this.owner = owner;
        Map = map;
        var prefix = "spectral." + (map == ConvEstimator.Operator ? "operator" : "reshaped") + ".";
        (UName, VName, BasisName) = (prefix + "u", prefix + "v", prefix + "basis");
    }

    /// <summary>The map this slot measures.</summary>
    public ConvEstimator Map { get; }

    /// <summary>Layer-state name of u (operator output shape).</summary>
    public string UName { get; }

    /// <summary>Layer-state name of v (operator input shape).</summary>
    public string VName { get; }

    /// <summary>Layer-state name of a block estimator's orthonormal rows [block, input size] (row 0 = v).</summary>
    public string BasisName { get; }

    /// <summary>The operator of this map on the layer's weight, or on <paramref name="weight"/> shaped like it.</summary>
    public ILinearOperator Operator(Tensor? weight = null) => LayerOperator.For(owner.Layer, Map, weight);

    /// <summary>True when the layer state holds u and v of the operator's shapes.</summary>
    public bool HasVectors => Fits(Operator());

    /// <summary>σ of the last training estimate in this process (0-d, owned by the slot), whatever weight it was made on; null before the first.</summary>
    public Tensor? LastSigma => lastSigma;

    /// <summary>u, v ← random unit vectors from <paramref name="generator"/> (a cold start kept in the layer state); drops the block.</summary>
    public void Seed(Generator generator)
    {
        using var scope = NewDisposeScope();
        var op = Operator();
        var state = owner.Layer.State;
        state.Set(UName, PowerIteration.RandomUnit(op.OutputShape, op, generator));
        state.Set(VName, PowerIteration.RandomUnit(op.InputShape, op, generator));
        state.Remove(BasisName);
    }

    /// <summary>Renames vectors a checkpoint stored under a plugin's former names to this slot's (resume of older checkpoints).</summary>
    public void AdoptLegacy(string uName, string vName, string? basisName = null)
    {
        var state = owner.Layer.State;
        foreach (var (from, to) in new[] { (uName, UName), (vName, VName), (basisName, BasisName) })
        {
            if (from is null || state.Get(from) is not { } tensor || state.Get(to) is not null) continue;
            state.CopyFrom(to, tensor);
            state.Remove(from);
        }
    }

    /// <summary>
    /// One training estimate: σ₁, u, v of the current weight by <see cref="SpectralEstimators.For"/>(<paramref name="blockSize"/>)
    /// with <paramref name="options"/>, warm-started from the shared vectors, which it advances in place (a consumer calls it
    /// once per step: each call is the next step of its iteration). Tensors are new, in the caller's dispose scope. Runs under no_grad.
    /// </summary>
    public SpectralEstimate Estimate(PowerIterationOptions options, int blockSize = 1)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var noGrad = no_grad();
        var state = owner.Layer.State;
        var op = Operator();
        using var vectors = Fits(op)
            ? new PowerIterationState(state.Get(UName)!.alias(), state.Get(VName)!.alias(), state.Get(BasisName)?.alias())
            : new PowerIterationState();
        var estimate = SpectralEstimators.For(blockSize).Estimate(op, vectors, options);
        state.CopyFrom(UName, estimate.U);
        state.CopyFrom(VName, estimate.V);
        if (vectors.Basis is { } basis) state.CopyFrom(BasisName, basis);
        if (lastSigma is null) lastSigma = estimate.Sigma.clone().DetachFromDisposeScope();
        else lastSigma.copy_(estimate.Sigma);
        owner.Estimates++;
        return estimate;
    }

    /// <summary>
    /// σ₁ of this map on <paramref name="weight"/> (the layer's weight or its effective weight, any dtype and device) for an observer:
    /// once per weight version and options; warm-started from a copy of the training consumers' vectors when they exist,
    /// else from the observers' own (kept by the slot, not in checkpoints); the shared vectors are never written. One host sync.
    /// </summary>
    public double Observe(Tensor weight, PowerIterationOptions options)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(options);
        if (observed is { } seen && seen.Version == owner.WeightVersion && seen.Options == options && seen.DType == weight.dtype)
        {
            owner.Reused++;
            return seen.Sigma;
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var op = Operator(weight);
        if (Fits(op)) observerVectors.Store(owner.Layer.State.Get(UName)!.to(op.DType, op.Device), owner.Layer.State.Get(VName)!.to(op.DType, op.Device));
        else if (observerVectors.U is { } u && !u.shape.SequenceEqual(op.OutputShape)) observerVectors.Dispose();
        using var estimate = SpectralEstimators.For(1).Estimate(op, observerVectors, options);
        owner.Estimates++;
        var sigma = estimate.SigmaValue();
        observed = (owner.WeightVersion, options, weight.dtype, sigma);
        return sigma;
    }

    private bool Fits(ILinearOperator op) =>
        owner.Layer.State.Get(UName) is { } u && owner.Layer.State.Get(VName) is { } v &&
        u.shape.SequenceEqual(op.OutputShape) && v.shape.SequenceEqual(op.InputShape);
}
