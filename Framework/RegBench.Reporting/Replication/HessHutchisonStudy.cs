using RegBench.Reporting.Figures;
using RegBench.Reporting.Tables;

namespace RegBench.Reporting.Replication;

/// <summary>
/// Hess &amp; Hutchison (2023): none / Frobenius norm scaling / spectral norm scaling. Sections: the three-way table of test
/// accuracy and loss beside the paper's twelve pairs, σ₁ at the end of training beside the paper's MLP 5×2000 numbers,
/// train-vs-test curves, wall time.
/// </summary>
public sealed class HessHutchisonStudy : IReplicationStudy
{
    /// <summary>The three conditions, as RegBench plugin names.</summary>
    public static readonly IReadOnlyList<string> Regularizers = ["none", "frobenius-scaling", "spectral-scaling"];

    private static readonly PaperModel[] Models =
        [PublishedNumbers.Mlp5x2000, PublishedNumbers.Mlp7x4000, PublishedNumbers.ResNet34, PublishedNumbers.ResNet50];

    /// <inheritdoc />
    public string Key => "hess2023";

    /// <inheritdoc />
    public string Title => "Hess & Hutchison (2023): Frobenius and spectral norm scaling";

    /// <inheritdoc />
    public string Source => PublishedNumbers.HessHutchisonSource;

    /// <inheritdoc />
    public IReadOnlyList<ReplicationSection> Sections(ReportData data, string directory)
    {
        var runs = ReplicationCells.All(data);
        return
        [
            Results(data, runs),
            HessSpectralSection.Build(data, runs, Models),
            Curves(data, runs, directory),
            WallTimeSection.Build(data),
        ];
    }

    private static ReplicationSection Results(ReportData data, IReadOnlyList<ReplicatedRuns> runs)
    {
        var rows = new List<IReadOnlyList<TableCell>>();
        var dataRows = new List<IReadOnlyList<string>>();
        var paragraphs = new List<string>();
        foreach (var group in data.Groups)
        {
            var row = new List<TableCell> { group.Label };
            var stats = new Dictionary<string, (SampleStatistics Accuracy, SampleStatistics Loss)>();
            foreach (var name in Regularizers)
            {
                if (ReplicationCells.Find(runs, group, name) is not { } r) { row.Add(TableText.Missing); continue; }
                var accuracy = SampleStatistics.Of(r.Finals.Select(e => e.TestAccuracy * 100).ToList());
                var loss = SampleStatistics.Of(r.Finals.Select(e => e.TestLoss).ToList());
                stats[name] = (accuracy, loss);
                row.Add($"{TableText.MeanStd(accuracy, 2)} / {TableText.MeanStd(loss, 3)}");
                dataRows.Add([group.Label, r.Runs.Regularizer, accuracy.Count.ToString(), TableText.Raw(accuracy.Mean), TableText.Raw(accuracy.StandardDeviation),
                    TableText.Raw(loss.Mean), TableText.Raw(loss.StandardDeviation)]);
            }
            rows.Add(row);
            if (stats.Count > 0 && Shape(runs, group) is { } shape) paragraphs.AddRange(Sentences(group, shape, stats));
        }
        var ours = new ReportTable("hess-results", "Ours: test accuracy (%) / test loss at the final epoch",
            "Mean ± sample std over seeds (no spread with one seed).", ["Model (dataset)", .. Regularizers], rows,
            [$"{TableText.Missing}: no done cell."], ["model", "regularizer", "seeds", "test_acc_percent_mean", "test_acc_percent_std", "test_loss_mean", "test_loss_std"], dataRows);
        var published = new ReportTable("hess-published", "Published: test accuracy (%) / test loss (Hess & Hutchison, CIFAR-100, 200 epochs, one run)",
            PublishedNumbers.HessHutchisonSource, ["Model (dataset)", .. Regularizers],
            Models.Select(m => (IReadOnlyList<TableCell>)[$"{m.Label} ({m.Dataset})", .. Regularizers.Select(r => (TableCell)Published(m, r))]).ToList(), [],
            ["model", "regularizer", "test_acc_percent", "test_loss"],
            PublishedNumbers.HessHutchison.Select(p => (IReadOnlyList<string>)[p.Model.Label, p.Regularizer, TableText.Raw(p.TestAccuracyPercent), TableText.Raw(p.TestLoss)]).ToList());
        return new ReplicationSection("Test accuracy and loss", paragraphs, [ours, published], []);
    }

    private static IEnumerable<string> Sentences(ArchitectureGroup group, CellShape shape, Dictionary<string, (SampleStatistics Accuracy, SampleStatistics Loss)> stats)
    {
        var model = shape.Match(Models, exactWidth: false);
        if (model is null)
        {
            yield return $"**{group.Label}**: the paper has no {shape.Architecture} of depth {shape.Depth}; nothing to compare.";
            yield break;
        }
        var same = shape.Match(Models, exactWidth: true) == model && Normalize(group.Key.Dataset) == Normalize(model.Dataset);
        var paper = PublishedNumbers.HessHutchison.Where(p => p.Model == model && stats.ContainsKey(p.Regularizer)).ToList();
        var oursAccuracy = paper.Select(p => (p.Regularizer, stats[p.Regularizer].Accuracy.Mean)).ToList();
        var paperAccuracy = paper.Select(p => (p.Regularizer, p.TestAccuracyPercent)).ToList();
        var order = Comparison.SameOrder(oursAccuracy, paperAccuracy) ? "the same order" : "a different order";
        yield return $"**{group.Label}** against the paper's {model.Label} ({model.Dataset})" +
                     (same ? " — same model and dataset." : $" — {(Normalize(group.Key.Dataset) == Normalize(model.Dataset) ? "a different width" : "a different dataset and size")}, " +
                             "so absolute numbers are not expected to match; the effects relative to `none` are the comparison.") +
                     $" Test accuracy ranks {Comparison.Ranking(oursAccuracy, true, 2)} here and {Comparison.Ranking(paperAccuracy, true, 2)} in the paper ({order}).";
        if (stats.TryGetValue("none", out var baseline) && paper.FirstOrDefault(p => p.Regularizer == "none") is { } paperNone)
            foreach (var p in paper.Where(p => p.Regularizer != "none"))
                yield return $"{p.Regularizer} − none: test accuracy " +
                             Comparison.Effect(stats[p.Regularizer].Accuracy.Mean - baseline.Accuracy.Mean, baseline.Accuracy.StandardDeviation, p.TestAccuracyPercent - paperNone.TestAccuracyPercent, 2, " points") +
                             "; test loss " + Comparison.Effect(stats[p.Regularizer].Loss.Mean - baseline.Loss.Mean, baseline.Loss.StandardDeviation, p.TestLoss - paperNone.TestLoss, 3, "") + ".";
        if (same)
            foreach (var p in paper)
                yield return $"{p.Regularizer}: test accuracy — {Comparison.Against(stats[p.Regularizer].Accuracy, p.TestAccuracyPercent, 2, " points")}; " +
                             $"test loss — {Comparison.Against(stats[p.Regularizer].Loss, p.TestLoss, 3, "")}.";
    }

    private static ReplicationSection Curves(ReportData data, IReadOnlyList<ReplicatedRuns> runs, string directory)
    {
        var paragraphs = new List<string>();
        foreach (var group in data.Groups)
        {
            var closeness = Regularizers.Select(name => ReplicationCells.Find(runs, group, name)).OfType<ReplicatedRuns>()
                .Select(r => (r.Shape.Regularizer, Value: r.Runs.Seeds.Average(c => data.Epochs(c.Cell.CellId).Average(e => Math.Abs(e.TestLoss - e.TrainLoss))))).ToList();
            if (closeness.Count == 0) continue;
            var closest = closeness.MinBy(c => c.Value);
            var claim = Shape(runs, group)?.Architecture == "mlp"
                ? $" The paper reports spectral scaling's train and test curves staying together on MLPs; here `{closest.Regularizer}` has the closest curves" +
                  (closeness.All(c => c.Regularizer != "spectral-scaling") ? " (spectral-scaling has no done cell here)." : closest.Regularizer == "spectral-scaling" ? " (agrees)." : " (differs).")
                : "";
            paragraphs.Add($"**{group.Label}**: mean over epochs and seeds of |test loss − train loss|: " +
                           string.Join(", ", closeness.Select(c => $"{c.Regularizer} {Comparison.F(c.Value, 3)}")) + "." + claim);
        }
        var figures = new TrainingCurvesFigure().Render(data, directory).Concat(new LayerSigmaFigure().Render(data, directory)).ToList();
        return new ReplicationSection("Train and test curves", paragraphs, [], figures);
    }

    private static CellShape? Shape(IReadOnlyList<ReplicatedRuns> runs, ArchitectureGroup group) => runs.FirstOrDefault(r => r.Group == group)?.Shape;

    private static string Published(PaperModel model, string regularizer) =>
        PublishedNumbers.HessHutchison.First(p => p.Model == model && p.Regularizer == regularizer) is var p ? $"{Comparison.F(p.TestAccuracyPercent, 2)} / {Comparison.F(p.TestLoss, 2)}" : "";

    /// <summary>"CIFAR-100" and "cifar100" are one dataset.</summary>
    public static string Normalize(string dataset) => new(dataset.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
}
