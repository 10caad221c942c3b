using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Architectures.NetworkInNetwork;

/// <summary>Options of Network in Network (Yoshida &amp; Miyato's experiment 2 trains it on CIFAR-100).</summary>
public sealed record NinOptions
{
    /// <summary>Dropout probability after the first two mlpconv blocks (Lin et al.: 0.5).</summary>
    [Description("Dropout probability after the first two mlpconv blocks (Lin et al.: 0.5).")]
    [OptionRange(Minimum = 0, Maximum = 1, ExclusiveMaximum = true)]
    public double Dropout { get; init; } = 0.5;

    /// <summary>BatchNorm after every conv (not in the original Caffe model).</summary>
    [Description("BatchNorm after every conv (not in the original Caffe model).")]
    public bool BatchNorm { get; init; }
}
