namespace RegBench.Engine.Training;

/// <summary>What one epoch of training and evaluation measured. Accuracies are fractions in [0, 1].</summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double TestLoss,
    double TestAccuracy,
    double LearningRate,
    double StepMillisecondsMedian,
    double StepMillisecondsP90,
    double EpochSeconds);
