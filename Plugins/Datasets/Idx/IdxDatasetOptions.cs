using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Datasets.Idx;

/// <summary>Options of the IDX datasets (fashion-mnist, mnist). The generated manifest checks the [OptionRange]s.</summary>
public sealed record IdxDatasetOptions
{
    /// <summary>Use only the first N training examples (0 = all); handy for quick experiments.</summary>
    [Description("Use only the first N training examples (0 = all; at most 60000).")]
    [OptionRange(Minimum = 0, Maximum = 60000)]
    public int TrainLimit { get; init; }

    /// <summary>Use only the first N test examples (0 = all).</summary>
    [Description("Use only the first N test examples (0 = all; at most 10000).")]
    [OptionRange(Minimum = 0, Maximum = 10000)]
    public int TestLimit { get; init; }
}
