using RegBench.Reporting.Figures;
using RegBench.Reporting.Tables;

namespace RegBench.Reporting.Replication;

/// <summary>
/// Yoshida &amp; Miyato (2017) as replicated in the McGill report: none, weight decay, adversarial training, spectral norm
/// regularization (plus whatever else the profile lists) in a small- and a large-batch regime. Sections: test accuracy
/// and the generalization gap at threshold (Tables 3 and 4) beside the paper's, gap vs sensitivity, wall time.
/// </summary>
public sealed class YoshidaMiyatoStudy : IReplicationStudy
{
    private const string Snr = "sn-regularization";

    /// <inheritdoc />
    public string Key => "yoshida2017";

    /// <inheritdoc />
    public string Title => "Yoshida & Miyato (2017): spectral norm regularization in small and large batches";

    /// <inheritdoc />
    public string Source => PublishedNumbers.McGillSource;

    /// <inheritdoc />
    public IReadOnlyList<ReplicationSection> Sections(ReportData data, string directory)
    {
        var runs = ReplicationCells.All(data);
        return
        [
            new ReplicationSection("Test accuracy (McGill Table 3 layout)",
                RegimeSentences(data, runs, e => e.Epochs[^1].TestAccuracy, PublishedNumbers.McGillTestAccuracy, higherIsBetter: true, "test accuracy"),
                [McGillTables.TestAccuracy(data), PublishedTable("mcgill-table-3", "Published: test accuracy (McGill Table 3)", PublishedNumbers.McGillTestAccuracy)], []),
            new ReplicationSection("Generalization gap at threshold (McGill Table 4 layout)",
                RegimeSentences(data, runs, e => GeneralizationGap.AtThreshold(e.Epochs, e.Summary.Cell.GapThreshold), PublishedNumbers.McGillGap, higherIsBetter: false,
                    "gap at threshold"),
                [McGillTables.GapAtThreshold(data), PublishedTable("mcgill-table-4", "Published: generalization gap at threshold (McGill Table 4)", PublishedNumbers.McGillGap)], []),
            new ReplicationSection("Generalization gap vs sensitivity", SensitivitySentences(data, runs), [], new GapSensitivityFigure().Render(data, directory)),
            WallTimeSection.Build(data),
        ];
    }

    private static List<string> RegimeSentences(ReportData data, IReadOnlyList<ReplicatedRuns> runs, Func<CellSummaryView, double?> metric,
        IReadOnlyList<PublishedBatchValue> published, bool higherIsBetter, string what)
    {
        var paragraphs = new List<string>();
        foreach (var group in data.Groups.OrderBy(g => (g.Key.Profile, g.Key.Dataset, g.Key.Architecture)).ThenBy(g => g.Key.BatchSize))
        {
            var means = runs.Where(r => r.Group == group)
                .Select(r => (r.Runs.Regularizer, Values: r.Runs.Seeds.Select(c => metric(new CellSummaryView(c, data.Epochs(c.Cell.CellId)))).OfType<double>().ToList()))
                .Where(r => r.Values.Count > 0).Select(r => (Name: r.Regularizer, Value: r.Values.Average())).ToList();
            if (means.Count == 0)
            {
                paragraphs.Add($"**{group.Label}**: no regularizer has a {what} (see the table's footnotes).");
                continue;
            }
            var best = higherIsBetter ? means.MaxBy(m => m.Value) : means.MinBy(m => m.Value);
            var paperRows = published.Where(p => p.BatchSize == group.Key.BatchSize).GroupBy(p => p.Model).ToList();
            var snrBest = paperRows.Count(g => (higherIsBetter ? g.MaxBy(p => p.Value) : g.MinBy(p => p.Value))!.Regularizer == Snr);
            var paperPart = paperRows.Count == 0
                ? $"the paper has no batch size {group.Key.BatchSize}."
                : $"in the paper, {Snr} has the {(higherIsBetter ? "highest" : "smallest")} {what} at batch {group.Key.BatchSize} in {snrBest} of {paperRows.Count} models.";
            var snrHere = !means.Any(m => m.Name.Split('(')[0] == Snr) ? $"{Snr} has no value here" : best.Name.Split('(')[0] == Snr ? "agrees" : "differs";
            paragraphs.Add($"**{group.Label}**: {what} ranks {Comparison.Ranking(means, higherIsBetter, 3)} (means over seeds); " +
                           $"the {(higherIsBetter ? "highest" : "smallest")} is `{best.Name}`. {char.ToUpperInvariant(paperPart[0])}{paperPart[1..]}" +
                           (paperRows.Count > 0 ? $" Whether {Snr} is the best here: {snrHere}." : ""));
        }
        return paragraphs;
    }

    private static List<string> SensitivitySentences(ReportData data, IReadOnlyList<ReplicatedRuns> runs)
    {
        var paragraphs = new List<string>();
        foreach (var group in data.Groups)
        {
            var means = runs.Where(r => r.Group == group && r.Finals.Any(e => e.Sensitivity is not null))
                .Select(r => (Name: r.Runs.Regularizer, Value: r.Finals.Where(e => e.Sensitivity is not null).Average(e => e.Sensitivity!.Value))).ToList();
            if (means.Count == 0) continue;
            var lowest = means.MinBy(m => m.Value);
            paragraphs.Add($"**{group.Label}**: mean input-gradient sensitivity at the final epoch ranks {Comparison.Ranking(means, false, 4)} (lowest first). " +
                           $"Yoshida & Miyato argue spectral norm regularization lowers sensitivity to test-input perturbations; here the lowest is `{lowest.Name}` " +
                           $"({(!means.Any(m => m.Name.Split('(')[0] == Snr) ? $"{Snr} has no done cell here" : lowest.Name.Split('(')[0] == Snr ? "agrees" : "differs")}).");
        }
        if (paragraphs.Count == 0) paragraphs.Add("No done cell recorded input-gradient sensitivity: the scatter is left out.");
        return paragraphs;
    }

    private static ReportTable PublishedTable(string id, string title, IReadOnlyList<PublishedBatchValue> values)
    {
        var rows = values.GroupBy(v => (v.Model, v.BatchSize)).Select(g => (IReadOnlyList<TableCell>)
            [g.Key.Model.Label, g.Key.BatchSize.ToString(), Comparison.F(g.First().Threshold, 2),
             .. PublishedNumbers.McGillRegularizers.Select(r => (TableCell)Comparison.F(g.First(v => v.Regularizer == r).Value, 3))]).ToList();
        return new ReportTable(id, title, PublishedNumbers.McGillSource, ["Model (dataset)", "Batch size", "Threshold", .. PublishedNumbers.McGillRegularizers], rows, [],
            ["model", "batch_size", "threshold", "regularizer", "value"],
            values.Select(v => (IReadOnlyList<string>)[v.Model.Label, v.BatchSize.ToString(), TableText.Raw(v.Threshold), v.Regularizer, TableText.Raw(v.Value)]).ToList());
    }
}
