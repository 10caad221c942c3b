namespace RegBench.Abstractions;

/// <summary>A regularizer that reports its own per-epoch metrics (e.g. power-iteration steps used).</summary>
public interface IReportsMetrics
{
    /// <summary>Returns the metrics accumulated since the last call, by name, and resets them.</summary>
    IReadOnlyDictionary<string, double> CollectEpochMetrics();
}
