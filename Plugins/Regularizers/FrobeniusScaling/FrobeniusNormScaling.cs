using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Regularizers.FrobeniusScaling;

/// <summary>
/// Hess &amp; Hutchison's Frobenius norm scaling: after each optimizer step every selected weight is rescaled to its
/// target Frobenius norm, W ← W·‖W₀‖F/‖W‖F. The target (‖W₀‖F captured in <see cref="Attach"/>, or the explicit
/// option) lives in the layer state under <see cref="TargetState"/>, so it survives checkpoints.
/// </summary>
/// <remarks>
/// A weight whose norm is 0 (or underflows to 0) is left unchanged rather than turned into NaN. No host sync:
/// the norm, the factor and the product stay on the weight's device.
/// </remarks>
[Regularizer(Name, Description = Description)]
[Invariant.ProjectionIsIdempotent]
[Invariant.FrobeniusNormPreserved]
public sealed class FrobeniusNormScaling(FrobeniusScalingOptions options) : IWeightProjection
{
    /// <summary>The plugin's name in experiments.json.</summary>
    public const string Name = "frobenius-scaling";

    /// <summary>One line for `regbench list plugins`.</summary>
    public const string Description = "Hess & Hutchison: W ← W·‖W₀‖F/‖W‖F after each step (Frobenius norm held at its initial value).";

    /// <summary>Layer-state name of the 0-d target norm (weight's dtype and device).</summary>
    public const string TargetState = Name + ".target";

    private IReadOnlyList<RegularizedLayer>? selected;

    /// <summary>The options this instance runs with.</summary>
    public FrobeniusScalingOptions Options { get; } = options;

    /// <summary>Selects the layers and stores each one's target, unless <see cref="RegularizationContext.Resumed"/> restored it.</summary>
    public void Attach(RegularizationContext context)
    {
        if (selected is not null) throw new InvalidOperationException($"{Name}: Attach was already called; create a new instance per model.");
        selected = LayerSelector.Apply(context.Layers, Options.Exclude);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var layer in selected)
        {
            if (context.Resumed && layer.State.Get(TargetState) is not null) continue;
            if (context.Resumed && Options.Target is null)
                throw new InvalidOperationException(
                    $"{Name}: the restored state of layer '{layer.Name}' has no '{TargetState}'; its initial norm cannot be recovered " +
                    "from trained weights. Resume from a checkpoint written by this plugin, or set an explicit 'target'.");
            var target = Options.Target is { } explicitTarget
                ? full(Array.Empty<long>(), explicitTarget, layer.Weight.dtype, layer.Weight.device)
                : linalg.vector_norm(layer.Weight);
            layer.State.Set(TargetState, target);
            // LayerState.Set moves the tensor to the caller's dispose scope, which would free it; the state must own it.
            layer.State.Get(TargetState)!.DetachFromDisposeScope();
        }
    }

    /// <summary>Rescales every selected weight in place to its target Frobenius norm.</summary>
    public void AfterStep(IReadOnlyList<RegularizedLayer> layers)
    {
        var attached = selected ?? throw new InvalidOperationException($"{Name}: Attach must be called before the first step.");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var layer in attached)
        {
            var target = layer.State.Get(TargetState)!;
            var norm = linalg.vector_norm(layer.Weight);
            // W̄ = W / ‖W‖F · ‖W₀‖F
            layer.Weight.mul_(where(norm > 0, target / norm, ones_like(norm)));
        }
    }
}
