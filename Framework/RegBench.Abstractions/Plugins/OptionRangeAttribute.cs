namespace RegBench.Abstractions;

/// <summary>
/// Bounds a numeric plugin option. The generated manifest checks it after binding (a
/// <see cref="PluginOptionsException"/> naming the option, e.g. "width: must be ≥ 1, found 0.") and writes it into
/// the options' JSON Schema as minimum/maximum. Put it on the options record's property (or, for a positional
/// record, on the parameter). Checks that need more than one option go in the plugin's static
/// <c>Validate(TOptions)</c> method, which the generated manifest calls after the ranges.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true)]
public sealed class OptionRangeAttribute : Attribute
{
    /// <summary>Smallest allowed value (inclusive unless <see cref="ExclusiveMinimum"/>); unbounded when not set.</summary>
    public double Minimum { get; init; } = double.NegativeInfinity;

    /// <summary>Largest allowed value (inclusive unless <see cref="ExclusiveMaximum"/>); unbounded when not set.</summary>
    public double Maximum { get; init; } = double.PositiveInfinity;

    /// <summary>Whether <see cref="Minimum"/> itself is excluded (value &gt; Minimum).</summary>
    public bool ExclusiveMinimum { get; init; }

    /// <summary>Whether <see cref="Maximum"/> itself is excluded (value &lt; Maximum).</summary>
    public bool ExclusiveMaximum { get; init; }
}
