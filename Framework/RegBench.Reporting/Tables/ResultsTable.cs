namespace RegBench.Reporting.Tables;

/// <summary>
/// Hess &amp; Hutchison's results: rows architecture, columns regularizer, cells "test accuracy (%) / test loss" at the
/// final epoch as mean ± std [95% CI] over seeds; the best test accuracy of each row in bold.
/// </summary>
public static class ResultsTable
{
    /// <summary>Builds the table from the done cells of <paramref name="data"/>.</summary>
    public static ReportTable Build(ReportData data)
    {
        var rows = new List<IReadOnlyList<TableCell>>();
        var dataRows = new List<IReadOnlyList<string>>();
        foreach (var group in data.Groups)
        {
            var stats = data.Regularizers.Select(r => group.For(r) is { } runs
                ? (Accuracy: SampleStatistics.Of(runs.Seeds.Select(c => data.Final(c).TestAccuracy).ToList()),
                   Loss: SampleStatistics.Of(runs.Seeds.Select(c => data.Final(c).TestLoss).ToList()))
                : ((SampleStatistics Accuracy, SampleStatistics Loss)?)null).ToList();
            var best = TableText.Best(stats.Select(s => s?.Accuracy.Mean * 100).ToList(), higherIsBetter: true, decimals: 2);
            var row = new List<TableCell> { group.Label };
            for (var i = 0; i < stats.Count; i++)
            {
                if (stats[i] is not var (accuracy, loss)) { row.Add(TableText.Missing); continue; }
                row.Add(new TableCell($"{TableText.MeanStdCi(accuracy, 2, 100)} / {TableText.MeanStdCi(loss, 3)}", best.Contains(i)));
                dataRows.Add([group.Label, data.Regularizers[i], accuracy.Count.ToString(),
                    TableText.Raw(accuracy.Mean), TableText.Raw(accuracy.StandardDeviation), TableText.Raw(accuracy.CiLow), TableText.Raw(accuracy.CiHigh),
                    TableText.Raw(loss.Mean), TableText.Raw(loss.StandardDeviation), TableText.Raw(loss.CiLow), TableText.Raw(loss.CiHigh)]);
            }
            rows.Add(row);
        }
        var seeds = data.Groups.SelectMany(g => g.Regularizers).Select(r => r.Seeds.Count).Distinct().Order().ToList();
        return new ReportTable("results", "Results: test accuracy (%) / test loss at the final epoch",
            "Mean ± standard deviation over seeds, with the 95% confidence interval of the mean in brackets (Student t); " +
            "the best test accuracy of each row in bold.",
            ["Architecture", .. data.Regularizers], rows,
            [$"Seeds per cell: {string.Join(", ", seeds)}. With one seed only the value is shown (no spread).", $"{TableText.Missing}: no done cell."],
            ["architecture", "regularizer", "seeds", "test_acc_mean", "test_acc_std", "test_acc_ci_low", "test_acc_ci_high",
             "test_loss_mean", "test_loss_std", "test_loss_ci_low", "test_loss_ci_high"], dataRows);
    }
}
