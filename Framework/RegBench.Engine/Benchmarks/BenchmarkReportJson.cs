using System.Text.Json.Nodes;

namespace RegBench.Engine.Benchmarks;

/// <summary>The JSON of `regbench bench`'s PyTorch column and extra rows (fields in docs/performance.md); NaN is null.</summary>
internal static class BenchmarkReportJson
{
    /// <summary>"pytorch": runtime (python, torch, threads, BLAS, config), skipped/error, and per variant its median, p90, ratios.</summary>
    public static JsonNode PyTorch(PyTorchComparison comparison, IReadOnlyList<StepMeasurement> regBench) => new JsonObject
    {
        ["skipped"] = comparison.Skipped,
        ["error"] = comparison.Error,
        ["runtime"] = comparison.Runtime is not { } runtime ? null : new JsonObject
        {
            ["python"] = runtime.Python,
            ["python_version"] = runtime.PythonVersion,
            ["torch"] = runtime.TorchVersion,
            ["threads"] = runtime.Threads,
            ["blas"] = runtime.BlasSummary,
            ["libraries"] = new JsonArray([.. runtime.Libraries.Select(l => (JsonNode)l!)]),
            ["config"] = runtime.Config,
            ["parallel"] = runtime.Parallel,
        },
        ["matrix_product"] = comparison.MatrixProduct is not { } product ? null : new JsonObject
        {
            ["rows"] = product.Rows,
            ["inner"] = product.Inner,
            ["cols"] = product.Cols,
            ["threads"] = product.Threads,
            ["regbench_ms"] = Number(product.RegBenchMilliseconds),
            ["pytorch_ms"] = Number(product.PyTorchMilliseconds),
            ["regbench_over_pytorch"] = Number(product.RegBenchOverPyTorch),
        },
        ["results"] = new JsonArray([.. comparison.Rows.Select(row => (JsonNode)new JsonObject
        {
            ["regularizer"] = row.Choice.Label,
            ["definition"] = row.Definition,
            ["timed_steps"] = row.TimedSteps,
            ["median_ms"] = Number(row.MedianMilliseconds),
            ["p90_ms"] = Number(row.P90Milliseconds),
            ["ratio"] = Number(comparison.RatioToBaseline(row.Choice)),
            ["regbench_over_pytorch"] = regBench.FirstOrDefault(r => r.Choice.Equals(row.Choice)) is { } measured ? Number(comparison.RegBenchOverPyTorch(measured)) : null,
            ["metrics"] = new JsonObject(row.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => KeyValuePair.Create(m.Key, Number(m.Value)))),
            ["error"] = row.Error,
        })]),
    };

    /// <summary>One extra row: what against what, the figure and its goal.</summary>
    public static JsonNode Extra(ExtraMeasurement row) => new JsonObject
    {
        ["row"] = row.Row,
        ["subject"] = row.Subject,
        ["subject_value"] = Number(row.SubjectValue),
        ["reference"] = row.Reference,
        ["reference_value"] = Number(row.ReferenceValue),
        ["unit"] = row.Unit,
        ["figure"] = Number(row.Figure),
        ["figure_unit"] = row.FigureUnit,
        ["goal"] = row.Goal.Describe(row.FigureUnit == "%" ? "%" : "×"),
        ["goal_met"] = row.GoalMet,
        ["note"] = row.Note,
        ["error"] = row.Error,
    };

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
