using RegBench.Experiments;

namespace RegBench.Engine.Experiments;

/// <summary>The learning-rate schedule, stepped once per epoch: constant, multistep (milestones, γ) or cosine; optional linear warm-up.</summary>
public sealed record ScheduleSettings(string Name = "constant", IReadOnlyList<int>? Milestones = null, double Gamma = 0.1, int WarmupEpochs = 0)
{
    /// <summary>Names the trainer knows.</summary>
    public static readonly string[] Known = ExperimentFormat.Schedules;

    /// <summary>Epochs at which multistep multiplies the rate by <see cref="Gamma"/>.</summary>
    public IReadOnlyList<int> Milestones { get; init; } = Milestones ?? [];

    /// <summary>Equality by value, milestones included.</summary>
    public bool Equals(ScheduleSettings? other) => other is not null && Name == other.Name && Gamma == other.Gamma &&
        WarmupEpochs == other.WarmupEpochs && Milestones.SequenceEqual(other.Milestones);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Gamma, WarmupEpochs, Milestones.Count);
}
