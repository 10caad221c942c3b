using RegBench.Reporting.Tables;
using RegBench.Results;

namespace RegBench.Reporting.Tests;

public sealed class StatisticsTests
{
    private static EpochRecord Epoch(int epoch, double train, double test) => new("c", epoch, 1, train, 1, test, 0.1, 1, 1, 1);

    [Fact]
    public void Gap_at_threshold_is_the_minimum_train_minus_test_over_epochs_where_both_reach_it()
    {
        var curve = new[] { Epoch(1, 0.85, 0.60), Epoch(2, 0.90, 0.82), Epoch(3, 0.97, 0.84), Epoch(4, 0.99, 0.81) };

        Assert.Equal(0.08, GeneralizationGap.AtThreshold(curve, 0.8)!.Value, 12);
    }

    [Fact]
    public void Gap_at_threshold_is_null_when_test_accuracy_never_reaches_it()
    {
        var curve = new[] { Epoch(1, 0.95, 0.60), Epoch(2, 0.99, 0.79) };

        Assert.Null(GeneralizationGap.AtThreshold(curve, 0.8));
    }

    [Fact]
    public void Gap_at_threshold_is_null_without_a_threshold()
    {
        Assert.Null(GeneralizationGap.AtThreshold([Epoch(1, 0.9, 0.9)], null));
    }

    [Fact]
    public void Confidence_interval_uses_student_t_with_n_minus_1_degrees_of_freedom()
    {
        var s = SampleStatistics.Of([1.0, 2.0, 3.0, 4.0]);

        Assert.Equal(2.5, s.Mean, 12);
        Assert.Equal(Math.Sqrt(5.0 / 3), s.StandardDeviation!.Value, 12);
        Assert.Equal(2.5 - 3.182 * Math.Sqrt(5.0 / 3) / 2, s.CiLow!.Value, 12);
        Assert.Equal(1.984, StudentT.Quantile975(100), 3);
    }

    [Fact]
    public void One_seed_has_no_spread()
    {
        var s = SampleStatistics.Of([0.7]);

        Assert.Equal((1, 0.7, (double?)null, (double?)null), (s.Count, s.Mean, s.StandardDeviation, s.CiLow));
        Assert.Equal("70.00", TableText.MeanStdCi(s, 2, 100));
    }
}
