using RegBench.Abstractions;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Regularizers.SpectralScaling;

/// <summary>One selected layer of <see cref="SpectralNormScaling"/>: its operator, its target and its per-step projection.</summary>
internal sealed class SpectralScalingLayer
{
    private static readonly ISpectralNormEstimator Estimator = PowerIteration.Instance;
    private readonly ISpectralNormEstimator adaptiveEstimator;
    private readonly SpectralScalingOptions options;
    private readonly long seed;
    private long step;

    private SpectralScalingLayer(RegularizedLayer layer, SpectralScalingOptions options, long seed)
    {
        Layer = layer;
        this.options = options;
        this.seed = seed;
        ScalesKernel = options.Estimator == ConvEstimator.Operator && layer.Kind != LayerKind.Linear;
        adaptiveEstimator = options.BlockSize > 1 ? new SubspaceIteration(options.BlockSize) : Estimator;
        Monitor = options.MonitorSigma2 && !ScalesKernel ? new Sigma2Monitor(layer, seed) : null;
    }

    /// <summary>The layer.</summary>
    public RegularizedLayer Layer { get; }

    /// <summary>True for conv layers under <see cref="ConvEstimator.Operator"/>: the kernel is scaled instead of rank-one updated.</summary>
    public bool ScalesKernel { get; }

    /// <summary>The σ₂ monitor, or null (disabled, or the operator estimator).</summary>
    public Sigma2Monitor? Monitor { get; }

    /// <summary>Prepares <paramref name="layer"/>: restores or captures its target σ* and step count in the layer state.</summary>
    public static SpectralScalingLayer Attach(RegularizedLayer layer, SpectralScalingOptions options, RegularizationContext context)
    {
        var slot = new SpectralScalingLayer(layer, options, LayerSeed(context.Seed, layer.Name));
        var op = slot.Operator(); // validates the operator estimator's geometry now rather than at the first step
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var state = layer.State;
        if (context.Resumed && state.Get(SpectralNormScaling.TargetState) is not null)
        {
            slot.step = state.Get(SpectralNormScaling.StepState)?.item<long>() ?? 0;
            return slot;
        }
        if (context.Resumed && options.Target is null)
            throw new InvalidOperationException(
                $"{SpectralNormScaling.Name}: the restored state of layer '{layer.Name}' has no '{SpectralNormScaling.TargetState}'; " +
                "its initial σ₁ cannot be recovered from trained weights. Resume from a checkpoint written by this plugin, or set an explicit 'target'.");
        Store(state, SpectralNormScaling.TargetState, options.Target is { } target
            ? full(Array.Empty<long>(), target, layer.Weight.dtype, layer.Weight.device)
            : slot.InitialSigma(op));
        Store(state, SpectralNormScaling.StepState, zeros(Array.Empty<long>(), ScalarType.Int64));
        return slot;
    }

    /// <summary>
    /// Estimates σ₁, u₁, v₁ and moves σ₁ to the target: the rank-one update, or (operator estimator) the kernel scaling.
    /// Call under no_grad inside a dispose scope. Returns the power-iteration count and whether it converged.
    /// </summary>
    public (int Iterations, bool Converged) Project()
    {
        var op = Operator();
        var faithful = options.Mode == SpectralScalingMode.Faithful;
        var sigmaRule = !faithful && options.StopRule == SpectralScalingStop.Sigma;
        var piOptions = new PowerIterationOptions(options.MaxIterations, faithful ? 0 : sigmaRule ? options.SigmaTolerance : options.Tolerance,
            WarmStart: !faithful, CheckInterval: options.CheckInterval, Seed: StepSeed()) { Stop = sigmaRule ? StopRule.Sigma : StopRule.Residual };
        using var piState = faithful ? new PowerIterationState() : WarmState();
        var estimate = (faithful ? Estimator : adaptiveEstimator).Estimate(op, piState, piOptions);
        Store(Layer.State, SpectralNormScaling.UState, estimate.U);
        Store(Layer.State, SpectralNormScaling.VState, estimate.V);
        if (piState.Basis is { } basis) Store(Layer.State, SpectralNormScaling.BasisState, basis);
        var target = Layer.State.Get(SpectralNormScaling.TargetState)!;
        var sigma = estimate.Sigma;
        if (ScalesKernel)
        {
            // σ_op(cW) = c·σ_op(W): W ← W·σ*/σ_op (a rank-one edit in operator space is not a kernel edit)
            Layer.Weight.mul_(where(sigma > 0, target / sigma, ones_like(sigma)));
        }
        else
        {
            // W̄ = W + u₁v₁ᵀ(σ* − σ₁)
            RankOneUpdate.AddOuter_(Layer, estimate.U * (target - sigma), estimate.V);
            Monitor?.Observe(op, estimate.V, target, options.Tolerance);
        }
        step++;
        Layer.State.Get(SpectralNormScaling.StepState)!.fill_(step);
        return (estimate.Iterations, estimate.Converged);
    }

    /// <summary>The map whose σ₁ is scaled: the weight matrix, the reshaped kernel, or the exact conv operator.</summary>
    private ILinearOperator Operator() => LayerOperator.For(Layer, Layer.Weight, exactConv: ScalesKernel);

    /// <summary>σ₁ at initialization: exact (float64 SVD) for a matrix view; a cold power iteration for the conv operator.</summary>
    private Tensor InitialSigma(ILinearOperator op)
    {
        if (!ScalesKernel) return ExactSpectrum.SingularValues(Layer.AsMatrix())[0].to(Layer.Weight.dtype);
        using var piState = new PowerIterationState();
        var estimate = Estimator.Estimate(op, piState, new PowerIterationOptions(options.MaxIterations, WarmStart: false, Seed: StepSeed()));
        Store(Layer.State, SpectralNormScaling.UState, estimate.U);
        Store(Layer.State, SpectralNormScaling.VState, estimate.V);
        return estimate.Sigma;
    }

    private PowerIterationState WarmState() =>
        Layer.State.Get(SpectralNormScaling.UState) is { } u && Layer.State.Get(SpectralNormScaling.VState) is { } v
            ? new PowerIterationState(u.alias(), v.alias(), Layer.State.Get(SpectralNormScaling.BasisState)?.alias())
            : new PowerIterationState();

    /// <summary>Cold-start seed of this step: a fresh vector every step, reproducible from (cell seed, layer, step).</summary>
    private long StepSeed() => Mix(seed ^ (long)(0x9E3779B97F4A7C15UL * (ulong)(step + 1)));

    /// <summary>Writes <paramref name="value"/> into the state in place, or stores a copy owned by the state.</summary>
    internal static void Store(LayerState state, string name, Tensor value)
    {
        state.CopyFrom(name, value);
        // LayerState.Set moves a new tensor to the caller's dispose scope, which would free it; the state must own it.
        state.Get(name)!.DetachFromDisposeScope();
    }

    /// <summary>A per-layer seed from the cell seed and the layer name (FNV-1a: stable across processes, unlike string hashes).</summary>
    internal static long LayerSeed(long cellSeed, string name)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var c in name) hash = (hash ^ c) * 1099511628211UL;
        return Mix((long)hash ^ cellSeed);
    }

    private static long Mix(long value)
    {
        var z = (ulong)value + 0x9E3779B97F4A7C15UL; // SplitMix64 finalizer
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)(z ^ (z >> 31));
    }
}
