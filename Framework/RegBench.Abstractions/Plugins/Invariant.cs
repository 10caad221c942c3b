namespace RegBench.Abstractions;

/// <summary>
/// Properties a plugin declares about itself, e.g. <c>[Invariant.SpectralNormAtMost(1.0)]</c> on a regularizer class.
/// A test project that opts in to the contract-test generator (<c>[assembly: RegBench.Testing.GeneratePluginContractTests]</c>)
/// gets one FsCheck property per declared invariant for every referenced plugin, besides the checks every plugin gets
/// (docs/generators.md, "Contract-test generator"). The generator also reports misuse where the attribute is written
/// (RB2001–RB2004). Each invariant is checked with the plugin created from its options (defaults unless the test project
/// sets others) on small random MLP and conv models trained by the engine's <c>Trainer</c> (Adam, lr 1e-3) for one epoch
/// of three steps; "selected layers" are the model's weight layers minus the plugin's <c>exclude</c> option.
/// </summary>
public static class Invariant
{
    /// <summary>
    /// Regularizers: after a step's phases, every selected layer's effective weight (<see cref="RegularizedLayer.EffectiveWeight"/>,
    /// else <see cref="RegularizedLayer.Weight"/>) has σ₁ of its matrix view (RegBench.Layers <c>LayerMatrix.AsMatrix</c> of
    /// it, exact float64 SVD) ≤ <see cref="Bound"/>·(1 + <see cref="RelativeTolerance"/>).
    /// </summary>
    /// <param name="bound">The bound on σ₁, finite and &gt; 0.</param>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class SpectralNormAtMostAttribute(double bound) : Attribute
    {
        /// <summary>The bound on σ₁.</summary>
        public double Bound { get; } = bound;

        /// <summary>Relative slack for estimators that approach σ₁ from below (default 1e-3), finite and ≥ 0.</summary>
        public double RelativeTolerance { get; init; } = 1e-3;
    }

    /// <summary>
    /// Regularizers implementing <see cref="IWeightProjection"/>: right after a step's <see cref="IWeightProjection.AfterStep"/>,
    /// calling it again changes no selected layer's weight W by more than <see cref="RelativeTolerance"/>·‖W‖F
    /// (Frobenius norm of the change).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ProjectionIsIdempotentAttribute : Attribute
    {
        /// <summary>Allowed change relative to ‖W‖F (default 1e-5: float32 rounding), finite and ≥ 0.</summary>
        public double RelativeTolerance { get; init; } = 1e-5;
    }

    /// <summary>
    /// Regularizers: after a step's phases, every selected layer's ‖W‖F equals its ‖W‖F right after
    /// <see cref="IRegularizer.Attach"/> within <see cref="RelativeTolerance"/>·‖W₀‖F.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class FrobeniusNormPreservedAttribute : Attribute
    {
        /// <summary>Allowed relative difference of the norms (default 1e-5: float32 rounding), finite and ≥ 0.</summary>
        public double RelativeTolerance { get; init; } = 1e-5;
    }

    /// <summary>
    /// Datasets: <see cref="IDataset.Load"/> with no data directory succeeds on a machine without data files and returns
    /// non-empty splits of float32 images [N, C, H, W] matching <see cref="IDataset.Shape"/>, all finite, and int64 labels
    /// in [0, Classes). Datasets that do not declare it get that contract test skipped, with the reason.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class LoadsWithoutFilesAttribute : Attribute;
}
