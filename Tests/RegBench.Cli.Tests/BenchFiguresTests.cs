using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RegBench.Engine.Benchmarks;
using RegBench.Engine.Experiments;

namespace RegBench.Cli.Tests;

/// <summary>The arithmetic behind `regbench bench`'s comparison rows: medians, ratios, growth in percent, goals, and the PyTorch column's ratios.</summary>
public sealed class BenchFiguresTests
{
    [Theory]
    [InlineData(new[] { 3.0, 1.0, 2.0 }, 2.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    [InlineData(new[] { 7.0 }, 7.0)]
    public void Median_is_the_middle_value_or_the_mean_of_the_middle_two(double[] values, double median) =>
        Assert.Equal(median, BenchFigures.Median(values));

    [Fact]
    public void Median_of_nothing_is_NaN() => Assert.True(double.IsNaN(BenchFigures.Median([])));

    [Property(MaxTest = 200)]
    public Property Ratio_is_unchanged_when_both_sides_scale_by_the_same_positive_factor() =>
        Prop.ForAll(Arb.From(from a in Gen.Choose(1, 100000) from b in Gen.Choose(1, 100000) from k in Gen.Choose(1, 1000) select (a, b, k)), c =>
            Math.Abs(BenchFigures.Ratio(c.a * (double)c.k, c.b * (double)c.k) - c.a / (double)c.b) <= 1e-12 * (c.a / (double)c.b));

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(1.0, -2.0)]
    [InlineData(double.NaN, 2.0)]
    [InlineData(1.0, double.PositiveInfinity)]
    public void Ratio_without_a_positive_finite_reference_or_a_finite_measure_is_NaN(double measured, double reference) =>
        Assert.True(double.IsNaN(BenchFigures.Ratio(measured, reference)));

    [Property(MaxTest = 200)]
    public Property Growth_percent_recovers_the_growth_applied() =>
        Prop.ForAll(Arb.From(from before in Gen.Choose(1, 1_000_000) from basisPoints in Gen.Choose(-5000, 5000) select (before, percent: basisPoints / 100.0)), c =>
            Math.Abs(BenchFigures.GrowthPercent(c.before, c.before * (1 + c.percent / 100)) - c.percent) <= 1e-9);

    [Fact]
    public void Growth_from_100_to_102_MB_is_2_percent_and_meets_the_memory_goal_exactly()
    {
        var growth = BenchFigures.GrowthPercent(100, 102);

        Assert.Equal(2.0, growth, 12);
        Assert.True(new BenchGoal(2, AtMost: true).IsMetBy(2.0));
        Assert.False(new BenchGoal(2, AtMost: true).IsMetBy(2.01));
    }

    [Fact]
    public void An_at_least_goal_is_met_from_its_limit_up_and_NaN_meets_no_goal()
    {
        var faster = new BenchGoal(10, AtMost: false);

        Assert.True(faster.IsMetBy(10));
        Assert.False(faster.IsMetBy(9.99));
        Assert.False(faster.IsMetBy(double.NaN));
        Assert.False(new BenchGoal(1.03, AtMost: true).IsMetBy(double.NaN));
    }

    [Fact]
    public void A_failed_extra_row_never_meets_its_goal()
    {
        var row = ExtraMeasurement.Failed("epoch", new BenchGoal(1e9, AtMost: true), "boom");

        Assert.False(row.GoalMet);
    }

    [Fact]
    public void The_PyTorch_column_gives_RegBench_over_PyTorch_and_PyTorch_over_its_own_none()
    {
        var none = Choice("none");
        var decay = Choice("weight-decay");
        var comparison = new PyTorchComparison(null,
            [Twin(none, 40), Twin(decay, 50), new ReferenceSteps(Choice("stiefel"), "", 0, double.NaN, double.NaN, new Dictionary<string, double>(), "no PyTorch twin of stiefel")]);

        Assert.Equal(1.25, comparison.RatioToBaseline(decay), 12);
        Assert.Equal(0.9, comparison.RegBenchOverPyTorch(Measured(decay, 45)), 12);
        Assert.True(double.IsNaN(comparison.RegBenchOverPyTorch(Measured(Choice("stiefel"), 45))));
    }

    private static PluginChoice Choice(string name)
    {
        using var empty = System.Text.Json.JsonDocument.Parse("{}");
        return new PluginChoice(Abstractions.PluginKind.Regularizer, name, empty.RootElement.Clone(), "{}", 1);
    }

    private static ReferenceSteps Twin(PluginChoice choice, double median) => new(choice, "", 10, median, median * 1.2, new Dictionary<string, double>());

    private static StepMeasurement Measured(PluginChoice choice, double median) =>
        new(choice, 10, median, median, double.NaN, 0, 0, 0, 0, new Dictionary<string, double>());
}
