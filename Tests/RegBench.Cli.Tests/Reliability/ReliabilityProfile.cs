using System.Globalization;

namespace RegBench.Cli.Tests.Reliability;

/// <summary>
/// The reliability suite's experiment: 6 cells (none, weight decay, spectral scaling × seeds 0, 1) × 3 epochs of a 1-layer
/// MLP on 8×8 synthetic images, about a second of training per cell, so many kills and resumes fit in CI.
/// </summary>
public static class ReliabilityProfile
{
    /// <summary>The profile's name.</summary>
    public const string Name = "rel";

    /// <summary>Cells of the profile.</summary>
    public const int Cells = 6;

    /// <summary>Epochs of each cell.</summary>
    public const int Epochs = 3;

    /// <summary>Metric columns of `epochs` that must match exactly between runs (no timings, no memory figures).</summary>
    public const string EpochColumns = "cell_id, epoch, train_loss, train_acc, test_loss, test_acc, lr, sensitivity, " +
        "json_extract(extra_json, '$.sigma_max_mean') AS sigma_mean, json_extract(extra_json, '$.sigma_max_std') AS sigma_std";

    /// <summary>Every column of `layers`.</summary>
    public const string LayerColumns = "cell_id, epoch, layer, kind, rows, cols, sigma_max, frobenius, nuclear, stable_rank, effective_rank, " +
        "numerical_rank, sigma_max_operator, spectrum_json";

    /// <summary>Writes experiments.json with the profile into <paramref name="folder"/>.</summary>
    public static void WriteTo(TempDirectory folder) => folder.Write("experiments.json", $$"""
        { "profiles": { "{{Name}}": {
            "datasets": [{ "name": "synthetic", "trainSize": 256, "testSize": 64, "height": 8, "width": 8 }],
            "architectures": [{ "name": "mlp", "depth": 1, "width": 16 }],
            "regularizers": ["none", "weight-decay", "spectral-scaling"],
            "epochs": {{Epochs.ToString(CultureInfo.InvariantCulture)}}, "seeds": [0, 1], "batchSize": 32 } } }
        """);

    /// <summary>The rows of <paramref name="columns"/> from <paramref name="table"/>, one string per row, in key order.</summary>
    public static List<string> Rows(string database, string table, string columns, string orderBy) =>
        ResultsDatabase.Query(database, $"SELECT {columns} FROM {table} ORDER BY {orderBy}")
            .Select(row => string.Join("|", row.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).ToList();
}
