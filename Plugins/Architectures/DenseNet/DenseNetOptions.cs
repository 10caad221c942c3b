using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Architectures.DenseNet;

/// <summary>Options of DenseNet-BC (Yoshida &amp; Miyato's experiments 3 and 4: CIFAR-100 and STL-10).</summary>
public sealed record DenseNetOptions
{
    /// <summary>Total depth L; each of the three dense blocks has (L − 4) / 6 bottleneck layers (40 → 6, 100 → 16).</summary>
    [Description("Depth L; (L-4)/6 bottleneck layers per dense block (40 -> 6, 100 -> 16).")]
    public int Depth { get; init; } = 100;

    /// <summary>Growth rate k: channels each bottleneck layer adds.</summary>
    [Description("Growth rate k: channels each bottleneck layer adds.")]
    [OptionRange(Minimum = 1)]
    public int GrowthRate { get; init; } = 12;

    /// <summary>Compression θ of the transition layers (BC: 0.5).</summary>
    [Description("Compression of the transition layers (DenseNet-BC: 0.5).")]
    [OptionRange(Minimum = 0, ExclusiveMinimum = true, Maximum = 1)]
    public double Compression { get; init; } = 0.5;

    /// <summary>Dropout after every conv of the dense blocks (Huang et al. use 0 with augmentation).</summary>
    [Description("Dropout after each conv in the dense blocks (0 with augmentation, as Huang et al.).")]
    [OptionRange(Minimum = 0, Maximum = 1, ExclusiveMaximum = true)]
    public double Dropout { get; init; }

    /// <summary>"cifar": 3×3 conv, 2k channels, stride 1; "pooled": the same conv then a 2×2 average pool; "auto": cifar up to 64 px, pooled above (STL-10).</summary>
    [Description("cifar: 3x3 conv to 2k channels; pooled: that conv then 2x2 average pool; auto: cifar up to 64 px, pooled above (STL-10 96x96).")]
    public DenseNetStem Stem { get; init; } = DenseNetStem.Auto;
}

/// <summary>The first layers of the DenseNet ("auto", "cifar", "pooled" in experiments.json).</summary>
public enum DenseNetStem
{
    /// <summary>cifar up to 64 px per side, pooled above (STL-10).</summary>
    Auto,
    /// <summary>3×3 conv to 2k channels, stride 1.</summary>
    Cifar,
    /// <summary>The cifar conv, then a 2×2 average pool.</summary>
    Pooled,
}
