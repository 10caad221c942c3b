using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Regularizers.AdversarialTraining;

/// <summary>Options of <see cref="AdversarialTraining"/>; defaults are those Yoshida &amp; Miyato used (Goodfellow et al.).</summary>
public sealed record AdversarialTrainingOptions
{
    /// <summary>Weight α of the clean loss in α·L(x, y) + (1 − α)·L(x + η, y).</summary>
    [Description("Weight alpha of the clean loss in alpha*L(x,y) + (1-alpha)*L(x+eta,y), in [0, 1] (0.5).")]
    [OptionRange(Minimum = 0, Maximum = 1)]
    public double Alpha { get; init; } = 0.5;

    /// <summary>L2 norm ε of each example's perturbation η, in input units.</summary>
    [Description("L2 norm epsilon of each example's perturbation eta, in input units (1).")]
    [OptionRange(Minimum = 0)]
    public double Epsilon { get; init; } = 1.0;

    /// <summary>Accepted so every regularizer takes the shared option; perturbing inputs involves no layer, so it has no effect.</summary>
    [Description("Shared layer-exclusion option; adversarial training perturbs inputs, not layers, so it has no effect.")]
    public IReadOnlyList<string> Exclude { get; init; } = [];
}
