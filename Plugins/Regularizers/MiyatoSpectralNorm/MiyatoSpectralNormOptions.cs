using System.ComponentModel;
using RegBench.Abstractions;
using RegBench.Layers;

namespace RegBench.Regularizers.MiyatoSpectralNorm;

/// <summary>
/// Options of <see cref="MiyatoSpectralNorm"/>; defaults are PyTorch's spectral_norm parametrization. The generated manifest
/// checks the [OptionRange]s, then <see cref="MiyatoSpectralNorm.Validate"/>.
/// </summary>
public sealed record MiyatoSpectralNormOptions
{
    /// <summary>Power-iteration steps per training forward (PyTorch n_power_iterations).</summary>
    [Description("Power-iteration steps per training forward; none in eval mode (PyTorch n_power_iterations: 1).")]
    [OptionRange(Minimum = 1)]
    public int PowerIterations { get; init; } = 1;

    /// <summary>Power-iteration steps from fresh random u, v when the layer is created and when attached.</summary>
    [Description("Power-iteration steps from fresh random u, v at layer creation and at attach (PyTorch: 15).")]
    [OptionRange(Minimum = 0)]
    public int InitIterations { get; init; } = 15;

    /// <summary>Epsilon of the vector normalizations x/max(‖x‖, eps) and of the division W/max(σ, eps).</summary>
    [Description("Epsilon of the normalizations x/max(||x||, eps) and of W/max(sigma, eps) (PyTorch: 1e-12).")]
    [OptionRange(Minimum = 0, ExclusiveMinimum = true)]
    public double Eps { get; init; } = 1e-12;

    /// <summary>Which σ of a conv layer: the reshaped kernel (paper) or the exact conv operator.</summary>
    [Description("Conv layers: 'reshaped' kernel matrix (paper) or 'operator' (exact conv map; needs the layer's input size).")]
    public ConvEstimator Estimator { get; init; } = ConvEstimator.Reshaped;

    /// <summary>Layers left unnormalized: "first", "last" or name patterns with '*'.</summary>
    [Description("Layers left unnormalized: 'first', 'last' or name patterns with '*' (names and 'first' are never wrapped; 'last' is switched off at attach).")]
    public IReadOnlyList<string> Exclude { get; init; } = [];
}
