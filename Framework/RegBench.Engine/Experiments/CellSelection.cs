namespace RegBench.Engine.Experiments;

/// <summary>
/// Which cells of a matrix this invocation runs: filters by axis (dataset, architecture, regularizer, seed, batchSize;
/// a value matches the plugin name or its full label) and shard K of N (cells whose index in the matrix order is
/// ≡ K−1 mod N, so N shards cover every cell exactly once). The CLI parses `--filter`/`--shard` into it.
/// </summary>
public sealed record CellSelection(IReadOnlyDictionary<string, IReadOnlySet<string>> Filters, int Shard = 1, int ShardCount = 1)
{
    /// <summary>Axes a filter can name.</summary>
    public static readonly string[] Axes = ["dataset", "architecture", "regularizer", "seed", "batchSize"];

    /// <summary>Everything.</summary>
    public static CellSelection All { get; } = new(new Dictionary<string, IReadOnlySet<string>>());

    /// <summary>The selected cells, in matrix order.</summary>
    public IReadOnlyList<CellSpec> Apply(IReadOnlyList<CellSpec> cells) =>
        cells.Where((cell, index) => index % ShardCount == Shard - 1 && Filters.All(f => Matches(cell, f.Key, f.Value))).ToList();

    private static bool Matches(CellSpec cell, string axis, IReadOnlySet<string> values) => axis switch
    {
        "dataset" => values.Contains(cell.Dataset.Name) || values.Contains(cell.Dataset.Label),
        "architecture" => values.Contains(cell.Architecture.Name) || values.Contains(cell.Architecture.Label),
        "regularizer" => values.Contains(cell.Regularizer.Name) || values.Contains(cell.Regularizer.Label),
        "seed" => values.Contains(cell.Seed.ToString()),
        _ => values.Contains(cell.BatchSize.ToString()),
    };
}
