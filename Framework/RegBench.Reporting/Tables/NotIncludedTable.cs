using RegBench.Results;

namespace RegBench.Reporting.Tables;

/// <summary>Cells left out of the tables and figures (failed, diverged, unfinished), each with its status and error.</summary>
public static class NotIncludedTable
{
    /// <summary>The table, or null when every cell is done.</summary>
    public static ReportTable? Build(ReportData data)
    {
        if (data.NotIncluded.Count == 0) return null;
        static string Label(CellRecord c) => $"{c.Dataset} / {c.Architecture} / {c.Regularizer} / seed {c.Seed} / batch {c.BatchSize}";
        static string Error(CellSummary c) => c.Error ?? (c.Status == CellStatus.Done ? "no epoch rows stored" : "not finished");
        var rows = data.NotIncluded.Select(c => (IReadOnlyList<TableCell>)[c.Cell.CellId, Label(c.Cell), SqliteResultStore.StatusText(c.Status),
            c.Attempt.ToString(), Error(c).ReplaceLineEndings(" ")]).ToList();
        var dataRows = data.NotIncluded.Select(c => (IReadOnlyList<string>)[c.Cell.CellId, Label(c.Cell), SqliteResultStore.StatusText(c.Status),
            c.Attempt.ToString(), Error(c).ReplaceLineEndings(" ")]).ToList();
        return new ReportTable("not-included", "Cells not included",
            "Cells that failed, diverged or did not finish; they are left out of the tables and figures above.",
            ["Cell", "Label", "Status", "Attempt", "Error"], rows, [], ["cell_id", "label", "status", "attempt", "error"], dataRows);
    }
}
