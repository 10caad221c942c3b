using RegBench.Engine.Experiments;
using RegBench.Engine.Training;

namespace RegBench.Engine.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(60, 1.0)]
    [InlineData(61, 0.1)]
    [InlineData(121, 0.01)]
    public void Multistep_multiplies_by_gamma_after_each_milestone(int epoch, double expected) =>
        Assert.Equal(expected, LearningRateSchedule.At(new ScheduleSettings("multistep", [60, 120], 0.1), 1.0, epoch, 200), 12);

    [Fact]
    public void Cosine_starts_at_the_base_rate_and_ends_near_zero()
    {
        var schedule = new ScheduleSettings("cosine");
        Assert.Equal(1.0, LearningRateSchedule.At(schedule, 1.0, 1, 100), 12);
        Assert.True(LearningRateSchedule.At(schedule, 1.0, 100, 100) < 1e-3);
    }

    [Fact]
    public void Warmup_rises_linearly_to_the_base_rate()
    {
        var schedule = new ScheduleSettings("constant", WarmupEpochs: 3);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], Enumerable.Range(1, 4).Select(e => LearningRateSchedule.At(schedule, 1.0, e, 10)));
    }
}
