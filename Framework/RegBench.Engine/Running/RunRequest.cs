using RegBench.Engine.Experiments;

namespace RegBench.Engine.Running;

/// <summary>What `regbench run` asks for: a profile, where results go, and overrides.</summary>
/// <param name="Profile">The validated profile to expand (null for `resume`, which runs stored cells).</param>
/// <param name="ResultsDirectory">Folder of regbench.db, checkpoints and reports.</param>
/// <param name="StorePath">Store overriding ResultsDirectory/regbench.db: a SQLite file or a postgres:// URI (<see cref="Results.StoreLocation"/>), or null.</param>
/// <param name="Epochs">Overrides the profile's epochs (changes the cell ids), or null.</param>
/// <param name="DataDirectory">Where dataset files are searched first (--data-dir); no fallback to synthetic when given.</param>
/// <param name="Command">The command line, recorded in the runs table.</param>
/// <param name="Selection">Filters and shard; null for every cell.</param>
public sealed record RunRequest(
    ExperimentProfile? Profile,
    string ResultsDirectory,
    string? StorePath = null,
    int? Epochs = null,
    string? DataDirectory = null,
    string Command = "regbench run",
    CellSelection? Selection = null)
{
    /// <summary>Which cells of the matrix to run (filters and shard); all by default.</summary>
    public CellSelection Selection { get; init; } = Selection ?? CellSelection.All;

    /// <summary>The torch device name cells record (resolved from --device; "cpu" by default).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The store this run writes: a SQLite file path or a postgres:// URI (may hold a password; show <see cref="Results.StoreLocation.Display"/>).</summary>
    public string DatabasePath => StorePath ?? Path.Combine(ResultsDirectory, "regbench.db");
}
