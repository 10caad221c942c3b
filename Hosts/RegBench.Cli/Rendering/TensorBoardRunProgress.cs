using RegBench.Engine.Experiments;
using RegBench.Engine.Running;
using RegBench.Reporting.TensorBoard;
using RegBench.Results;

namespace RegBench.Cli.Rendering;

/// <summary>`run --tensorboard DIR`: writes each cell's epochs as TensorBoard events, one run directory per cell.</summary>
public sealed class TensorBoardRunProgress(string rootDirectory) : IRunProgress
{
    private readonly Dictionary<string, TensorBoardCellWriter> writers = [];

    /// <inheritdoc />
    public void Warning(string message) { }

    /// <inheritdoc />
    public void MatrixStarted(string profile, int total, int toRun) => Directory.CreateDirectory(rootDirectory);

    /// <inheritdoc />
    public void CellStarted(int index, int toRun, CellSpec cell, string datasetUsed) => Writer(cell);

    /// <inheritdoc />
    public void EpochFinished(CellSpec cell, EpochRecord epoch, IReadOnlyList<LayerRecord> layers) => Writer(cell).Epoch(epoch, layers);

    /// <inheritdoc />
    public void CellFinished(CellSpec cell, CellStatus status, string? error) => writers.Remove(cell.CellId);

    private TensorBoardCellWriter Writer(CellSpec cell)
    {
        if (!writers.TryGetValue(cell.CellId, out var writer))
            writers[cell.CellId] = writer = new TensorBoardCellWriter(rootDirectory, cell.CellId, cell.Label);
        return writer;
    }
}
