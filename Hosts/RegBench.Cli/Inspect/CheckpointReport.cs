using System.Globalization;
using System.Text.Json.Nodes;
using RegBench.Abstractions;
using RegBench.Results;

namespace RegBench.Cli.Inspect;

/// <summary>One layer of an inspected checkpoint: the diagnostics record and, for conv layers, the geometry σ₁ operator used.</summary>
public sealed record InspectedLayer(LayerRecord Statistics, ConvGeometry? Conv);

/// <summary>The per-layer statistics of a checkpoint's model (the effective weights the forward pass uses).</summary>
public sealed record CheckpointReport(string Path, string CellId, int Epoch, string CellLabel, IReadOnlyList<InspectedLayer> Layers)
{
    /// <summary>The `--json` object: { cell_id, epoch, layers: [ {layer, kind, rows, cols, sigma_max, …, singular_values} ] }.</summary>
    public JsonObject ToJson() => new()
    {
        ["cell_id"] = CellId,
        ["epoch"] = Epoch,
        ["layers"] = new JsonArray([.. Layers.Select(l => (JsonNode)new JsonObject
        {
            ["layer"] = l.Statistics.Layer,
            ["kind"] = l.Statistics.Kind,
            ["rows"] = l.Statistics.Rows,
            ["cols"] = l.Statistics.Columns,
            ["sigma_max"] = Number(l.Statistics.SigmaMax),
            ["sigma_max_operator"] = Number(l.Statistics.SigmaMaxOperator),
            ["frobenius"] = Number(l.Statistics.Frobenius),
            ["stable_rank"] = Number(l.Statistics.StableRank),
            ["effective_rank"] = Number(l.Statistics.EffectiveRank),
            ["numerical_rank"] = l.Statistics.NumericalRank,
            ["singular_values"] = new JsonArray([.. (l.Statistics.Spectrum ?? []).Select(s => Number(s))]),
        })]),
    };

    /// <summary>The layer table as plain text.</summary>
    public void WriteTable(TextWriter output)
    {
        output.WriteLine($"{Path}: cell {CellId} ({CellLabel}), epoch {Epoch}");
        output.WriteLine($"{"layer",-24} {"kind",-8} {"rows×cols",-12} {"σ₁",12} {"σ₁ operator",22} {"Frobenius",12} {"stable rank",12} {"eff. rank",10} {"num. rank",9}");
        foreach (var (s, conv) in Layers)
        {
            var op = s.SigmaMaxOperator is { } sigma && conv?.InputSize is { } size ? $"{Format(sigma)} @{size.Height}x{size.Width}" : "";
            output.WriteLine($"{s.Layer,-24} {s.Kind,-8} {$"{s.Rows}×{s.Columns}",-12} {Format(s.SigmaMax),12} {op,22} {Format(s.Frobenius),12} " +
                             $"{Format(s.StableRank),12} {Format(s.EffectiveRank),10} {s.NumericalRank,9}");
        }
        output.WriteLine("Statistics of the effective weights the forward pass uses (e.g. W/σ under miyato-sn); σ₁ operator: the conv layer's true operator norm at its input size.");
    }

    private static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
