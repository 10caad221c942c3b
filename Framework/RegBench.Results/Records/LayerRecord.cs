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
    /// <summary>The full singular-value spectrum (descending), when recorded this epoch.</summary>
    public IReadOnlyList<double>? Spectrum { get; init; }
}
