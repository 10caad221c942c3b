namespace RegBench.Reporting.Tables;

/// <summary>One cell of a displayed table; <see cref="Bold"/> marks the best of its row.</summary>
public sealed record TableCell(string Text, bool Bold = false)
{
    /// <summary>A plain cell.</summary>
    public static implicit operator TableCell(string text) => new(text);
}

/// <summary>
/// A table as shown (text cells, bold best, footnotes) plus the same numbers in long form for CSV
/// (<see cref="DataHeader"/>/<see cref="DataRows"/>: invariant-culture numbers, one row per measured value).
/// </summary>
public sealed record ReportTable(
    string Id,
    string Title,
    string Caption,
    IReadOnlyList<string> Header,
    IReadOnlyList<IReadOnlyList<TableCell>> Rows,
    IReadOnlyList<string> Footnotes,
    IReadOnlyList<string> DataHeader,
    IReadOnlyList<IReadOnlyList<string>> DataRows);
