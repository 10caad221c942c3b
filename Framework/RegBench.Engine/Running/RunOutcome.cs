using RegBench.Results;

namespace RegBench.Engine.Running;

/// <summary>How a matrix run ended: each cell's final state (done cells skipped count as done), and the exit code.</summary>
public sealed record RunOutcome(string RunId, IReadOnlyList<CellSummary> Cells, int Skipped, bool Interrupted)
{
    /// <summary>0 when every cell is done, 1 when some failed or diverged, 130 when interrupted.</summary>
    public int ExitCode => Interrupted ? ExitCodes.Interrupted
        : Cells.All(c => c.Status == CellStatus.Done) ? ExitCodes.Ok : ExitCodes.CellsFailed;
}
