using RegBench.Engine.Experiments;
using RegBench.Experiments;

namespace RegBench.Cli.Arguments;

/// <summary>`--filter AXIS=VALUE[,VALUE]` (repeatable) and `--shard K/N` as typed, parsed into a <see cref="CellSelection"/>.</summary>
public static class CellSelectionArguments
{
    /// <summary>Parses the CLI forms; throws a configuration error (exit 2) naming the bad value.</summary>
    public static CellSelection Parse(IEnumerable<string> filters, string? shard)
    {
        var parsed = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var filter in filters)
        {
            var parts = filter.Split('=', 2);
            if (parts.Length != 2 || !CellSelection.Axes.Contains(parts[0]) || parts[1].Length == 0)
                throw Usage("--filter", $"'{filter}' is not AXIS=VALUE[,VALUE] with AXIS one of {string.Join(", ", CellSelection.Axes)}.");
            parsed[parts[0]] = SplitValues(parts[1]).ToHashSet();
        }
        if (shard is null) return new CellSelection(parsed);
        var numbers = shard.Split('/');
        if (numbers.Length != 2 || !int.TryParse(numbers[0], out var k) || !int.TryParse(numbers[1], out var n) || n < 1 || k < 1 || k > n)
            throw Usage("--shard", $"'{shard}' is not K/N with 1 ≤ K ≤ N (e.g. 2/4).");
        return new CellSelection(parsed, k, n);
    }

    /// <summary>Values split at commas outside parentheses, so a label such as "mlp(depth=5,width=128)" is one value.</summary>
    public static IEnumerable<string> SplitValues(string values)
    {
        var (depth, start) = (0, 0);
        for (var i = 0; i <= values.Length; i++)
        {
            if (i < values.Length && values[i] == '(') depth++;
            else if (i < values.Length && values[i] == ')') depth = Math.Max(0, depth - 1);
            else if (i == values.Length || (values[i] == ',' && depth == 0))
            {
                if (values[start..i].Trim() is { Length: > 0 } value) yield return value;
                start = i + 1;
            }
        }
    }

    private static ConfigurationException Usage(string option, string message) =>
        ConfigurationException.At(option, ConfigurationCodes.InvalidNumber, message);
}
