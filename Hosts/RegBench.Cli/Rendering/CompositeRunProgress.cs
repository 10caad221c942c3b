using RegBench.Engine.Experiments;
using RegBench.Engine.Running;
using RegBench.Results;

namespace RegBench.Cli.Rendering;

/// <summary>Forwards every progress event to each of its receivers in order (console first, then e.g. TensorBoard).</summary>
public sealed class CompositeRunProgress(params IRunProgress[] receivers) : IRunProgress
{
    /// <inheritdoc />
    public void Warning(string message) { foreach (var r in receivers) r.Warning(message); }

    /// <inheritdoc />
    public void MatrixStarted(string profile, int total, int toRun) { foreach (var r in receivers) r.MatrixStarted(profile, total, toRun); }

    /// <inheritdoc />
    public void CellStarted(int index, int toRun, CellSpec cell, string datasetUsed) { foreach (var r in receivers) r.CellStarted(index, toRun, cell, datasetUsed); }

    /// <inheritdoc />
    public void EpochFinished(CellSpec cell, EpochRecord epoch, IReadOnlyList<LayerRecord> layers) { foreach (var r in receivers) r.EpochFinished(cell, epoch, layers); }

    /// <inheritdoc />
    public void CellFinished(CellSpec cell, CellStatus status, string? error) { foreach (var r in receivers) r.CellFinished(cell, status, error); }
}
