namespace RegBench.Results;

/// <summary>A stored cell with its status, the dataset really used, attempts and error.</summary>
public sealed record CellSummary(CellRecord Cell, CellStatus Status, string? DatasetUsed, int Attempt, string? Error)
{
    /// <summary>Who ran (or runs) the latest attempt: a machine name, or a queue worker's id.</summary>
    public string? Worker { get; init; }

    /// <summary>The torch device of the latest attempt ("cpu", "cuda", "cuda:1"); null before the first attempt.</summary>
    public string? Device { get; init; }
}
