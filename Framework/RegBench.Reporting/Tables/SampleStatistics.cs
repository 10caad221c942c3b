namespace RegBench.Reporting.Tables;

/// <summary>
/// Mean, sample standard deviation (n − 1) and the 95% confidence interval of the mean, mean ± t₀.₉₇₅,ₙ₋₁ · s/√n
/// (Student t), of one metric over seeds. With one seed there is no spread: std and CI are null.
/// </summary>
public sealed record SampleStatistics(int Count, double Mean, double? StandardDeviation, double? CiLow, double? CiHigh)
{
    /// <summary>Statistics of <paramref name="values"/> (at least one).</summary>
    public static SampleStatistics Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        var mean = values.Average();
        if (values.Count == 1) return new SampleStatistics(1, mean, null, null, null);
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        var halfWidth = StudentT.Quantile975(values.Count - 1) * std / Math.Sqrt(values.Count);
        return new SampleStatistics(values.Count, mean, std, mean - halfWidth, mean + halfWidth);
    }
}

/// <summary>The two-sided 95% quantile t₀.₉₇₅ of Student's t distribution.</summary>
public static class StudentT
{
    // t_{0.975, df} for df = 1..30 (standard tables, 3 decimals).
    private static readonly double[] Table =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>t₀.₉₇₅ with <paramref name="degreesOfFreedom"/> (≥ 1); above 30 the Cornish–Fisher expansion (error &lt; 1e-3).</summary>
    public static double Quantile975(int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom));
        if (degreesOfFreedom <= Table.Length) return Table[degreesOfFreedom - 1];
        const double z = 1.959963984540054;
        double n = degreesOfFreedom, z3 = z * z * z, z5 = z3 * z * z;
        return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n);
    }
}
