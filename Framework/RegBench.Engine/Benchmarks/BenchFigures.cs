namespace RegBench.Engine.Benchmarks;

/// <summary>The arithmetic of `regbench bench`'s rows: medians, ratios, growth in percent, and goals.</summary>
public static class BenchFigures
{
    /// <summary>The median (mean of the middle two for an even count); NaN for none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary><paramref name="measured"/> ÷ <paramref name="reference"/>; NaN when either is not a positive finite number.</summary>
    public static double Ratio(double measured, double reference) =>
        double.IsFinite(measured) && double.IsFinite(reference) && measured >= 0 && reference > 0 ? measured / reference : double.NaN;

    /// <summary>(after − before) ÷ before × 100; NaN when before is not a positive finite number.</summary>
    public static double GrowthPercent(double before, double after) =>
        double.IsFinite(before) && double.IsFinite(after) && before > 0 ? (after - before) / before * 100 : double.NaN;
}

/// <summary>A goal a row's figure is held to: at most (or at least) <paramref name="Limit"/>.</summary>
public sealed record BenchGoal(double Limit, bool AtMost)
{
    /// <summary>True when <paramref name="figure"/> meets the goal; NaN never does.</summary>
    public bool IsMetBy(double figure) => AtMost ? figure <= Limit : figure >= Limit;

    /// <summary>"≤ 1.03" or "≥ 10".</summary>
    public string Describe(string unit) => $"{(AtMost ? "≤" : "≥")} {Limit.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}{unit}";
}

/// <summary>
/// One of `regbench bench --extras`'s rows: what was measured against what (each a median of interleaved rounds, in
/// <paramref name="Unit"/>), the figure that compares them (a ratio, or a growth in percent) and its goal, and a note
/// on what dominated the cost. <paramref name="Error"/> is set when the row could not be measured.
/// </summary>
public sealed record ExtraMeasurement(string Row, string Subject, double SubjectValue, string Reference, double ReferenceValue, string Unit,
    double Figure, string FigureUnit, BenchGoal Goal, string Note, string? Error = null)
{
    /// <summary>True when the figure meets its goal (never for a failed row).</summary>
    public bool GoalMet => Error is null && Goal.IsMetBy(Figure);

    /// <summary>A row that threw while measuring.</summary>
    public static ExtraMeasurement Failed(string row, BenchGoal goal, string error) =>
        new(row, "", double.NaN, "", double.NaN, "", double.NaN, "", goal, "", error);
}
