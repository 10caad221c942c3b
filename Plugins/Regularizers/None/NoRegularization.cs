using RegBench.Abstractions;

namespace RegBench.Regularizers.None;

/// <summary>The baseline: plain training, no phase does anything.</summary>
[Regularizer("none", Description = "No regularization: the baseline every study compares against.")]
public sealed class NoRegularization : IRegularizer;

/// <summary>Options of <see cref="NoRegularization"/>: there are none.</summary>
public sealed record NoRegularizationOptions;
