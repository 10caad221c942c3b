using RegBench.Reporting.Replication;
using RegBench.Reporting.Tables;

namespace RegBench.Reporting.Tests;

public sealed class ReplicationTests : IDisposable
{
    private readonly ReplicationStore known = new();
    private readonly string output = Directory.CreateTempSubdirectory("regbench-replication-out-").FullName;

    public void Dispose()
    {
        known.Dispose();
        try { Directory.Delete(output, recursive: true); } catch (IOException) { }
    }

    private ReplicationReport Generate(string name = ReplicationStore.Profile) =>
        new ReplicationGenerator().Generate(known.Store, name, output, new ReportEnvironment(DateTimeOffset.UnixEpoch, "m", "c", "s")).Report;

    [Fact]
    public void The_published_results_are_all_twelve_accuracy_and_loss_pairs_of_four_models_by_three_regularizers()
    {
        var pairs = PublishedNumbers.HessHutchison.Select(p => (p.Model.Label, p.Regularizer)).ToHashSet();

        Assert.Equal(12, pairs.Count);
        Assert.Equal(4, PublishedNumbers.HessHutchison.Select(p => p.Model).Distinct().Count());
        Assert.All(PublishedNumbers.HessHutchison, p => Assert.Contains(p.Regularizer, HessHutchisonStudy.Regularizers));
    }

    [Fact]
    public void Against_a_published_value_inside_one_std_says_within_1_std()
    {
        var text = Comparison.Against(SampleStatistics.Of([24.0, 26.0, 28.0]), 25.12, 2, " points");

        Assert.Equal("the published 25.12 is within 1 std of ours (26.00 ± 2.00)", text);
    }

    [Fact]
    public void Against_a_published_value_outside_one_std_gives_the_difference_and_its_size_in_std()
    {
        var text = Comparison.Against(SampleStatistics.Of([84.0, 85.0, 86.0]), 25.12, 2, " points");

        Assert.Equal("ours (85.00 ± 1.00) is higher than the published 25.12 by 59.88 points (59.9 std)", text);
    }

    [Fact]
    public void Ranking_orders_by_value_and_writes_ties_at_the_shown_precision_as_equal()
    {
        Assert.Equal("b > a = c", Comparison.Ranking([("a", 1.0), ("b", 2.0), ("c", 1.0004)], descending: true, decimals: 3));
        Assert.Equal("a < b", Comparison.Ranking([("b", 2.0), ("a", 1.0)], descending: false, decimals: 1));
    }

    [Fact]
    public void Cell_shape_reads_architecture_size_and_regularizer_plugin_from_the_canonical_json()
    {
        var shape = CellShape.Of(new Results.CellRecord("x", "p", "d", "label", "label", 0, 1, 1, ReplicationStore.OptionsJson("spectral-scaling", 0)));

        Assert.Equal(new CellShape("mlp", 5, 256, "spectral-scaling"), shape);
        Assert.Equal(PublishedNumbers.Mlp5x2000, shape.Match([PublishedNumbers.Mlp7x4000, PublishedNumbers.Mlp5x2000], exactWidth: false));
        Assert.Null(shape.Match([PublishedNumbers.Mlp5x2000], exactWidth: true));
    }

    [Fact]
    public void Sigma_diagnostics_are_the_layer_mean_at_the_last_epoch_and_the_population_std_across_layers_over_the_last_half()
    {
        var data = ReportData.Read(known.Store);

        var (meanSigma, std) = HessSpectralSection.Diagnostics(data, ReplicationStore.CellId("none", 0))!.Value;

        // none: σ₁ of layer k at epoch e = 4(1 + k) + 0.1e. Last epoch 4: (4.4 + 8.4 + 12.4)/3 = 8.4; the std across layers is 4·√(2/3) at every epoch.
        Assert.Equal(8.4, meanSigma, 9);
        Assert.Equal(4 * Math.Sqrt(2.0 / 3), std, 9);
    }

    [Fact]
    public void Results_sentences_compare_the_ranking_and_the_effects_against_none_with_the_papers()
    {
        var paragraphs = Generate().Sections.Single(s => s.Title == "Test accuracy and loss").Paragraphs;

        // ours: spectral 91.00 > frobenius 85.00 > none 82.00 ± 2.00; paper MLP 5×2000: frobenius 28.23 > none 25.12 > spectral 23.21.
        Assert.Contains(paragraphs, p => p.Contains("spectral-scaling > frobenius-scaling > none here and frobenius-scaling > none > spectral-scaling in the paper (a different order)"));
        Assert.Contains(paragraphs, p => p.StartsWith("frobenius-scaling − none: test accuracy +3.00 points here vs +3.11 points in the paper (same direction)"));
        Assert.Contains(paragraphs, p => p.StartsWith("spectral-scaling − none: test accuracy +9.00 points here vs −1.91 points in the paper (opposite direction)"));
        Assert.Contains(paragraphs, p => p.Contains("a different dataset and size"));
    }

    [Fact]
    public void Sigma_sentence_compares_the_order_and_the_none_to_spectral_ratio_with_the_papers()
    {
        var paragraphs = Generate().Sections.Single(s => s.Title == "Spectral norms at the end of training").Paragraphs;

        // mean σ₁ at epoch 4: none 8.4, frobenius 4.4, spectral 2.4 → ratio 3.5; paper 35.4 / 0.8 = 44.2499… in binary floating point.
        var sentence = Assert.Single(paragraphs);
        Assert.Contains("mean σ₁ ranks none > frobenius-scaling > spectral-scaling here and none > frobenius-scaling > spectral-scaling in the paper (same order)", sentence);
        Assert.Contains("3.5× here vs 44.2× in the paper", sentence);
    }

    [Fact]
    public void The_report_is_markdown_with_figures_and_csv_under_the_name()
    {
        var report = Generate();

        var folder = Path.Combine(output, ReplicationStore.Profile);
        var markdown = File.ReadAllText(Path.Combine(folder, "replication.md"));
        Assert.StartsWith("# Replication: Hess & Hutchison (2023)", markdown);
        Assert.All(report.Figures, f => Assert.True(File.Exists(Path.Combine(folder, f.RelativePath)), f.RelativePath));
        Assert.Contains(report.Figures, f => f.RelativePath.EndsWith("-accuracy.png"));
        Assert.True(File.Exists(Path.Combine(folder, "csv", "hess-published.csv")));
        Assert.Contains("| hess2023-fashion | **all** | 9 | **0:06:00** |", markdown);
    }

    [Fact]
    public void A_name_of_no_study_is_an_error_naming_the_studies()
    {
        var error = Assert.Throws<ArgumentException>(() => Generate("quick"));

        Assert.Contains("hess2023, yoshida2017", error.Message);
    }

    [Fact]
    public void A_study_key_with_no_cells_in_the_store_is_an_error_saying_what_to_run()
    {
        var error = Assert.Throws<ArgumentException>(() => Generate("yoshida2017"));

        Assert.Contains("regbench run --profile yoshida2017-fashion", error.Message);
    }
}
