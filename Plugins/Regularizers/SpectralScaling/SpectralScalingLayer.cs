using RegBench.Abstractions;
using RegBench.Layers;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Regularizers.SpectralScaling;

/// <summary>One selected layer of <see cref="SpectralNormScaling"/>: its shared σ slot, its target and its per-step projection.</summary>
internal sealed class SpectralScalingLayer
{
    private readonly SpectralScalingOptions options;
    private readonly long seed;
    private readonly SpectralSlot slot;
    private long step;

    private SpectralScalingLayer(RegularizedLayer layer, SpectralScalingOptions options, long seed)
    {
        Layer = layer;
        this.options = options;
        this.seed = seed;
        ScalesKernel = options.Estimator == ConvEstimator.Operator && layer.Kind != LayerKind.Linear;
        slot = LayerSpectralState.Of(layer).Slot(options.Estimator);
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
        var slot = new SpectralScalingLayer(layer, options, LayerSeed.For(context.Seed, layer.Name));
        _ = slot.slot.Operator(); // validates the operator estimator's geometry now rather than at the first step
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var state = layer.State;
        slot.slot.AdoptLegacy(SpectralNormScaling.Name + ".u", SpectralNormScaling.Name + ".v", SpectralNormScaling.Name + ".basis");
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
            : slot.InitialSigma());
        Store(state, SpectralNormScaling.StepState, zeros(Array.Empty<long>(), ScalarType.Int64, layer.Weight.device));
        return slot;
    }

    /// <summary>
    /// Estimates σ₁, u₁, v₁ (the layer's shared estimate) and moves σ₁ to the target: the rank-one update, or (operator
    /// estimator) the kernel scaling. Call under no_grad inside a dispose scope. Returns the iteration count and whether it converged.
    /// </summary>
    public (int Iterations, bool Converged) Project()
    {
        var faithful = options.Mode == SpectralScalingMode.Faithful;
        var sigmaRule = !faithful && options.StopRule == SpectralScalingStop.Sigma;
        var piOptions = new PowerIterationOptions(options.MaxIterations, faithful ? 0 : sigmaRule ? options.SigmaTolerance : options.Tolerance,
            WarmStart: !faithful, CheckInterval: options.CheckInterval, Seed: StepSeed()) { Stop = sigmaRule ? StopRule.Sigma : StopRule.Residual };
        var estimate = slot.Estimate(piOptions, blockSize: faithful ? 1 : options.BlockSize);
        var target = Layer.State.Get(SpectralNormScaling.TargetState)!;
        var sigma = estimate.Sigma;
        if (ScalesKernel)
        {
            // σ_op(cW) = c·σ_op(W): W ← W·σ*/σ_op (a rank-one edit in operator space is not a kernel edit)
            Layer.ScaleWeight_(where(sigma > 0, target / sigma, ones_like(sigma)));
        }
        else
        {
            // W̄ = W + u₁v₁ᵀ(σ* − σ₁)
            Layer.AddOuter_(Layer.Weight, estimate.U * (target - sigma), estimate.V);
            Monitor?.Observe(slot.Operator(), estimate, target, options.Tolerance);
        }
        step++;
        Layer.State.Get(SpectralNormScaling.StepState)!.fill_(step);
        return (estimate.Iterations, estimate.Converged);
    }

    /// <summary>σ₁ at initialization: exact (float64 SVD) for a matrix view; a cold power iteration for the conv operator.</summary>
    private Tensor InitialSigma()
    {
        if (!ScalesKernel) return ExactSpectrum.SingularValues(Layer.AsMatrix())[0].to(Layer.Weight.dtype);
        return slot.Estimate(new PowerIterationOptions(options.MaxIterations, WarmStart: false, Seed: StepSeed())).Sigma;
    }

    /// <summary>Cold-start seed of this step: a fresh vector every step, reproducible from (cell seed, layer, step).</summary>
    private long StepSeed() => LayerSeed.Mix(seed ^ (long)(0x9E3779B97F4A7C15UL * (ulong)(step + 1)));

    /// <summary>Writes <paramref name="value"/> into the state in place, or stores a copy owned by the state.</summary>
    internal static void Store(LayerState state, string name, Tensor value)
    {
        state.CopyFrom(name, value);
        // LayerState.Set moves a new tensor to the caller's dispose scope, which would free it; the state must own it.
        state.Get(name)!.DetachFromDisposeScope();
    }
}
