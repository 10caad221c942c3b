namespace RegBench.Results;

/// <summary>A stored cell with its status, the dataset really used, attempts and error.</summary>
public sealed record CellSummary(CellRecord Cell, CellStatus Status, string? DatasetUsed, int Attempt, string? Error);
