using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Regularizers.SpectralNormRegularization;

/// <summary>Which σ(W) of a conv layer is penalized.</summary>
public enum SpectralEstimator
{
    /// <summary>σ₁ of the reshaped kernel matrix, out × (in·kh·kw) (Yoshida &amp; Miyato, Miyato et al.).</summary>
    Reshaped,
    /// <summary>σ₁ of the exact linear map of the convolution on the layer's input size (needs Conv.InputSize).</summary>
    Operator,
}

/// <summary>Options of <see cref="SpectralNormRegularization"/>; defaults are Yoshida &amp; Miyato's.</summary>
public sealed record SpectralNormRegularizationOptions
{
    /// <summary>Penalty factor λ of λ/2·Σσ(W)².</summary>
    [Description("Penalty factor lambda of lambda/2 * sum sigma(W)^2 (Yoshida & Miyato: 0.01).")]
    public double Lambda { get; init; } = 0.01;

    /// <summary>Warm-started power iterations per step and layer.</summary>
    [Description("Warm-started power iterations per training step and layer (Yoshida & Miyato: 1).")]
    public int PowerIterations { get; init; } = 1;

    /// <summary>Which σ of a conv layer: the reshaped kernel (paper) or the exact conv operator.</summary>
    [Description("Conv layers: 'reshaped' kernel matrix (paper) or 'operator' (exact conv map; needs the layer's input size).")]
    public SpectralEstimator Estimator { get; init; } = SpectralEstimator.Reshaped;

    /// <summary>Layers left unregularized: "first", "last" or name patterns with '*'.</summary>
    [Description("Layers left unregularized: 'first', 'last' or name patterns with '*'.")]
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Throws a <see cref="PluginOptionsException"/> naming the first out-of-range option.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Lambda) || Lambda < 0)
            throw new PluginOptionsException(SpectralNormRegularization.PluginName, "lambda", $"must be a finite number >= 0 (got {Lambda}).");
        if (PowerIterations < 1)
            throw new PluginOptionsException(SpectralNormRegularization.PluginName, "powerIterations", $"must be >= 1 (got {PowerIterations}).");
        if (Exclude.Any(string.IsNullOrWhiteSpace))
            throw new PluginOptionsException(SpectralNormRegularization.PluginName, "exclude", "entries must be 'first', 'last' or a non-empty name pattern.");
    }
}
