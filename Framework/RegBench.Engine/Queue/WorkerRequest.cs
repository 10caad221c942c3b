using RegBench.Engine.Experiments;

namespace RegBench.Engine.Queue;

/// <summary>What `regbench worker` asks for: the matrix to enqueue, the shared store and checkpoints, and when to stop.</summary>
/// <param name="Profile">The validated profile whose matrix is enqueued and whose cells are claimed.</param>
/// <param name="StoreAddress">The shared store: a postgres:// URI (or a SQLite file on one machine).</param>
/// <param name="ResultsDirectory">Local results folder (default parent of the checkpoints).</param>
/// <param name="CheckpointsDirectory">Shared folder of per-cell checkpoints, so another worker can resume a reclaimed cell.</param>
/// <param name="Timing">Heartbeat interval, stall timeout and idle exit.</param>
public sealed record WorkerRequest(
    ExperimentProfile Profile,
    string StoreAddress,
    string ResultsDirectory,
    string CheckpointsDirectory,
    WorkerTiming Timing)
{
    /// <summary>Overrides the profile's epochs (changes the cell ids), or null.</summary>
    public int? Epochs { get; init; }

    /// <summary>Where dataset files are searched first (--data-dir).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Stop after this many cells (null: no limit).</summary>
    public int? MaxCells { get; init; }

    /// <summary>Which cells of the matrix to enqueue (filters and shard); all by default.</summary>
    public CellSelection Selection { get; init; } = CellSelection.All;

    /// <summary>The torch device name recorded for each cell.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The command line, recorded in the runs table.</summary>
    public string Command { get; init; } = "regbench worker";
}

/// <summary>A worker's clocks.</summary>
/// <param name="Heartbeat">How often a running cell's heartbeat is refreshed.</param>
/// <param name="StaleAfter">A running cell whose heartbeat is older than this is reclaimed by another worker.</param>
/// <param name="IdleExit">Exit after this long with nothing to claim while other workers still run cells.</param>
public sealed record WorkerTiming(TimeSpan Heartbeat, TimeSpan StaleAfter, TimeSpan IdleExit)
{
    /// <summary>Beat every 5 s, reclaim after 60 s of silence, exit after 120 s with nothing to claim.</summary>
    public static WorkerTiming Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120));
}
