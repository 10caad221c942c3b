using RegBench.Engine.Experiments;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// The PyTorch that answered `--compare-pytorch`: the interpreter, torch's version and threads, <c>torch.__config__.show()</c>
/// and <c>parallel_info()</c>, and the BLAS/LAPACK/MKL/OpenMP libraries its process really mapped.
/// </summary>
public sealed record PyTorchRuntime(string Python, string TorchVersion, string PythonVersion, int Threads, string Config, string Parallel,
    IReadOnlyList<string> Libraries)
{
    /// <summary>"BLAS_INFO=generic, LAPACK_INFO=generic; mapped: libblas.so.3 (openblas-openmp), …": what decides its matrix speed, in one line.</summary>
    public string BlasSummary
    {
        get
        {
            var settings = System.Text.RegularExpressions.Regex.Matches(Config, @"\b(?:BLAS_INFO|LAPACK_INFO)=[^,\s]+").Select(m => m.Value);
            var mapped = Libraries.Select(path => $"{Path.GetFileName(path)} ({Path.GetFileName(Path.GetDirectoryName(path))})");
            return $"{string.Join(", ", settings)}; mapped: {(Libraries.Count == 0 ? "none found" : string.Join(", ", mapped))}";
        }
    }
}

/// <summary>One variant's PyTorch steps, timed in the same rounds as RegBench's; <see cref="Error"/> when it has no twin or failed.</summary>
public sealed record ReferenceSteps(PluginChoice Choice, string Definition, int TimedSteps, double MedianMilliseconds, double P90Milliseconds,
    IReadOnlyDictionary<string, double> Metrics, string? Error = null);

/// <summary>
/// `--compare-pytorch` as measured: the runtime and one row per regularizer, or why the column was skipped
/// (<see cref="Skipped"/>: no Python with torch, or an architecture without a PyTorch twin), or why it failed midway (<see cref="Error"/>).
/// </summary>
public sealed record PyTorchComparison(PyTorchRuntime? Runtime, IReadOnlyList<ReferenceSteps> Rows, string? Skipped = null, string? Error = null)
{
    /// <summary>The largest layer's forward matrix product timed alone on both sides, or null (not measured).</summary>
    public MatrixProductTiming? MatrixProduct { get; init; }

    /// <summary>A column that was not measured, with the one-line reason.</summary>
    public static PyTorchComparison Skip(string reason) => new(null, [], Skipped: reason);

    /// <summary>The row of <paramref name="choice"/>, or null.</summary>
    public ReferenceSteps? RowFor(PluginChoice choice) => Rows.FirstOrDefault(r => r.Choice.Equals(choice));

    /// <summary>PyTorch's own ratio of <paramref name="choice"/>'s median step to its none's; NaN when either is missing.</summary>
    public double RatioToBaseline(PluginChoice choice) =>
        BenchFigures.Ratio(RowFor(choice) is { Error: null } row ? row.MedianMilliseconds : double.NaN,
            Rows.FirstOrDefault(r => r.Error is null && r.Choice.Name == BenchmarkRequest.BaselineName)?.MedianMilliseconds ?? double.NaN);

    /// <summary>RegBench's median step over PyTorch's for the same variant (below 1: RegBench is faster); NaN when either is missing.</summary>
    public double RegBenchOverPyTorch(StepMeasurement regBench) =>
        BenchFigures.Ratio(regBench.MedianMilliseconds, RowFor(regBench.Choice) is { Error: null } row ? row.MedianMilliseconds : double.NaN);
}

/// <summary>
/// The forward matrix product x·Wᵀ of the MLP's largest layer (a <see cref="Rows"/> × <see cref="Inner"/> batch, a
/// <see cref="Cols"/> × <see cref="Inner"/> float32 weight) timed alone, RegBench's libtorch and the reference's torch in
/// interleaved rounds at the same thread count: the plain step is mostly such products, so this says how much of a gap
/// between the two none rows is the BLAS each side links rather than the step around it.
/// </summary>
public sealed record MatrixProductTiming(long Rows, long Inner, long Cols, int Threads, double RegBenchMilliseconds, double PyTorchMilliseconds)
{
    /// <summary>RegBench's median over PyTorch's (above 1: RegBench's BLAS is slower on this product).</summary>
    public double RegBenchOverPyTorch => BenchFigures.Ratio(RegBenchMilliseconds, PyTorchMilliseconds);

    /// <summary>One line for the text report.</summary>
    public string Describe() => FormattableString.Invariant(
        $"largest layer's product x·Wᵀ ({Rows} × {Inner} by {Inner} → {Cols}, float32, {Threads} threads) timed alone: RegBench (libtorch) {RegBenchMilliseconds:0.00} ms, PyTorch {PyTorchMilliseconds:0.00} ms, RegBench/PyTorch {RegBenchOverPyTorch:0.00}");
}
