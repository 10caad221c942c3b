using System.Text;
using RegBench.Engine.Experiments;
using RegBench.Experiments;

namespace RegBench.Engine.Tests.Experiments;

/// <summary>
/// "lrByBatchSize" and "gapThresholdByBatchSize": Yoshida &amp; Miyato train the small- and large-batch regimes with different
/// rates, and the McGill report measures their gaps at different thresholds, in one profile.
/// </summary>
public sealed class BatchSizeRateTests
{
    private static ExperimentFile Parse(string json) =>
        ExperimentFileReader.Parse(Encoding.UTF8.GetBytes(json), "experiments.json", BuiltInPlugins.Catalog);

    private const string TwoRegimes = """
        { "profiles": { "p": { "datasets": [{ "name": "synthetic", "trainSize": 512, "testSize": 64 }], "architectures": ["mlp"], "regularizers": ["none"],
            "batchSizes": [64, 256], "optimizer": { "name": "sgd", "lr": 0.01, "lrByBatchSize": { "256": 0.1 } } } } }
        """;

    [Fact]
    public void Each_cell_trains_with_the_rate_of_its_batch_size_and_the_plain_rate_elsewhere()
    {
        var cells = MatrixExpander.Expand(Parse(TwoRegimes).Profile("p"));

        Assert.Equal([(64, 0.01), (256, 0.1)], cells.Select(c => (c.BatchSize, c.Optimizer.Lr)).ToList());
        Assert.All(cells, c => Assert.Null(c.Optimizer.LrByBatchSize));
    }

    [Fact]
    public void A_cell_with_a_per_batch_rate_has_the_id_of_the_same_cell_written_with_that_plain_rate()
    {
        var plain = Parse("""
            { "profiles": { "p": { "datasets": [{ "name": "synthetic", "trainSize": 512, "testSize": 64 }], "architectures": ["mlp"], "regularizers": ["none"],
                "batchSizes": [256], "optimizer": { "name": "sgd", "lr": 0.1 } } } }
            """);

        var perBatch = MatrixExpander.Expand(Parse(TwoRegimes).Profile("p")).Single(c => c.BatchSize == 256);

        Assert.Equal(MatrixExpander.Expand(plain.Profile("p")).Single().CellId, perBatch.CellId);
    }

    [Fact]
    public void A_rate_for_a_batch_size_the_profile_does_not_train_is_RB1005_at_its_key()
    {
        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => Parse(TwoRegimes.Replace("\"256\": 0.1", "\"4096\": 0.1"))).Errors);

        Assert.Equal((ConfigurationCodes.InvalidNumber, 2), (error.Code, error.Line));
        Assert.Contains("batch size 4096, which the profile does not train (batch sizes: 64, 256)", error.Message);
    }

    [Fact]
    public void A_key_that_is_not_a_batch_size_is_RB1007()
    {
        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => Parse(TwoRegimes.Replace("\"256\": 0.1", "\"large\": 0.1"))).Errors);

        Assert.Equal(ConfigurationCodes.WrongType, error.Code);
        Assert.Contains("keys are batch sizes", error.Message);
    }

    [Fact]
    public void Each_cell_gets_the_gap_threshold_of_its_batch_size_and_the_plain_threshold_elsewhere()
    {
        var profile = Parse(TwoRegimes.Replace("\"batchSizes\"", "\"gapThreshold\": 0.5, \"gapThresholdByBatchSize\": { \"256\": 0.8 }, \"batchSizes\"")).Profile("p");

        Assert.Equal([(64, 0.5), (256, 0.8)], MatrixExpander.Expand(profile).Select(c => (c.BatchSize, c.GapThreshold!.Value)).ToList());
    }

    [Fact]
    public void A_gap_threshold_outside_0_to_1_is_RB1005_naming_the_batch_size()
    {
        var error = Assert.Single(Assert.Throws<ConfigurationException>(() =>
            Parse(TwoRegimes.Replace("\"batchSizes\"", "\"gapThresholdByBatchSize\": { \"64\": 1.5 }, \"batchSizes\""))).Errors);

        Assert.Equal(ConfigurationCodes.InvalidNumber, error.Code);
        Assert.Contains("'gapThresholdByBatchSize' value for batch size 64 must be an accuracy in (0, 1], found 1.5", error.Message);
    }
}
