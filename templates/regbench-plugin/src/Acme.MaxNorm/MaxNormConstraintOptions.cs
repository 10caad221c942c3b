using System.ComponentModel;
using RegBench.Abstractions;

namespace Acme.MaxNorm;

/// <summary>
/// Options of <see cref="MaxNormConstraint"/>, as experiments.json gives them: <c>{ "name": "max-norm", "maxNorm": 3 }</c>.
/// Every property with an <c>init</c> is an option (camelCase in JSON); its initializer is the default, [Description]
/// is what `regbench list plugins --verbose` shows, and [OptionRange] is checked when the options are bound.
/// </summary>
public sealed record MaxNormConstraintOptions
{
    /// <summary>Largest allowed L2 norm c of a row.</summary>
    [Description("Largest allowed L2 norm c of each row (a unit's incoming weights, a conv filter); Srivastava et al. used 3 to 4.")]
    [OptionRange(Minimum = 0, ExclusiveMinimum = true)]
    public double MaxNorm { get; init; } = 3;

    /// <summary>Layers left alone: "first", "last", or name patterns with '*'.</summary>
    [Description("Layers left alone: \"first\", \"last\", or name patterns with '*' (e.g. \"block1.*\").")]
    public IReadOnlyList<string> Exclude { get; init; } = [];
}
