namespace RegBench.Engine.Experiments;

/// <summary>
/// Which cells of a matrix this invocation runs: `--filter axis=value[,value]` (axes dataset, architecture,
/// regularizer, seed, batchSize; a value matches the plugin name or its full label) and `--shard K/N`
/// (cells whose index in the matrix order is ≡ K−1 mod N, so N shards cover every cell exactly once).
/// </summary>
public sealed record CellSelection(IReadOnlyDictionary<string, IReadOnlySet<string>> Filters, int Shard = 1, int ShardCount = 1)
{
    /// <summary>Axes a filter can name.</summary>
    public static readonly string[] Axes = ["dataset", "architecture", "regularizer", "seed", "batchSize"];

    /// <summary>Everything.</summary>
    public static CellSelection All { get; } = new(new Dictionary<string, IReadOnlySet<string>>());

    /// <summary>Parses the CLI forms; throws a configuration error (exit 2) naming the bad value.</summary>
    public static CellSelection Parse(IEnumerable<string> filters, string? shard)
    {
        var parsed = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var filter in filters)
        {
            var parts = filter.Split('=', 2);
            if (parts.Length != 2 || !Axes.Contains(parts[0]) || parts[1].Length == 0)
                throw Usage("--filter", $"'{filter}' is not AXIS=VALUE[,VALUE] with AXIS one of {string.Join(", ", Axes)}.");
            parsed[parts[0]] = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        }
        if (shard is null) return new CellSelection(parsed);
        var numbers = shard.Split('/');
        if (numbers.Length != 2 || !int.TryParse(numbers[0], out var k) || !int.TryParse(numbers[1], out var n) || n < 1 || k < 1 || k > n)
            throw Usage("--shard", $"'{shard}' is not K/N with 1 ≤ K ≤ N (e.g. 2/4).");
        return new CellSelection(parsed, k, n);
    }

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

    private static ConfigurationException Usage(string option, string message) =>
        new(new ConfigurationError(option, 0, 0, ConfigurationCodes.InvalidNumber, message));
}
