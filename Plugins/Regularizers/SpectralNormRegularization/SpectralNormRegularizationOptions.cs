using System.ComponentModel;
using RegBench.Abstractions;
using RegBench.Layers;

namespace RegBench.Regularizers.SpectralNormRegularization;

/// <summary>
/// Options of <see cref="SpectralNormRegularization"/>; defaults are Yoshida &amp; Miyato's. The generated manifest checks
/// the [OptionRange]s, then <see cref="SpectralNormRegularization.Validate"/>.
/// </summary>
public sealed record SpectralNormRegularizationOptions
{
    /// <summary>Penalty factor λ of λ/2·Σσ(W)².</summary>
    [Description("Penalty factor lambda of lambda/2 * sum sigma(W)^2 (Yoshida & Miyato: 0.01).")]
    [OptionRange(Minimum = 0)]
    public double Lambda { get; init; } = 0.01;

    /// <summary>Warm-started power iterations per step and layer.</summary>
    [Description("Warm-started power iterations per training step and layer (Yoshida & Miyato: 1).")]
    [OptionRange(Minimum = 1)]
    public int PowerIterations { get; init; } = 1;

    /// <summary>Which σ of a conv layer: the reshaped kernel (paper) or the exact conv operator.</summary>
    [Description("Conv layers: 'reshaped' kernel matrix (paper) or 'operator' (exact conv map; needs the layer's input size).")]
    public ConvEstimator Estimator { get; init; } = ConvEstimator.Reshaped;

    /// <summary>Layers left unregularized: "first", "last" or name patterns with '*'.</summary>
    [Description("Layers left unregularized: 'first', 'last' or name patterns with '*'.")]
    public IReadOnlyList<string> Exclude { get; init; } = [];
}
