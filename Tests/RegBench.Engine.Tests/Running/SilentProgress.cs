using RegBench.Engine.Experiments;
using RegBench.Engine.Running;
using RegBench.Results;

namespace RegBench.Engine.Tests.Running;

/// <summary>Records what a run reported, for assertions; prints nothing.</summary>
public sealed class SilentProgress : IRunProgress
{
    /// <summary>Warnings received.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Epoch rows received, in order.</summary>
    public List<EpochRecord> Epochs { get; } = [];

    public void Warning(string message) => Warnings.Add(message);
    public void MatrixStarted(string profile, int total, int toRun) { }
    public void CellStarted(int index, int toRun, CellSpec cell, string datasetUsed) { }
    public void EpochFinished(CellSpec cell, EpochRecord epoch, IReadOnlyList<LayerRecord> layers) => Epochs.Add(epoch);
    public void CellFinished(CellSpec cell, CellStatus status, string? error) { }
}
