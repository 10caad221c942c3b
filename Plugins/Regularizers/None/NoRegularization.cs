using RegBench.Abstractions;

namespace RegBench.Regularizers.None;

/// <summary>The baseline: plain training, no phase does anything.</summary>
[Regularizer("none", Description = "No regularization: the baseline every study compares against.")]
public sealed class NoRegularization : IRegularizer
{
    private bool attached;

    /// <summary>Does nothing, but like every regularizer refuses a second call: one instance per model.</summary>
    public void Attach(RegularizationContext context)
    {
        if (attached) throw new InvalidOperationException("none: Attach was already called; create a new instance per model.");
        attached = true;
    }
}

/// <summary>Options of <see cref="NoRegularization"/>: there are none.</summary>
public sealed record NoRegularizationOptions;
