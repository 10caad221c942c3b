using System.Text.RegularExpressions;

namespace RegBench.Abstractions;

/// <summary>
/// Which layers a regularizer applies to. Every regularizer option record has an "exclude" list whose entries are
/// "first" (the first weight layer), "last" (the last one), or a name pattern with '*' wildcards ("block1.*", "out").
/// </summary>
public static class LayerSelector
{
    /// <summary>The layers not excluded by <paramref name="exclude"/>, in model order.</summary>
    public static IReadOnlyList<RegularizedLayer> Apply(IReadOnlyList<RegularizedLayer> layers, IReadOnlyList<string>? exclude)
    {
        if (exclude is null || exclude.Count == 0) return layers;
        var patterns = exclude.Where(e => e is not ("first" or "last"))
            .Select(e => new Regex("^" + Regex.Escape(e).Replace("\\*", ".*") + "$", RegexOptions.CultureInvariant))
            .ToList();
        return layers.Where((layer, index) =>
                !(exclude.Contains("first") && index == 0) &&
                !(exclude.Contains("last") && index == layers.Count - 1) &&
                !patterns.Any(p => p.IsMatch(layer.Name)))
            .ToList();
    }
}
