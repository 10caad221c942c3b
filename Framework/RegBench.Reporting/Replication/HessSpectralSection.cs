using RegBench.Reporting.Tables;

namespace RegBench.Reporting.Replication;

/// <summary>
/// Hess &amp; Hutchison's headline diagnostics per regularizer: the mean σ₁ across layers at the last epoch, and the mean
/// over the last half of the epochs of the std of σ₁ across layers (population std, as epochs.extra_json's
/// sigma_max_std), both from the layers table, then mean ± std over seeds; beside the paper's MLP 5×2000 numbers.
/// </summary>
public static class HessSpectralSection
{
    /// <summary>σ₁ mean across layers at the last epoch, and the late across-layer std, of one cell; null without layer rows.</summary>
    public static (double MeanSigma, double MeanSigmaStd)? Diagnostics(ReportData data, string cellId)
    {
        var byEpoch = data.Layers(cellId).GroupBy(l => l.Epoch).OrderBy(g => g.Key).ToList();
        if (byEpoch.Count == 0) return null;
        var late = byEpoch.Skip(byEpoch.Count / 2).ToList();
        return (byEpoch[^1].Average(l => l.SigmaMax), late.Average(g => PopulationStd(g.Select(l => l.SigmaMax).ToList())));
    }

    /// <summary>The section: one table row per model × regularizer with ours and the paper's, and the computed comparison.</summary>
    public static ReplicationSection Build(ReportData data, IReadOnlyList<ReplicatedRuns> runs, IReadOnlyList<PaperModel> models)
    {
        var rows = new List<IReadOnlyList<TableCell>>();
        var dataRows = new List<IReadOnlyList<string>>();
        var paragraphs = new List<string>();
        foreach (var group in data.Groups)
        {
            var ours = new List<(string Regularizer, SampleStatistics Sigma, SampleStatistics Spread)>();
            foreach (var name in HessHutchisonStudy.Regularizers)
            {
                if (ReplicationCells.Find(runs, group, name) is not { } r) continue;
                var values = r.Runs.Seeds.Select(c => Diagnostics(data, c.Cell.CellId)).OfType<(double MeanSigma, double MeanSigmaStd)>().ToList();
                if (values.Count == 0) continue;
                var sigma = SampleStatistics.Of(values.Select(v => v.MeanSigma).ToList());
                var spread = SampleStatistics.Of(values.Select(v => v.MeanSigmaStd).ToList());
                ours.Add((name, sigma, spread));
                var paper = PublishedNumbers.HessHutchisonSigma.FirstOrDefault(p => p.Regularizer == name);
                rows.Add([group.Label, name, TableText.MeanStd(sigma, 3), TableText.MeanStd(spread, 3),
                    paper is null ? TableText.Missing : Comparison.F(paper.MeanSigma, 1), paper is null ? TableText.Missing : Comparison.F(paper.MeanSigmaStd, 2)]);
                dataRows.Add([group.Label, name, values.Count.ToString(), TableText.Raw(sigma.Mean), TableText.Raw(sigma.StandardDeviation),
                    TableText.Raw(spread.Mean), TableText.Raw(spread.StandardDeviation)]);
            }
            if (ours.Count > 0) paragraphs.Add(Sentence(group, ours));
        }
        var table = new ReportTable("hess-sigma", "σ₁ at the end of training: ours and the paper's (MLP 5×2000, CIFAR-100)",
            "Mean σ₁: the mean over weight layers of σ₁ at the last epoch. Std across layers: the std of σ₁ over the weight layers at each epoch, " +
            "averaged over the last half of the epochs (the paper: the last 100 of 200). Ours: mean ± std over seeds, from the layers table.",
            ["Model (dataset)", "Regularizer", "Mean σ₁ (ours)", "Std of σ₁ across layers (ours)", "Mean σ₁ (paper)", "Std across layers (paper)"], rows, [],
            ["model", "regularizer", "seeds", "mean_sigma_mean", "mean_sigma_std", "layer_std_mean", "layer_std_std"], dataRows);
        if (rows.Count == 0) paragraphs.Add("No done cell stored layer statistics: nothing to compare with the paper's σ₁ numbers.");
        return new ReplicationSection("Spectral norms at the end of training", paragraphs, [table], []);
    }

    private static string Sentence(ArchitectureGroup group, IReadOnlyList<(string Regularizer, SampleStatistics Sigma, SampleStatistics Spread)> ours)
    {
        var paper = PublishedNumbers.HessHutchisonSigma.Where(p => ours.Any(o => o.Regularizer == p.Regularizer)).ToList();
        var oursSigma = ours.Select(o => (o.Regularizer, o.Sigma.Mean)).ToList();
        var oursSpread = ours.Select(o => (o.Regularizer, o.Spread.Mean)).ToList();
        var paperSigma = paper.Select(p => (p.Regularizer, p.MeanSigma)).ToList();
        var paperSpread = paper.Select(p => (p.Regularizer, p.MeanSigmaStd)).ToList();
        var text = $"**{group.Label}**: mean σ₁ ranks {Comparison.Ranking(oursSigma, true, 3)} here and {Comparison.Ranking(paperSigma, true, 1)} in the paper " +
                   $"({(Comparison.SameOrder(oursSigma, paperSigma) ? "same order" : "different order")}); the std of σ₁ across layers ranks " +
                   $"{Comparison.Ranking(oursSpread, true, 3)} here and {Comparison.Ranking(paperSpread, true, 2)} in the paper " +
                   $"({(Comparison.SameOrder(oursSpread, paperSpread) ? "same order" : "different order")}).";
        if (ours.FirstOrDefault(o => o.Regularizer == "none") is { Regularizer: not null } none && ours.FirstOrDefault(o => o.Regularizer == "spectral-scaling") is { Regularizer: not null } spectral &&
            spectral.Sigma.Mean > 0)
            text += $" none/spectral-scaling ratio of mean σ₁: {Comparison.F(none.Sigma.Mean / spectral.Sigma.Mean, 1)}× here vs " +
                    $"{Comparison.F(PublishedNumbers.HessHutchisonSigma[0].MeanSigma / PublishedNumbers.HessHutchisonSigma[2].MeanSigma, 1)}× in the paper.";
        return text;
    }

    private static double PopulationStd(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
