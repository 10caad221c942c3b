using RegBench.Reporting.Tables;
using RegBench.Reporting.Writers;

namespace RegBench.Reporting.Tests;

public sealed class TableTests : IDisposable
{
    private readonly KnownStore known = new();
    private ReportData Data => ReportData.Read(known.Store);

    [Fact]
    public void Results_table_shows_mean_std_and_student_t_ci_over_seeds_with_the_best_accuracy_in_bold()
    {
        var markdown = MarkdownReportWriter.Table(ResultsTable.Build(Data));

        // none: acc 0.80/0.82/0.84 → 82.00 ± 2.00, half-width 4.303·2/√3 = 4.97; loss 0.5/0.6/0.7 → 0.600 ± 0.100 ± 0.248.
        Assert.Contains("| ds / mlp | 82.00 ± 2.00 [77.03, 86.97] / 0.600 ± 0.100 [0.352, 0.848] | **85.00 ± 0.00 [85.00, 85.00] / 0.400 ± 0.000 [0.400, 0.400]** |", markdown);
        Assert.Contains("| ds / cnn | 70.00 ± 0.00 [70.00, 70.00] / 0.900 ± 0.000 [0.900, 0.900] | **73.00 ± 1.00 [70.52, 75.48] / 0.850 ± 0.000 [0.850, 0.850]** |", markdown);
        Assert.Contains("| Architecture | none | wd |", markdown);
    }

    [Fact]
    public void Test_accuracy_table_has_one_row_per_model_and_batch_size_with_the_highest_in_bold()
    {
        var markdown = MarkdownReportWriter.Table(McGillTables.TestAccuracy(Data));

        Assert.Contains("| Model (dataset) | Batch size | none | wd |", markdown);
        Assert.Contains("| mlp (ds) | 64 | 0.820 ± 0.020 | **0.850 ± 0.000** |", markdown);
        Assert.Contains("| cnn (ds) | 64 | 0.700 ± 0.000 | **0.730 ± 0.010** |", markdown);
    }

    [Fact]
    public void Gap_table_gives_the_minimum_gap_where_the_threshold_is_reached_and_a_footnoted_dash_where_it_is_not()
    {
        var table = McGillTables.GapAtThreshold(Data);
        var markdown = MarkdownReportWriter.Table(table);

        Assert.Contains("| mlp (ds) | 64 | 0.80 | 0.100 ± 0.000 | **0.080 ± 0.000** |", markdown);
        Assert.Contains("| cnn (ds) | 64 | 0.99 | —¹ | —¹ |", markdown);
        Assert.Contains(table.Footnotes, f => f.StartsWith("¹ Train and test accuracy never both reached the threshold"));
    }

    [Fact]
    public void Failed_and_diverged_cells_are_listed_with_their_error()
    {
        var table = Assert.IsType<ReportTable>(NotIncludedTable.Build(Data));

        var row = Assert.Single(table.Rows);
        Assert.Equal(["failedcell000001", "ds / mlp / wd / seed 3 / batch 64", "diverged", "1", "loss is NaN at epoch 1, step 3"], row.Select(c => c.Text));
    }

    [Fact]
    public void Csv_holds_the_results_table_numbers_in_long_form()
    {
        var report = new Report(new ReportHeader("p", DateTimeOffset.UnixEpoch, "m", "c", "0", "s", []), [ResultsTable.Build(Data)], [], []);
        new CsvReportWriter().Write(report, known.Directory);

        var lines = File.ReadAllLines(Path.Combine(known.Directory, "csv", "results.csv"));
        Assert.Equal("architecture,regularizer,seeds,test_acc_mean,test_acc_std,test_acc_ci_low,test_acc_ci_high,test_loss_mean,test_loss_std,test_loss_ci_low,test_loss_ci_high", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("ds / mlp,none,3,0.82", lines[1]);
    }

    public void Dispose() => known.Dispose();
}
