using RegBench.Engine.Experiments;
using RegBench.Results;

namespace RegBench.Engine.Running;

/// <summary>Receives progress of a matrix run; the CLI renders it (live view on a terminal, plain lines otherwise).</summary>
public interface IRunProgress
{
    /// <summary>A one-line warning the user should see (e.g. a dataset fallback).</summary>
    void Warning(string message);

    /// <summary>The matrix has <paramref name="total"/> cells, of which <paramref name="toRun"/> are not done yet.</summary>
    void MatrixStarted(string profile, int total, int toRun);

    /// <summary>Cell <paramref name="index"/> (1-based) of <paramref name="toRun"/> starts, on <paramref name="datasetUsed"/>.</summary>
    void CellStarted(int index, int toRun, CellSpec cell, string datasetUsed);

    /// <summary>An epoch of <paramref name="cell"/> is trained, evaluated and stored (exactly these rows).</summary>
    void EpochFinished(CellSpec cell, EpochRecord epoch, IReadOnlyList<LayerRecord> layers);

    /// <summary>A cell ended with <paramref name="status"/> (and, unless done, an error text).</summary>
    void CellFinished(CellSpec cell, CellStatus status, string? error);
}
