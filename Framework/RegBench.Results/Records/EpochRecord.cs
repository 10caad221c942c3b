namespace RegBench.Results;

/// <summary>Metrics of one epoch of one cell. Accuracies are fractions in [0, 1]; times in milliseconds/seconds as named.</summary>
public sealed record EpochRecord(
    string CellId,
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy,
    double LearningRate,
    double StepMillisecondsMedian,
    double StepMillisecondsP90,
    double EpochSeconds)
{
    /// <summary>Input-gradient sensitivity: mean ‖∇ₓL‖₂ per example over a fixed test subset; null when not measured.</summary>
    public double? Sensitivity { get; init; }

    /// <summary>Further named metrics (regularizer-reported, memory, σ₁ mean/std across layers), stored as JSON.</summary>
    public IReadOnlyDictionary<string, double> Extra { get; init; } = new Dictionary<string, double>();
}
