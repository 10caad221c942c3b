namespace RegBench.Results;

/// <summary>Statistics of one weight layer's (effective) weight at the end of an epoch.</summary>
public sealed record LayerRecord(
    string CellId,
    int Epoch,
    string Layer,
    string Kind,
    long Rows,
    long Columns,
    double SigmaMax,
    double Frobenius,
    double StableRank,
    double EffectiveRank,
    int NumericalRank)
{
    /// <summary>Nuclear norm (sum of singular values).</summary>
    public double? Nuclear { get; init; }

    /// <summary>For conv layers with a known input size: σ₁ of the true conv operator (power iteration, rel. residual 1e-6).</summary>
    public double? SigmaMaxOperator { get; init; }

    /// <summary>The full singular-value spectrum (descending), when recorded this epoch.</summary>
    public IReadOnlyList<double>? Spectrum { get; init; }
}
