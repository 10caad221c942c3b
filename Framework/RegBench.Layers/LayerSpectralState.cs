using System.Runtime.CompilerServices;
using RegBench.Abstractions;

namespace RegBench.Layers;

/// <summary>
/// The spectral state one layer shares with every consumer (regularizers, diagnostics): per conv estimator a
/// <see cref="SpectralSlot"/> whose vectors live in the layer's <see cref="LayerState"/> (saved in checkpoints), and a
/// weight version that in-place edits advance, so an observed σ is reused only for the weight it was measured on.
/// </summary>
/// <remarks>
/// The version is cooperative: the trainer advances it after the optimizer step and after weight projections, and the
/// in-place helpers of <see cref="LayerMatrix"/> after their edits. Code that edits a weight in place by other means calls
/// <see cref="WeightChanged"/>.
/// </remarks>
public sealed class LayerSpectralState
{
    private static readonly ConditionalWeakTable<RegularizedLayer, LayerSpectralState> States = [];
    private readonly SpectralSlot reshaped;
    private readonly SpectralSlot exact;

    private LayerSpectralState(RegularizedLayer layer)
    {
        Layer = layer;
        reshaped = new SpectralSlot(this, ConvEstimator.Reshaped);
        exact = new SpectralSlot(this, ConvEstimator.Operator);
    }

    /// <summary>The one state of <paramref name="layer"/> (created on first use, lives as long as the layer).</summary>
    public static LayerSpectralState Of(RegularizedLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return States.GetValue(layer, l => new LayerSpectralState(l));
    }

    /// <summary>Advances the weight version of every layer in <paramref name="layers"/> (after an optimizer step or a projection).</summary>
    public static void WeightsChanged(IEnumerable<RegularizedLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers) Of(layer).WeightChanged();
    }

    /// <summary>The layer.</summary>
    public RegularizedLayer Layer { get; }

    /// <summary>Number of in-place weight edits announced so far; estimates are stamped with it.</summary>
    public long WeightVersion { get; private set; }

    /// <summary>Estimator runs made for this layer (all slots, all consumers); a reused estimate does not count.</summary>
    public long Estimates { get; internal set; }

    /// <summary>Observer requests answered from an estimate of the same weight version instead of a new run.</summary>
    public long Reused { get; internal set; }

    /// <summary>The slot of <paramref name="estimator"/> (Linear layers have one map: both slots measure W).</summary>
    public SpectralSlot Slot(ConvEstimator estimator) => estimator == ConvEstimator.Operator && Layer.Kind != LayerKind.Linear ? exact : reshaped;

    /// <summary>Marks every estimate of this layer stale: the weight was edited in place.</summary>
    public void WeightChanged() => WeightVersion++;
}
