using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Regularizers.WeightDecay;

/// <summary>Options of <see cref="WeightDecayRegularizer"/>. The generated manifest checks the [OptionRange]s, then <see cref="WeightDecayRegularizer.Validate"/>.</summary>
public sealed record WeightDecayOptions
{
    /// <summary>Decay coefficient λ of the penalty λ/2·Σ‖W‖F² (Yoshida &amp; Miyato's baseline uses 1e-4).</summary>
    [Description("Decay coefficient λ of the penalty λ/2·Σ‖W‖F² (gradient += λW); default 1e-4 (Yoshida & Miyato).")]
    [OptionRange(Minimum = 0)]
    public double Lambda { get; init; } = 1e-4;

    /// <summary>Decoupled (AdamW-style) decay W ← W·(1 − lr·λ) after each step instead of the gradient term.</summary>
    [Description("Decoupled (AdamW-style) decay: W ← W·(1 − lr·λ) after each optimizer step instead of gradient += λW.")]
    public bool Decoupled { get; init; }

    /// <summary>Learning rate used by the decoupled decay (plugins cannot see the optimizer's; schedules are not followed).</summary>
    [Description("Learning rate of the decoupled decay W ← W·(1 − lr·λ); null (default) follows the optimizer and its schedule. Ignored unless decoupled.")]
    [OptionRange(Minimum = 0, ExclusiveMinimum = true)]
    public double? Lr { get; init; }

    /// <summary>Layers left alone: "first", "last", or name patterns with '*'.</summary>
    [Description("Layers left alone: \"first\", \"last\", or name patterns with '*' (e.g. \"block1.*\").")]
    public IReadOnlyList<string> Exclude { get; init; } = [];
}
