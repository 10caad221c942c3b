namespace RegBench.Results;

/// <summary>
/// One cell of an experiment matrix as stored: its stable id, the axes' values, and the canonical JSON of everything
/// that defines it (<see cref="OptionsJson"/>).
/// </summary>
public sealed record CellRecord(
    string CellId,
    string Profile,
    string Dataset,
    string Architecture,
    string Regularizer,
    long Seed,
    int BatchSize,
    int Epochs,
    string OptionsJson)
{
    /// <summary>Accuracy both train and test must reach before the generalization gap is measured (McGill report); null if unset.</summary>
    public double? GapThreshold { get; init; }
}
