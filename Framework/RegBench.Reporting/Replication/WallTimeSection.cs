using RegBench.Reporting.Tables;
using RegBench.Results;

namespace RegBench.Reporting.Replication;

/// <summary>Wall time from the store: the sum of epochs.epoch_seconds per profile and per regularizer, and the ratio to `none`.</summary>
public static class WallTimeSection
{
    /// <summary>The section: one table per profile × regularizer (cells, total and mean per cell), a sentence per profile.</summary>
    public static ReplicationSection Build(ReportData data)
    {
        var done = data.Cells.Where(c => c.Status == CellStatus.Done && data.Epochs(c.Cell.CellId).Count > 0).ToList();
        var rows = new List<IReadOnlyList<TableCell>>();
        var dataRows = new List<IReadOnlyList<string>>();
        var paragraphs = new List<string>();
        foreach (var profile in done.GroupBy(c => c.Cell.Profile))
        {
            double Seconds(CellSummary c) => data.Epochs(c.Cell.CellId).Sum(e => e.EpochSeconds);
            var total = profile.Sum(Seconds);
            var perRegularizer = profile.GroupBy(c => c.Cell.Regularizer).Select(g => (Regularizer: g.Key, Cells: g.Count(), Seconds: g.Sum(Seconds))).ToList();
            var baseline = perRegularizer.Where(r => CellShape.Of(profile.First(c => c.Cell.Regularizer == r.Regularizer).Cell).Regularizer == "none")
                .Select(r => r.Seconds / r.Cells).FirstOrDefault();
            foreach (var r in perRegularizer)
            {
                var ratio = baseline > 0 ? Comparison.F(r.Seconds / r.Cells / baseline, 2) : "";
                rows.Add([profile.Key, r.Regularizer, r.Cells.ToString(), Hours(r.Seconds), Comparison.F(r.Seconds / r.Cells, 1), ratio.Length > 0 ? "×" + ratio : TableText.Missing]);
                dataRows.Add([profile.Key, r.Regularizer, r.Cells.ToString(), TableText.Raw(r.Seconds), TableText.Raw(r.Seconds / r.Cells), ratio]);
            }
            rows.Add([profile.Key, new TableCell("all", Bold: true), profile.Count().ToString(), new TableCell(Hours(total), Bold: true), Comparison.F(total / profile.Count(), 1), ""]);
            dataRows.Add([profile.Key, "all", profile.Count().ToString(), TableText.Raw(total), TableText.Raw(total / profile.Count()), ""]);
            var slowest = perRegularizer.MaxBy(r => r.Seconds / r.Cells);
            paragraphs.Add($"Profile `{profile.Key}`: {profile.Count()} done cells took {Hours(total)} of training and evaluation time in total (sum of epochs.epoch_seconds; " +
                           $"cells run one after another, so this is the wall time of a one-process run); the slowest regularizer per cell is `{slowest.Regularizer}` " +
                           $"({Comparison.F(slowest.Seconds / slowest.Cells, 1)} s per cell).");
        }
        var table = new ReportTable("wall-time", "Wall time per profile and regularizer",
            "Sum of epochs.epoch_seconds (each epoch's training, evaluation and diagnostics) over the done cells; ratio: mean per cell against `none`.",
            ["Profile", "Regularizer", "Cells", "Total (h:mm:ss)", "Mean per cell (s)", "× none"], rows, [],
            ["profile", "regularizer", "cells", "total_seconds", "mean_seconds_per_cell", "ratio_to_none"], dataRows);
        return new ReplicationSection("Wall time", paragraphs, [table], []);
    }

    /// <summary>Seconds as h:mm:ss.</summary>
    public static string Hours(double seconds)
    {
        var time = TimeSpan.FromSeconds(Math.Round(seconds));
        return $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}";
    }
}
