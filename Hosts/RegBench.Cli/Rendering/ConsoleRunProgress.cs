using System.Diagnostics;
using System.Globalization;
using RegBench.Engine.Experiments;
using RegBench.Engine.Running;
using RegBench.Results;

namespace RegBench.Cli.Rendering;

/// <summary>
/// Progress as plain lines, one per epoch per cell, with no control characters (also on a terminal, for now):
/// safe for CI logs and `tee`. Warnings go to stderr.
/// </summary>
public sealed class ConsoleRunProgress : IRunProgress
{
    private readonly Stopwatch matrixClock = new();
    private readonly Stopwatch cellClock = new();
    private int cellIndex;
    private int cellsToRun;

    /// <summary>A plain informational line.</summary>
    public void Note(string message) => Console.WriteLine(message);

    /// <inheritdoc />
    public void Warning(string message) => Console.Error.WriteLine($"warning: {message}");

    /// <inheritdoc />
    public void MatrixStarted(string profile, int total, int toRun)
    {
        matrixClock.Restart();
        cellsToRun = toRun;
        Console.WriteLine($"profile '{profile}': {total} cells, {total - toRun} already done, {toRun} to run");
    }

    /// <inheritdoc />
    public void CellStarted(int index, int toRun, CellSpec cell, string datasetUsed)
    {
        cellIndex = index;
        cellClock.Restart();
        Console.WriteLine($"[cell {index}/{toRun}] {cell.CellId} {cell.Label}; data: {datasetUsed}");
    }

    /// <inheritdoc />
    public void EpochFinished(CellSpec cell, EpochRecord m, IReadOnlyList<LayerRecord> layers)
    {
        var cellRemaining = cellClock.Elapsed / m.Epoch * (cell.Epochs - m.Epoch);
        var perCell = matrixClock.Elapsed - cellClock.Elapsed + cellClock.Elapsed / m.Epoch * cell.Epochs;
        var matrixRemaining = cellRemaining + perCell / cellIndex * (cellsToRun - cellIndex);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[cell {cellIndex}/{cellsToRun}] epoch {m.Epoch}/{cell.Epochs}  train loss {m.TrainLoss:F4} acc {m.TrainAccuracy:F4}  " +
            $"test loss {m.TestLoss:F4} acc {m.TestAccuracy:F4}  lr {m.LearningRate:G3}  step {m.StepMillisecondsMedian:F1} ms (p90 {m.StepMillisecondsP90:F1})  " +
            $"epoch {m.EpochSeconds:F1} s  ETA cell {Format(cellRemaining)}, matrix {Format(matrixRemaining)}"));
    }

    /// <inheritdoc />
    public void CellFinished(CellSpec cell, CellStatus status, string? error)
    {
        if (status != CellStatus.Done) Console.Error.WriteLine($"[cell {cellIndex}/{cellsToRun}] {cell.CellId} {SqliteResultStore.StatusText(status)}: {error}");
    }

    private static string Format(TimeSpan time) => time.TotalHours >= 1 ? $"{(int)time.TotalHours}h{time.Minutes:D2}m"
        : time.TotalMinutes >= 1 ? $"{(int)time.TotalMinutes}m{time.Seconds:D2}s" : $"{time.TotalSeconds:F0}s";
}
