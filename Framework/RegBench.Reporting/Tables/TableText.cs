using System.Globalization;

namespace RegBench.Reporting.Tables;

/// <summary>Number formatting shared by tables and CSV: invariant culture, fixed decimals, "—" for missing.</summary>
public static class TableText
{
    /// <summary>The mark of a value that does not exist (a footnote says why).</summary>
    public const string Missing = "—";

    /// <summary><paramref name="value"/> with <paramref name="decimals"/> decimals.</summary>
    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>Round-trip text for CSV; empty when null.</summary>
    public static string Raw(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    /// <summary>"mean ± std [low, high]" scaled by <paramref name="scale"/>; only the mean for one seed.</summary>
    public static string MeanStdCi(SampleStatistics s, int decimals, double scale = 1) => s.StandardDeviation is { } std
        ? $"{Fixed(s.Mean * scale, decimals)} ± {Fixed(std * scale, decimals)} [{Fixed(s.CiLow!.Value * scale, decimals)}, {Fixed(s.CiHigh!.Value * scale, decimals)}]"
        : Fixed(s.Mean * scale, decimals);

    /// <summary>"mean ± std" (McGill tables); only the mean for one seed.</summary>
    public static string MeanStd(SampleStatistics s, int decimals) => s.StandardDeviation is { } std
        ? $"{Fixed(s.Mean, decimals)} ± {Fixed(std, decimals)}"
        : Fixed(s.Mean, decimals);

    /// <summary>Indices of the best values by <paramref name="higherIsBetter"/>, ties (equal at <paramref name="decimals"/> shown decimals) included; empty when none.</summary>
    public static HashSet<int> Best(IReadOnlyList<double?> shownValues, bool higherIsBetter, int decimals)
    {
        var values = shownValues.Select(v => v is { } x ? Math.Round(x, decimals) : (double?)null).ToList();
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        if (present.Count == 0) return [];
        var best = higherIsBetter ? present.Max() : present.Min();
        return values.Select((v, i) => (v, i)).Where(p => p.v == best).Select(p => p.i).ToHashSet();
    }
}
