using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Architectures.ResNet;

/// <summary>Options of the ResNet: the seed study trains ResNet-34 and ResNet-50 with a 3×3, 64-channel first conv on CIFAR-100.</summary>
public sealed record ResNetOptions
{
    /// <summary>18 or 34 (basic blocks), 50, 101 or 152 (bottleneck blocks).</summary>
    [Description("18 or 34 (basic blocks), 50, 101 or 152 (bottleneck blocks).")]
    public int Depth { get; init; } = 18;

    /// <summary>"cifar": 3×3 conv, stride 1, no max pool; "imagenet": 7×7 conv, stride 2, then 3×3 max pool, stride 2.</summary>
    [Description("cifar: 3x3 conv, stride 1, no max pool; imagenet: 7x7 conv stride 2 + 3x3 max pool stride 2.")]
    public ResNetStem Stem { get; init; } = ResNetStem.Cifar;

    /// <summary>Channels of the stem and of stage 1; stages 2–4 have 2×, 4×, 8× (before the bottleneck expansion of 4).</summary>
    [Description("Channels of the stem and stage 1 (stages 2-4: 2x, 4x, 8x; bottleneck output 4x that). 64 is the standard ResNet.")]
    [OptionRange(Minimum = 1, Maximum = 4096)]
    public int Width { get; init; } = 64;
}

/// <summary>The first layers of the ResNet ("cifar", "imagenet" in experiments.json).</summary>
public enum ResNetStem
{
    /// <summary>3×3 conv, stride 1, no max pool.</summary>
    Cifar,
    /// <summary>7×7 conv, stride 2, then 3×3 max pool, stride 2.</summary>
    Imagenet,
}
