using System.Globalization;
using RegBench.Reporting.Tables;

namespace RegBench.Reporting.Replication;

/// <summary>
/// Sentences that compare measured numbers with published ones. Every word of judgement ("within 1 std", "higher by",
/// "same order") is computed from the numbers passed in; nothing is asserted about results that are not there.
/// </summary>
public static class Comparison
{
    /// <summary>
    /// Ours (mean ± std over seeds) against a published single value: "within 1 std of ours" when |ours − paper| ≤ std,
    /// else "ours is higher/lower by X unit (k std)" (without std when there is one seed).
    /// </summary>
    public static string Against(SampleStatistics ours, double published, int decimals, string unit)
    {
        var difference = ours.Mean - published;
        var magnitude = $"{F(Math.Abs(difference), decimals)}{unit}";
        if (ours.StandardDeviation is { } std && std > 0)
        {
            if (Math.Abs(difference) <= std) return $"the published {F(published, decimals)} is within 1 std of ours ({F(ours.Mean, decimals)} ± {F(std, decimals)})";
            return $"ours ({F(ours.Mean, decimals)} ± {F(std, decimals)}) is {(difference > 0 ? "higher" : "lower")} than the published {F(published, decimals)} by {magnitude} ({F(Math.Abs(difference) / std, 1)} std)";
        }
        if (difference == 0) return $"ours equals the published {F(published, decimals)}";
        return $"ours ({F(ours.Mean, decimals)}, one seed, no spread) is {(difference > 0 ? "higher" : "lower")} than the published {F(published, decimals)} by {magnitude}";
    }

    /// <summary>Names ordered by value, "a &gt; b &gt; c" (or "a &lt; b &lt; c" when lower comes first), ties written "a = b".</summary>
    public static string Ranking(IReadOnlyList<(string Name, double Value)> values, bool descending, int decimals)
    {
        var ordered = (descending ? values.OrderByDescending(v => Math.Round(v.Value, decimals)) : values.OrderBy(v => Math.Round(v.Value, decimals)))
            .ThenBy(v => v.Name, StringComparer.Ordinal).ToList();
        var text = ordered[0].Name;
        for (var i = 1; i < ordered.Count; i++)
            text += (F(ordered[i].Value, decimals) == F(ordered[i - 1].Value, decimals) ? " = " : descending ? " > " : " < ") + ordered[i].Name;
        return text;
    }

    /// <summary>Whether two sets of values order the names they share the same way (highest first).</summary>
    public static bool SameOrder(IReadOnlyList<(string Name, double Value)> ours, IReadOnlyList<(string Name, double Value)> published)
    {
        var shared = ours.Select(o => o.Name).Intersect(published.Select(p => p.Name)).ToHashSet();
        static IEnumerable<string> Order(IEnumerable<(string Name, double Value)> values) =>
            values.OrderByDescending(v => v.Value).ThenBy(v => v.Name, StringComparer.Ordinal).Select(v => v.Name);
        return Order(ours.Where(o => shared.Contains(o.Name))).SequenceEqual(Order(published.Where(p => shared.Contains(p.Name))));
    }

    /// <summary>
    /// The effect of a regularizer relative to the baseline, ours against the paper's: "+1.20 here vs −1.91 in the paper
    /// (opposite direction)"; when our difference is within the baseline's std, says that it is not distinguishable from it.
    /// </summary>
    public static string Effect(double oursDelta, double? baselineStd, double publishedDelta, int decimals, string unit)
    {
        var (ours, published) = (Math.Sign(Math.Round(oursDelta, decimals)), Math.Sign(Math.Round(publishedDelta, decimals)));
        var direction = ours == 0 || published == 0 ? "no difference in one of them at this precision" : ours == published ? "same direction" : "opposite direction";
        var noise = baselineStd is { } s && s > 0 && Math.Abs(oursDelta) <= s ? $"; ours is within 1 std ({F(s, decimals)}) of the baseline" : "";
        return $"{Signed(oursDelta, decimals)}{unit} here vs {Signed(publishedDelta, decimals)}{unit} in the paper ({direction}{noise})";
    }

    /// <summary>A value with an explicit sign: "+1.20", "−0.35".</summary>
    public static string Signed(double value, int decimals) => (value >= 0 ? "+" : "−") + F(Math.Abs(value), decimals);

    /// <summary>Fixed decimals, invariant culture.</summary>
    public static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
