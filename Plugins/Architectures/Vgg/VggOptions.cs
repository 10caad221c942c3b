using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Architectures.Vgg;

/// <summary>Options of the CIFAR VGG (Yoshida &amp; Miyato's experiment 1 trains a VGG net on CIFAR-10).</summary>
public sealed record VggOptions
{
    /// <summary>11, 13, 16 or 19 weight layers (Simonyan &amp; Zisserman's configurations A, B, D, E).</summary>
    [Description("11, 13, 16 or 19 (configurations A, B, D, E of Simonyan & Zisserman).")]
    public int Depth { get; init; } = 16;

    /// <summary>BatchNorm after every conv (the common CIFAR VGG).</summary>
    [Description("BatchNorm after every conv.")]
    public bool BatchNorm { get; init; } = true;

    /// <summary>Channels of the first stage (64 in VGG); every stage scales with it (64-128-256-512-512 at 64).</summary>
    [Description("Channels of the first stage (64 in VGG); all stages scale with it, e.g. 8 for tiny test models.")]
    [OptionRange(Minimum = 1, Maximum = 4096)]
    public int Width { get; init; } = 64;

    /// <summary>"linear": one Linear 512→classes (kuangliu/pytorch-cifar); "mlp": dropout, 512→512→512→classes (chengyangfu/pytorch-vgg-cifar10).</summary>
    [Description("linear: one Linear 512->classes; mlp: dropout + 512->512->512->classes.")]
    public VggClassifier Classifier { get; init; } = VggClassifier.Linear;
}

/// <summary>The head of the VGG ("linear", "mlp" in experiments.json).</summary>
public enum VggClassifier
{
    /// <summary>One Linear 512→classes (kuangliu/pytorch-cifar).</summary>
    Linear,
    /// <summary>Dropout, 512→512→512→classes (chengyangfu/pytorch-vgg-cifar10).</summary>
    Mlp,
}
