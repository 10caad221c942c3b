using RegBench.Results;

namespace RegBench.Reporting.Figures;

/// <summary>A curve over epochs: the mean over seeds with a band (mean ± std over seeds, or a given spread).</summary>
public sealed record Band(double[] Epochs, double[] Mean, double[] Low, double[] High);

/// <summary>Seed-averaged curves from the store's rows.</summary>
public static class Series
{
    /// <summary>Per epoch, mean ± std over seeds of <paramref name="metric"/> (epochs where no seed has a value are skipped).</summary>
    public static Band OverSeeds(ReportData data, RegularizerRuns runs, Func<EpochRecord, double?> metric)
    {
        var points = runs.Seeds.SelectMany(c => data.Epochs(c.Cell.CellId)).Select(e => (e.Epoch, Value: metric(e)))
            .Where(p => p.Value is { } v && double.IsFinite(v)).GroupBy(p => p.Epoch).OrderBy(g => g.Key)
            .Select(g => (Epoch: (double)g.Key, Values: g.Select(p => p.Value!.Value).ToList())).ToList();
        var means = points.Select(p => p.Values.Average()).ToArray();
        var stds = points.Select((p, i) => p.Values.Count < 2 ? 0 : Math.Sqrt(p.Values.Sum(v => (v - means[i]) * (v - means[i])) / (p.Values.Count - 1))).ToArray();
        return new Band(points.Select(p => p.Epoch).ToArray(), means, means.Select((m, i) => m - stds[i]).ToArray(), means.Select((m, i) => m + stds[i]).ToArray());
    }

    /// <summary>Per layer (natural order: fc2 before fc10), the seed mean of <paramref name="metric"/> over epochs.</summary>
    public static IReadOnlyList<(string Layer, double[] Epochs, double[] Values)> PerLayer(ReportData data, RegularizerRuns runs, Func<LayerRecord, double> metric) =>
        runs.Seeds.SelectMany(c => data.Layers(c.Cell.CellId)).GroupBy(l => l.Layer).OrderBy(g => g.Key, NaturalOrder.Instance)
            .Select(g =>
            {
                var byEpoch = g.GroupBy(l => l.Epoch).OrderBy(e => e.Key).Select(e => (Epoch: (double)e.Key, Value: e.Average(metric))).ToList();
                return (g.Key, byEpoch.Select(p => p.Epoch).ToArray(), byEpoch.Select(p => p.Value).ToArray());
            }).ToList();
}

/// <summary>Orders names with embedded numbers by value: "fc2" &lt; "fc10"; "block1.conv2" &lt; "block10.conv1".</summary>
public sealed class NaturalOrder : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static readonly NaturalOrder Instance = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        var a = Parts(x ?? ""); var b = Parts(y ?? "");
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var result = long.TryParse(a[i], out var na) && long.TryParse(b[i], out var nb) ? na.CompareTo(nb) : string.CompareOrdinal(a[i], b[i]);
            if (result != 0) return result;
        }
        return a.Count.CompareTo(b.Count);
    }

    private static List<string> Parts(string s) => System.Text.RegularExpressions.Regex.Split(s, "([0-9]+)").Where(p => p.Length > 0).ToList();
}
