using System.Text;
using RegBench.Engine.Experiments;
using RegBench.Engine.Running;
using RegBench.Engine.Torch;
using RegBench.Results;

namespace RegBench.Engine.Tests.Running;

public sealed class ExperimentRunnerTests : IDisposable
{
    private readonly TempDirectory folder = new();

    private static ExperimentProfile Profile(string optimizer = """{ "name": "adam", "lr": 0.01 }""", int epochs = 2) =>
        ExperimentFileReader.Parse(Encoding.UTF8.GetBytes($$"""
            { "profiles": { "p": {
                "datasets": [{ "name": "synthetic", "trainSize": 256, "testSize": 64, "height": 8, "width": 8 }],
                "architectures": [{ "name": "mlp", "depth": 1, "width": 16 }], "regularizers": ["none"],
                "epochs": {{epochs}}, "seeds": [3], "batchSize": 32, "optimizer": {{optimizer}} } } }
            """), "e.json", BuiltInPlugins.Catalog).Profile("p");

    private RunOutcome Run(ExperimentProfile profile, string results, SilentProgress? progress = null)
    {
        TorchRuntime.EnsureLoaded();
        return new ExperimentRunner(BuiltInPlugins.Catalog, progress ?? new SilentProgress())
            .Run(new RunRequest(profile, folder.File(results)), CancellationToken.None);
    }

    [Fact]
    public void The_same_cell_run_twice_gives_identical_metrics()
    {
        Run(Profile(), "a");
        Run(Profile(), "b");
        using var first = new SqliteResultStore(folder.File("a/regbench.db"));
        using var second = new SqliteResultStore(folder.File("b/regbench.db"));
        static object Metrics(EpochRecord e) => (e.Epoch, e.TrainLoss, e.TrainAccuracy, e.TestLoss, e.TestAccuracy, e.Sensitivity);
        Assert.Equal(first.ReadEpochs().Select(Metrics), second.ReadEpochs().Select(Metrics));
        Assert.Equal(first.ReadLayers().Select(l => l.SigmaMax), second.ReadLayers().Select(l => l.SigmaMax));
    }

    [Fact]
    public void A_loss_that_becomes_nan_ends_the_cell_as_diverged_with_epoch_and_step_and_the_run_goes_on()
    {
        var outcome = Run(Profile("""{ "name": "sgd", "lr": 1e12, "momentum": 0 }"""), "r");

        var cell = Assert.Single(outcome.Cells);
        Assert.Equal(CellStatus.Diverged, cell.Status);
        Assert.Matches(@"loss became (NaN|-?∞|-?Infinity) at epoch 1, step \d+", cell.Error);
        Assert.False(outcome.AllDone);
    }

    [Fact]
    public void Every_epoch_stores_one_layer_row_per_weight_layer_with_finite_statistics()
    {
        var progress = new SilentProgress();
        Run(Profile(), "r", progress);
        using var store = new SqliteResultStore(folder.File("r/regbench.db"));
        var layers = store.ReadLayers();
        Assert.Equal(["fc1", "out", "fc1", "out"], layers.Select(l => l.Layer));
        Assert.All(layers, l => Assert.True(double.IsFinite(l.SigmaMax) && l.StableRank >= 1 && l.Spectrum!.Count == Math.Min(l.Rows, l.Columns)));
        Assert.All(store.ReadEpochs(), e => Assert.True(e.Sensitivity > 0 && e.Extra.ContainsKey("sigma_max_mean")));
        Assert.Equal(2, progress.Epochs.Count);
    }

    [Fact]
    public void A_checkpoint_is_kept_for_the_last_epoch_and_no_temporary_file_is_left()
    {
        var outcome = Run(Profile(epochs: 3), "r");
        var checkpoints = Directory.GetFiles(folder.File($"r/checkpoints/{outcome.Cells[0].Cell.CellId}"));
        Assert.Contains(checkpoints, f => f.EndsWith("epoch-0003.ckpt"));
        Assert.DoesNotContain(checkpoints, f => f.Contains(".tmp"));
        Assert.InRange(checkpoints.Length, 1, 2);
    }

    public void Dispose() => folder.Dispose();
}
