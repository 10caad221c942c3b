namespace RegBench.Results;

/// <summary>Life cycle of a cell in the store.</summary>
public enum CellStatus
{
    /// <summary>Known, not started.</summary>
    Pending,
    /// <summary>Claimed by a worker; a crash leaves it here for `resume`.</summary>
    Running,
    /// <summary>All epochs trained and stored.</summary>
    Done,
    /// <summary>Ended by an error (recorded in the cell's error column).</summary>
    Failed,
    /// <summary>Loss became NaN/Inf (epoch and step recorded in the error column).</summary>
    Diverged,
}
