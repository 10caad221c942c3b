using RegBench.Results;

namespace RegBench.Engine.Running;

/// <summary>How a matrix run ended: each cell's final state (done cells skipped count as done).</summary>
public sealed record RunOutcome(string RunId, IReadOnlyList<CellSummary> Cells, int Skipped, bool Interrupted)
{
    /// <summary>True when every cell of the run is done (none failed, diverged or left unfinished).</summary>
    public bool AllDone => Cells.All(c => c.Status == CellStatus.Done);
}
