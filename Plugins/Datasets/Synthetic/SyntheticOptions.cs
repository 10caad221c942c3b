using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Datasets.Synthetic;

/// <summary>Options of the synthetic dataset: shape, sizes and seed. The generated manifest checks the [OptionRange]s.</summary>
public sealed record SyntheticOptions
{
    /// <summary>Image channels.</summary>
    [Description("Image channels.")]
    [OptionRange(Minimum = 1)]
    public int Channels { get; init; } = 1;

    /// <summary>Image height in pixels.</summary>
    [Description("Image height in pixels.")]
    [OptionRange(Minimum = 1)]
    public int Height { get; init; } = 28;

    /// <summary>Image width in pixels.</summary>
    [Description("Image width in pixels.")]
    [OptionRange(Minimum = 1)]
    public int Width { get; init; } = 28;

    /// <summary>Number of classes.</summary>
    [Description("Number of classes.")]
    [OptionRange(Minimum = 2)]
    public int Classes { get; init; } = 10;

    /// <summary>Training examples.</summary>
    [Description("Training examples.")]
    [OptionRange(Minimum = 1)]
    public int TrainSize { get; init; } = 10000;

    /// <summary>Test examples.</summary>
    [Description("Test examples.")]
    [OptionRange(Minimum = 1)]
    public int TestSize { get; init; } = 2000;

    /// <summary>Hidden units of the random teacher network that labels the data.</summary>
    [Description("Hidden units of the random teacher network that labels the data.")]
    [OptionRange(Minimum = 1)]
    public int TeacherWidth { get; init; } = 64;

    /// <summary>Seed of inputs and teacher: the same options always give the same data.</summary>
    [Description("Seed of inputs and teacher: the same options always give the same data.")]
    public long Seed { get; init; }
}
