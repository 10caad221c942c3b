using RegBench.Engine.Experiments;
using RegBench.Experiments;

namespace RegBench.Engine.Training;

/// <summary>The learning rate of each epoch as a pure function of the settings, so a resumed run needs no scheduler state.</summary>
public static class LearningRateSchedule
{
    /// <summary>Rate for 1-based <paramref name="epoch"/> of <paramref name="totalEpochs"/>, starting from <paramref name="baseRate"/>.</summary>
    public static double At(ScheduleSettings schedule, double baseRate, int epoch, int totalEpochs)
    {
        if (schedule.WarmupEpochs > 0 && epoch <= schedule.WarmupEpochs)
            return baseRate * epoch / (schedule.WarmupEpochs + 1);
        return schedule.Name switch
        {
            // multistep: ×γ once for every milestone already passed (epochs are 1-based; milestone m applies from epoch m+1).
            "multistep" => baseRate * Math.Pow(schedule.Gamma, schedule.Milestones.Count(m => epoch > m)),
            // cosine: from baseRate at the first epoch after warm-up to ~0 at the last.
            "cosine" => CosineRate(baseRate, epoch - schedule.WarmupEpochs - 1, totalEpochs - schedule.WarmupEpochs),
            "constant" => baseRate,
            var other => throw new ArgumentException(
                $"unknown schedule '{other}'; known: {string.Join(", ", ExperimentFormat.Schedules)}. Fix \"schedule\" in experiments.json.", nameof(schedule)),
        };
    }

    private static double CosineRate(double baseRate, int step, int steps) =>
        steps <= 1 ? baseRate : baseRate * 0.5 * (1 + Math.Cos(Math.PI * step / steps));
}
