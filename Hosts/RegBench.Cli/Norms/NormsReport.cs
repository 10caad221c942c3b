using System.Globalization;
using System.Text.Json.Nodes;

namespace RegBench.Cli.Norms;

/// <summary>
/// Singular-value statistics of one weight under one method. <see cref="Rows"/> × <see cref="Columns"/> is the linear
/// map measured (the matrix, the reshaped kernel, or the conv operator); statistics a method cannot know are null.
/// </summary>
public sealed record NormsReport(
    NpyArray Array, NormsMethod Method, string Operator, long Rows, long Columns,
    double SigmaMax, double Frobenius, double? StableRank, double? EffectiveRank, int? NumericalRank,
    IReadOnlyList<double> SingularValues)
{
    /// <summary>Power-iteration runs: iterations, whether the residual reached the tolerance, and the last residual.</summary>
    public (int Iterations, bool Converged, double Residual)? Iteration { get; init; }

    private const int TextValues = 20;

    /// <summary>The `--json` object: sigma_max, frobenius, ranks, singular_values and, for iterative methods, iterations/converged/residual.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["file"] = Array.Path,
            ["dtype"] = Array.DTypeName,
            ["shape"] = new JsonArray([.. Array.Shape.Select(d => (JsonNode)d)]),
            ["method"] = Method.ToString().ToLowerInvariant(),
            ["operator"] = Operator,
            ["rows"] = Rows,
            ["cols"] = Columns,
            ["sigma_max"] = Number(SigmaMax),
            ["frobenius"] = Number(Frobenius),
            ["stable_rank"] = Number(StableRank),
            ["effective_rank"] = Number(EffectiveRank),
            ["numerical_rank"] = NumericalRank,
            ["singular_values"] = new JsonArray([.. SingularValues.Select(s => Number(s))]),
        };
        if (Iteration is { } run)
        {
            json["iterations"] = run.Iterations;
            json["converged"] = run.Converged;
            json["residual"] = Number(run.Residual);
        }
        return json;
    }

    /// <summary>The plain-text form: one statistic per line, then (the first) singular values.</summary>
    public void WriteText(TextWriter output)
    {
        output.WriteLine($"{Array.Path}: {Array.DTypeName} {Array.ShapeText}, method {Method.ToString().ToLowerInvariant()}: {Operator} ({Rows} × {Columns})");
        output.WriteLine($"  sigma_max       {Format(SigmaMax)}");
        output.WriteLine($"  frobenius       {Format(Frobenius)}");
        output.WriteLine($"  stable_rank     {Format(StableRank)}");
        output.WriteLine($"  effective_rank  {Format(EffectiveRank)}");
        output.WriteLine($"  numerical_rank  {NumericalRank?.ToString(CultureInfo.InvariantCulture) ?? "n/a (needs every singular value)"}");
        if (Iteration is { } run)
            output.WriteLine($"  iterations      {run.Iterations} ({(run.Converged ? "converged" : "NOT converged")}, residual {Format(run.Residual)}, tolerance {NormsRequest.RelativeTolerance:G})");
        var shown = string.Join(" ", SingularValues.Take(TextValues).Select(s => Format(s)));
        var more = SingularValues.Count > TextValues ? $" … ({SingularValues.Count} values; --json lists all)" : "";
        output.WriteLine($"  singular values {shown}{more}");
    }

    private static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static string Format(double? value) => value?.ToString("G8", CultureInfo.InvariantCulture) ?? "n/a (needs every singular value)";
}
