namespace RegBench.Results;

/// <summary>
/// Where results go. Every write is one transaction: a reader never sees a half-written epoch, and a crash
/// leaves the store consistent.
/// </summary>
public interface IResultStore : IDisposable
{
    /// <summary>Where the store is, for messages: a file path, or a PostgreSQL URI without its password.</summary>
    string Description { get; }

    /// <summary>Records a run (one invocation of the CLI).</summary>
    void BeginRun(RunRecord run);

    /// <summary>Every recorded run, oldest first.</summary>
    IReadOnlyList<RunRecord> ReadRuns();

    /// <summary>Adds the cell as pending if it is not stored yet; an existing cell keeps its status.</summary>
    void RegisterCell(CellRecord cell);

    /// <summary>Registers many cells as <see cref="RegisterCell"/> does; stores override it to do so in one transaction.</summary>
    void RegisterCells(IEnumerable<CellRecord> cells)
    {
        foreach (var cell in cells) RegisterCell(cell);
    }

    /// <summary>The stored cell with status (also found by an old id it was re-keyed from), or null if unknown.</summary>
    CellSummary? GetCell(string cellId);

    /// <summary>
    /// Moves the cell stored under <paramref name="oldId"/> (an id rule 1 id) and its epochs, layers and events to
    /// <paramref name="cell"/>'s id and canonical JSON, and records the old id as an alias; false (nothing changed) when
    /// no cell has <paramref name="oldId"/> or <paramref name="cell"/>'s id is already stored. Stores that never held
    /// rule-1 ids keep this default.
    /// </summary>
    bool RekeyCell(string oldId, CellRecord cell) => false;

    /// <summary>Every stored cell, optionally only one profile's, in insertion order.</summary>
    IReadOnlyList<CellSummary> ReadCells(string? profile = null);

    /// <summary>Marks the cell running for a new attempt, dropping epoch rows of an earlier unfinished attempt.</summary>
    void StartAttempt(string cellId, string runId, string worker, string datasetUsed);

    /// <summary>
    /// Marks the cell running for a new attempt that continues after <paramref name="fromEpoch"/>, dropping rows of later
    /// epochs, and records the torch device it trains on (default "cpu").
    /// </summary>
    void ResumeAttempt(string cellId, string runId, string worker, string datasetUsed, int fromEpoch, string? device = null);

    /// <summary>
    /// Atomically takes the first cell (matrix order) of <paramref name="profile"/> (null: any) that is pending, or running
    /// with a heartbeat older than <paramref name="staleBefore"/> (its worker stopped), and marks it running for
    /// <paramref name="worker"/>; null when there is none. Concurrent claimers never get the same cell.
    /// </summary>
    CellSummary? ClaimCell(string? profile, string worker, string runId, DateTimeOffset staleBefore);

    /// <summary>Refreshes the heartbeat of a cell <paramref name="worker"/> holds; false when the cell is no longer its own (reclaimed or finished).</summary>
    bool Heartbeat(string cellId, string worker);

    /// <summary>Puts a cell <paramref name="worker"/> holds back to pending (keeping its epochs) so another worker continues it at once.</summary>
    void Release(string cellId, string worker);

    /// <summary>Stores one epoch's metrics and layer statistics atomically.</summary>
    void CommitEpoch(EpochRecord epoch, IReadOnlyList<LayerRecord> layers);

    /// <summary>Ends the cell with a final status and, for failures, the error text.</summary>
    void Finish(string cellId, CellStatus status, string? error = null);

    /// <summary>Appends an event (warning, error, note) to the log table.</summary>
    void LogEvent(string? cellId, string level, string message);

    /// <summary>The epoch rows of a cell (or all cells), ordered by cell and epoch.</summary>
    IReadOnlyList<EpochRecord> ReadEpochs(string? cellId = null);

    /// <summary>The layer rows of a cell (or all cells), ordered by cell, epoch and layer.</summary>
    IReadOnlyList<LayerRecord> ReadLayers(string? cellId = null);
}
