using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Datasets.Stl10;

/// <summary>Options of STL-10. The generated manifest checks the [OptionRange]s.</summary>
public sealed record Stl10Options
{
    /// <summary>Random crop (12-pixel zero padding, as 4 px is for 32×32) and horizontal flip of training batches.</summary>
    [Description("Random crop with 12-pixel zero padding and horizontal flip of training batches.")]
    public bool Augment { get; init; } = true;

    /// <summary>Use only the first N training examples (0 = all).</summary>
    [Description("Use only the first N training examples (0 = all; at most 5000).")]
    [OptionRange(Minimum = 0, Maximum = 5000)]
    public int TrainLimit { get; init; }

    /// <summary>Use only the first N test examples (0 = all).</summary>
    [Description("Use only the first N test examples (0 = all; at most 8000).")]
    [OptionRange(Minimum = 0, Maximum = 8000)]
    public int TestLimit { get; init; }
}
