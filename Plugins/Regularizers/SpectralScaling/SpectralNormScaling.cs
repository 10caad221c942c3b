using RegBench.Abstractions;
using RegBench.Layers;
using static TorchSharp.torch;

namespace RegBench.Regularizers.SpectralScaling;

/// <summary>
/// Hess &amp; Hutchison's spectral norm scaling: after each optimizer step, with σ₁, u₁, v₁ from power iteration on
/// the weight's matrix view (conv: out × (in·kh·kw)), W ← W + u₁v₁ᵀ(σ* − σ₁) in place, σ* the layer's σ₁ at
/// initialization (or the explicit target). The new σ₁ is max(σ*, σ₂): the update cannot lower σ₂.
/// </summary>
/// <remarks>
/// <para><see cref="SpectralScalingMode.Faithful"/> repeats the paper (fresh random start, MaxIterations iterations,
/// no host sync); <see cref="SpectralScalingMode.Adaptive"/> warm-starts power iteration (BlockSize 1) or a
/// <see cref="RegBench.Spectral.SubspaceIteration"/> of BlockSize vectors kept in the layer state, stopped when σ's estimate
/// stops rising (one host sync per check). The update it makes is the paper's, with the post-condition max(σ*, σ₂) ≤ σ₁(W̄) ≤
/// max(σ*, σ₂) + (error of σ) + (residual term) of docs/spectral.md.</para>
/// <para><see cref="ConvEstimator.Operator"/> estimates σ_op of the conv's exact map on the layer's input size instead.
/// Its singular vectors live in image space, where u vᵀ is not a kernel edit, so conv layers are then scaled as a
/// whole, W ← W·σ*/σ_op (σ_op is linear in the kernel, so σ_op becomes σ*); σ* is σ_op at initialization, by a cold
/// power iteration of MaxIterations steps. Linear layers keep the rank-one update.</para>
/// <para>State per layer: <see cref="TargetState"/>, <see cref="StepState"/> (seeds faithful mode's fresh vectors), the shared
/// <see cref="SpectralSlot"/> of the estimator (u₁, v₁, the block, the last σ) and, without a block, "spectral-scaling.v2" (the
/// σ₂ monitor's vector). With a block (adaptive mode, blockSize &gt; 1) the monitor reads the block's second Ritz pair: no extra product.</para>
/// </remarks>
[Regularizer(Name, Description = Description)]
[Invariant.ProjectionIsIdempotent]
public sealed class SpectralNormScaling(SpectralScalingOptions options) : IWeightProjection, IReportsMetrics, IDisposable
{
    /// <summary>The plugin's name in experiments.json.</summary>
    public const string Name = "spectral-scaling";

    /// <summary>One line for `regbench list plugins`.</summary>
    public const string Description = "Hess & Hutchison: W ← W + u1 v1^T (σ* − σ1) after each step, σ* = σ1 at init, σ1 by power iteration.";

    /// <summary>Layer-state name of the 0-d target σ* (weight's dtype and device).</summary>
    public const string TargetState = Name + ".target";

    /// <summary>Layer-state name of the 0-d int64 count of projections done (CPU).</summary>
    public const string StepState = Name + ".step";

    private List<SpectralScalingLayer>? slots;
    private long layerSteps;
    private long iterationSum;
    private long convergedCount;

    /// <summary>The options this instance runs with.</summary>
    public SpectralScalingOptions Options { get; } = options;

    /// <summary>Selects the layers and captures each one's σ* (exact SVD of the matrix view), unless restored on resume.</summary>
    public void Attach(RegularizationContext context)
    {
        if (slots is not null) throw new InvalidOperationException($"{Name}: Attach was already called; create a new instance per model.");
        slots = LayerSelector.Apply(context.Layers, Options.Exclude).Select(layer => SpectralScalingLayer.Attach(layer, Options, context)).ToList();
    }

    /// <summary>Moves σ₁ of every selected layer to its target, in place.</summary>
    public void AfterStep(IReadOnlyList<RegularizedLayer> layers)
    {
        var attached = slots ?? throw new InvalidOperationException($"{Name}: Attach must be called before the first step.");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var slot in attached)
        {
            var (iterations, converged) = slot.Project();
            layerSteps++;
            iterationSum += iterations;
            if (converged) convergedCount++;
        }
    }

    /// <summary>
    /// "spectral-scaling.pi_iterations_mean", "pi_converged_fraction" (adaptive), and from the σ₂ monitor
    /// "sigma2_above_target_fraction" (layer-steps certified to end with σ₁ &gt; σ*(1 + tolerance)) and
    /// "sigma2_over_target_mean" (mean lower bound of σ₂/σ*). One host sync per layer; resets the counts.
    /// </summary>
    public IReadOnlyDictionary<string, double> CollectEpochMetrics()
    {
        var metrics = new Dictionary<string, double>();
        if (layerSteps > 0)
        {
            metrics[Name + ".pi_iterations_mean"] = iterationSum / (double)layerSteps;
            if (Options.Mode == SpectralScalingMode.Adaptive) metrics[Name + ".pi_converged_fraction"] = convergedCount / (double)layerSteps;
        }
        var observed = (slots ?? []).Where(s => s.Monitor is not null).Select(s => s.Monitor!.Collect()).ToList();
        var monitoredSteps = observed.Sum(o => o.Steps);
        if (monitoredSteps > 0)
        {
            metrics[Name + ".sigma2_above_target_fraction"] = observed.Sum(o => o.Above) / monitoredSteps;
            metrics[Name + ".sigma2_over_target_mean"] = observed.Sum(o => o.RatioSum) / monitoredSteps;
        }
        (layerSteps, iterationSum, convergedCount) = (0, 0, 0);
        return metrics;
    }

    /// <summary>Frees the monitors' device counters (the layer state belongs to the layers).</summary>
    public void Dispose()
    {
        foreach (var slot in slots ?? []) slot.Monitor?.Dispose();
    }
}
