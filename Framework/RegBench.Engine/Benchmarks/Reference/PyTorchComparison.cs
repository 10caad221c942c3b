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
