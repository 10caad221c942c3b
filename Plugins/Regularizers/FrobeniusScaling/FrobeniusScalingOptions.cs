using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Regularizers.FrobeniusScaling;

/// <summary>Options of <see cref="FrobeniusNormScaling"/>.</summary>
public sealed record FrobeniusScalingOptions
{
    /// <summary>Target Frobenius norm for every selected layer; null keeps each layer's norm at initialization.</summary>
    [Description("Target Frobenius norm for every selected layer; null = each layer's ‖W₀‖F at initialization (√(min(d_out,d_in)·d_out/d_in) under scaled orthogonal init).")]
    [OptionRange(Minimum = 0, ExclusiveMinimum = true)]
    public double? Target { get; init; }

    /// <summary>Layers left alone: "first", "last", or name patterns with '*'.</summary>
    [Description("Layers left alone: \"first\", \"last\", or name patterns with '*' (e.g. \"block1.*\").")]
    public IReadOnlyList<string> Exclude { get; init; } = [];
}
