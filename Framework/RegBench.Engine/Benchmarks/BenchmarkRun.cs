using RegBench.Engine.Plugins;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// One `regbench bench` invocation: the PyTorch reference when asked (or the one line saying why it is skipped), the
/// step table with the reference interleaved in its rounds, the largest layer's matrix product timed on both sides, then
/// the extra rows. A failed extra row or a reference that failed midway is a violation (exit 1); a skipped reference is not.
/// </summary>
public sealed class BenchmarkRun(IPluginDirectory plugins, Action<string> progress)
{
    /// <summary>Alternating rounds of the matrix-product comparison (after one warm-up round).</summary>
    public const int MatrixProductRounds = 5;

    /// <summary>Products a side per round.</summary>
    public const int MatrixProductRepeats = 10;

    /// <summary>Measures everything <paramref name="request"/> asks for.</summary>
    public BenchmarkReport Run(BenchmarkRequest request, CancellationToken cancellation)
    {
        string? skipped = null;
        BenchmarkReport report;
        PyTorchComparison? comparison;
        using (var reference = request.ComparePyTorch ? PyTorchReference.Open(request.Python, out skipped) : null)
        {
            if (skipped is not null) progress($"bench: {skipped}");
            if (reference?.Runtime is { } runtime)
                progress($"bench: PyTorch {runtime.TorchVersion} ({runtime.Python}, Python {runtime.PythonVersion}), {runtime.Threads} threads at start; {runtime.BlasSummary}");
            report = new StepBenchmark(plugins, progress).Run(request, cancellation, reference);
            if (reference is not null)
            {
                progress("bench: timing the largest layer's matrix product alone, here and in PyTorch");
                reference.TimeMatrixProduct(MatrixProductRounds, MatrixProductRepeats, cancellation);
            }
            comparison = reference?.Result() ?? (skipped is null ? null : PyTorchComparison.Skip(skipped));
            if (reference is not null && comparison?.Skipped is { } why) progress($"bench: {why}");
        } // the Python process ends here, before the extra rows
        var extras = new ExtraBenchmarks(plugins, progress).Run(request, cancellation);
        List<string> violations =
        [
            .. report.Violations,
            .. comparison?.Error is { } error ? [error] : Array.Empty<string>(),
            .. extras.Where(e => e.Error is not null).Select(e => $"{e.Row}: failed: {e.Error}"),
        ];
        return report with { PyTorch = comparison, Extras = extras, Violations = violations };
    }
}
