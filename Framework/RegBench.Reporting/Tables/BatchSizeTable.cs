namespace RegBench.Reporting.Tables;

/// <summary>
/// The McGill report's layout (Tables 3 and 4): rows model (dataset) × batch size, columns regularizer, one metric per
/// cell as mean ± std over seeds, the best of each row in bold. A seed whose metric does not exist (null) is left
/// out and footnoted; a cell with no value at all shows "—" and the reason.
/// </summary>
public static class BatchSizeTable
{
    /// <summary>Footnote marks: value missing for every seed, missing for some seeds.</summary>
    public const string MissingMark = "¹", PartialMark = "²";

    /// <summary>Builds one table; <paramref name="metric"/> gives a seed's value (null: does not exist).</summary>
    public static ReportTable Build(ReportData data, string id, string title, string caption, Func<CellSummaryView, double?> metric,
        bool higherIsBetter, string missingReason, bool withThreshold = false)
    {
        var rows = new List<IReadOnlyList<TableCell>>();
        var dataRows = new List<IReadOnlyList<string>>();
        var footnotes = new HashSet<string>();
        string? previousModel = null;
        foreach (var group in data.Groups.OrderBy(g => (g.Key.Profile, g.Key.Dataset, g.Key.Architecture)).ThenBy(g => g.Key.BatchSize))
        {
            var model = $"{group.Key.Architecture} ({group.Key.Dataset})" + (data.Groups.Select(g => g.Key.Profile).Distinct().Count() > 1 ? $" [{group.Key.Profile}]" : "");
            var thresholds = group.Regularizers.SelectMany(r => r.Seeds).Select(c => c.Cell.GapThreshold).Distinct().ToList();
            var values = data.Regularizers.Select(r => group.For(r)?.Seeds.Select(c => metric(new CellSummaryView(c, data.Epochs(c.Cell.CellId)))).ToList()).ToList();
            var stats = values.Select(v => v?.Where(x => x is not null).Select(x => x!.Value).ToList() is { Count: > 0 } present ? SampleStatistics.Of(present) : null).ToList();
            var best = TableText.Best(stats.Select(s => s?.Mean).ToList(), higherIsBetter, decimals: 3);
            var row = new List<TableCell> { model == previousModel ? "" : model, group.Key.BatchSize.ToString() };
            if (withThreshold) row.Add(thresholds.Count == 1 && thresholds[0] is { } t ? TableText.Fixed(t, 2) : TableText.Missing);
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is null) { row.Add(TableText.Missing); continue; }
                if (stats[i] is not { } s)
                {
                    footnotes.Add($"{MissingMark} {missingReason}");
                    row.Add(TableText.Missing + MissingMark);
                    dataRows.Add([model, group.Key.BatchSize.ToString(), data.Regularizers[i], values[i]!.Count.ToString(), "0", "", ""]);
                    continue;
                }
                var partial = s.Count < values[i]!.Count;
                if (partial) footnotes.Add($"{PartialMark} Some seeds have no value ({missingReason[0..1].ToLowerInvariant()}{missingReason[1..]}); mean over the seeds that have one.");
                row.Add(new TableCell(TableText.MeanStd(s, 3) + (partial ? PartialMark : ""), best.Contains(i)));
                dataRows.Add([model, group.Key.BatchSize.ToString(), data.Regularizers[i], values[i]!.Count.ToString(), s.Count.ToString(),
                    TableText.Raw(s.Mean), TableText.Raw(s.StandardDeviation)]);
            }
            rows.Add(row);
            previousModel = model;
        }
        string[] header = withThreshold ? ["Model (dataset)", "Batch size", "Threshold", .. data.Regularizers] : ["Model (dataset)", "Batch size", .. data.Regularizers];
        return new ReportTable(id, title, caption, header, rows, footnotes.Order().ToList(),
            ["model", "batch_size", "regularizer", "seeds", "seeds_with_value", "mean", "std"], dataRows);
    }
}

/// <summary>A done cell with its epoch rows, as a table metric sees it.</summary>
public sealed record CellSummaryView(RegBench.Results.CellSummary Summary, IReadOnlyList<RegBench.Results.EpochRecord> Epochs);
