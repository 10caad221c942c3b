namespace RegBench.Engine.Training;

/// <summary>The training loss became NaN or infinite; the cell ends as diverged, the run goes on.</summary>
public sealed class DivergedException(int epoch, int step, double loss)
    : Exception($"loss became {loss} at epoch {epoch}, step {step}")
{
    /// <summary>1-based epoch.</summary>
    public int Epoch { get; } = epoch;

    /// <summary>1-based step within the epoch.</summary>
    public int Step { get; } = step;
}
