using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Datasets.Cifar;

/// <summary>Options of CIFAR-10, and the base of CIFAR-100's. The generated manifest checks the [OptionRange]s.</summary>
public record CifarOptions
{
    /// <summary>Random crop (4-pixel zero padding) and horizontal flip of training batches.</summary>
    [Description("Random crop with 4-pixel zero padding and horizontal flip of training batches.")]
    public bool Augment { get; init; } = true;

    /// <summary>Use only the first N training examples (0 = all).</summary>
    [Description("Use only the first N training examples (0 = all; at most 50000).")]
    [OptionRange(Minimum = 0, Maximum = 50000)]
    public int TrainLimit { get; init; }

    /// <summary>Use only the first N test examples (0 = all).</summary>
    [Description("Use only the first N test examples (0 = all; at most 10000).")]
    [OptionRange(Minimum = 0, Maximum = 10000)]
    public int TestLimit { get; init; }
}

/// <summary>Options of CIFAR-100: those of CIFAR-10 and the label granularity.</summary>
public sealed record Cifar100Options : CifarOptions
{
    /// <summary>"fine" (100 classes) or "coarse" (20 superclasses).</summary>
    [Description("fine (100 classes) or coarse (20 superclasses).")]
    public Cifar100Labels Labels { get; init; } = Cifar100Labels.Fine;
}

/// <summary>Which label of a CIFAR-100 record is the class ("fine", "coarse" in experiments.json).</summary>
public enum Cifar100Labels
{
    /// <summary>100 classes (the record's second label byte).</summary>
    Fine,
    /// <summary>20 superclasses (the record's first label byte).</summary>
    Coarse,
}
