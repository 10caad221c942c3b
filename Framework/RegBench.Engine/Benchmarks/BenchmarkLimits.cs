using System.Globalization;
using RegBench.Engine.Experiments;

namespace RegBench.Engine.Benchmarks;

/// <summary>At most <paramref name="MaxRatio"/> times the baseline's median step for the rows named <paramref name="Regularizer"/>.</summary>
public sealed record RatioLimit(string Regularizer, double MaxRatio);

/// <summary>At most <paramref name="MaxRelativeError"/> for the largest |σ̂ − σ₁|/σ₁ of the rows named <paramref name="Regularizer"/> (needs --check-sigma).</summary>
public sealed record SigmaErrorLimit(string Regularizer, double MaxRelativeError);

/// <summary>
/// What `regbench bench` holds the measurements to: --max-ratio NAME=R (median step ≤ R × the baseline's) and
/// --max-growth-mb M (a regularizer's timed steps leave the native heap in use at most M MB larger; where the heap cannot be
/// read, its RSS growth instead). A row that failed is always a violation.
/// </summary>
public sealed record BenchmarkLimits(IReadOnlyList<RatioLimit> MaxRatios, double? MaxGrowthMegabytes)
{
    /// <summary>The row metric the σ check reports and <see cref="MaxSigmaErrors"/> bounds.</summary>
    public const string SigmaErrorMetric = "sigma_check.max_relative_error";

    /// <summary>--max-sigma-error NAME=E: the largest relative σ error of NAME's checked estimates (none checked is a violation).</summary>
    public IReadOnlyList<SigmaErrorLimit> MaxSigmaErrors { get; init; } = [];

    /// <summary>One line per exceeded limit or failed row, naming the regularizer, what was measured and the limit.</summary>
    public IReadOnlyList<string> Check(IReadOnlyList<StepMeasurement> rows, StepMeasurement? baseline)
    {
        var violations = new List<string>();
        foreach (var row in rows)
        {
            if (row.Error is not null)
            {
                violations.Add($"{row.Regularizer}: failed: {row.Error}");
                continue;
            }
            foreach (var limit in MaxRatios.Where(l => Matches(row.Choice, l.Regularizer) && !(row.Ratio <= l.MaxRatio)))
                violations.Add($"{row.Regularizer}: median step {F(row.MedianMilliseconds)} ms is {F(row.Ratio)}× {baseline?.Regularizer}'s " +
                               $"{F(baseline?.MedianMilliseconds ?? double.NaN)} ms, above --max-ratio {limit.Regularizer}={F(limit.MaxRatio)}");
            foreach (var limit in MaxSigmaErrors.Where(l => Matches(row.Choice, l.Regularizer)))
            {
                if (!row.Metrics.TryGetValue(SigmaErrorMetric, out var error))
                    violations.Add($"{row.Regularizer}: no σ estimate was checked, so --max-sigma-error {limit.Regularizer} cannot hold (it uses no shared spectral slot)");
                else if (!(error <= limit.MaxRelativeError))
                    violations.Add($"{row.Regularizer}: largest relative σ error {E(error)} against exact σ₁, above --max-sigma-error {limit.Regularizer}={E(limit.MaxRelativeError)}");
            }
            var (what, grown) = double.IsNaN(row.HeapGrowthMegabytes) ? ("RSS", row.RssGrowthMegabytes) : ("the native heap in use", row.HeapGrowthMegabytes);
            if (MaxGrowthMegabytes is { } growth && !(grown <= growth))
                violations.Add($"{row.Regularizer}: {what} grew {F(grown)} MB across its {row.TimedSteps} timed steps, above --max-growth-mb {F(growth)}");
        }
        return violations;
    }

    /// <summary>True when <paramref name="name"/> is the choice's label as measured or its plugin name.</summary>
    public static bool Matches(PluginChoice choice, string name) => choice.Label == name || choice.Name == name;

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(double value) => value.ToString("0.###e+0", CultureInfo.InvariantCulture);
}
