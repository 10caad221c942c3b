using System.Globalization;
using RegBench.Engine.Experiments;
using RegBench.Engine.Running;
using RegBench.Results;
using Spectre.Console;

namespace RegBench.Cli.Rendering;

/// <summary>
/// The live view on a terminal: a bar for the matrix (cells) and one for the current cell (epochs), each with its
/// ETA, and the last epoch's loss, accuracy and step time in the cell's description.
/// </summary>
public sealed class LiveRunProgress(ProgressContext context) : IRunProgress
{
    private ProgressTask? matrix;
    private ProgressTask? current;
    private int cellIndex;
    private int cellsToRun;

    /// <summary>Runs <paramref name="body"/> inside a live view and returns its result.</summary>
    public static T Show<T>(Func<IRunProgress, T> body) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => body(new LiveRunProgress(context)));

    /// <inheritdoc />
    public void Warning(string message) => AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");

    /// <inheritdoc />
    public void MatrixStarted(string profile, int total, int toRun)
    {
        cellsToRun = toRun;
        AnsiConsole.MarkupLine(Markup.Escape($"profile '{profile}': {total} cells, {total - toRun} already done, {toRun} to run"));
        matrix = context.AddTask(Markup.Escape($"matrix '{profile}'"), maxValue: Math.Max(1, toRun));
    }

    /// <inheritdoc />
    public void CellStarted(int index, int toRun, CellSpec cell, string datasetUsed)
    {
        cellIndex = index;
        current?.StopTask();
        current = context.AddTask(Markup.Escape($"cell {index}/{toRun} {cell.Regularizer.Label}"), maxValue: cell.Epochs);
        AnsiConsole.MarkupLine(Markup.Escape($"[cell {index}/{toRun}] {cell.CellId} {cell.Label}; data: {datasetUsed}"));
    }

    /// <inheritdoc />
    public void EpochFinished(CellSpec cell, EpochRecord m, IReadOnlyList<LayerRecord> layers)
    {
        if (current is null) return;
        current.Value = m.Epoch;
        current.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"cell {cellIndex}/{cellsToRun} {cell.Regularizer.Label} epoch {m.Epoch}/{cell.Epochs} loss {m.TrainLoss:F3} acc {m.TestAccuracy:F3} step {m.StepMillisecondsMedian:F1} ms"));
        if (matrix is not null) matrix.Value = cellIndex - 1 + (double)m.Epoch / cell.Epochs;
    }

    /// <inheritdoc />
    public void CellFinished(CellSpec cell, CellStatus status, string? error)
    {
        current?.StopTask();
        if (matrix is not null) matrix.Value = cellIndex;
        if (status != CellStatus.Done)
            AnsiConsole.MarkupLine(Markup.Escape($"[cell {cellIndex}/{cellsToRun}] {cell.CellId} {SqliteResultStore.StatusText(status)}: {error}"));
    }
}
