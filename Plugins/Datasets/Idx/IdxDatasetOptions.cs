using System.ComponentModel;

namespace RegBench.Datasets.Idx;

/// <summary>Options of the IDX datasets.</summary>
public sealed record IdxDatasetOptions
{
    /// <summary>Use only the first N training examples (0 = all); handy for quick experiments.</summary>
    [Description("Use only the first N training examples (0 = all).")]
    public int TrainLimit { get; init; }

    /// <summary>Use only the first N test examples (0 = all).</summary>
    [Description("Use only the first N test examples (0 = all).")]
    public int TestLimit { get; init; }
}
