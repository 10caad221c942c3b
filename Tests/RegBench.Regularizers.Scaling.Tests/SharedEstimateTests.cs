using System.Collections.Concurrent;
using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Training;
using RegBench.Layers;
using RegBench.Regularizers.SpectralScaling;
using RegBench.Spectral;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Scaling.Tests;

/// <summary>Tests that swap the process-wide estimator factory run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EstimatorFactoryCollection
{
    public const string Name = "estimator factory";
}

/// <summary>Spectral scaling makes one σ estimate per layer and step; its σ₂ monitor reads the block estimate instead of a second one.</summary>
[Collection(EstimatorFactoryCollection.Name)]
public sealed class SharedEstimateTests(ITestOutputHelper output)
{
    private const int Steps = 8;

    /// <summary>
    /// Estimator operator products per layer-step of one epoch of <see cref="Steps"/> engine steps on an MLP 32 → 64 → 64 → 10,
    /// the estimates made, and whether any layer holds the σ₂ monitor's own tracked vector (two products per layer-step).
    /// </summary>
    private static (double PerLayerStep, long Estimates, int LayerSteps, bool MonitorTracksItsOwnVector) Measure(string json)
    {
        var counters = new ConcurrentDictionary<int, CountingEstimator>();
        var original = SpectralEstimators.Factory;
        SpectralEstimators.Factory = blockSize => counters.GetOrAdd(blockSize, b => new CountingEstimator(SpectralEstimators.Default(b)));
        try
        {
            using var scope = NewDisposeScope();
            manual_seed(5);
            var factory = new LayerFactory();
            var model = nn.Sequential(("fc1", factory.Linear("fc1", 32, 64)), ("r1", nn.ReLU()), ("fc2", factory.Linear("fc2", 64, 64)), ("r2", nn.ReLU()), ("out", factory.Linear("out", 64, 10)));
            var images = randn(16 * Steps, 32);
            var labels = randint(10, [16 * Steps]);
            using var data = new DatasetSplits(images, labels, images, labels, "random");
            var plugin = Fixture.Spectral(json);
            var cell = new CellSpec("shared", Choice(PluginKind.Dataset), Choice(PluginKind.Architecture), Choice(PluginKind.Regularizer), 0, BatchSize: 16, Epochs: 1, new(), new());
            using var trainer = new Trainer(cell, model, factory.Layers, plugin, data);
            plugin.Attach(new RegularizationContext(factory.Layers, Resumed: false, Seed: 0));
            var before = counters.Values.Sum(c => c.Applications);
            trainer.RunEpoch(1, CancellationToken.None);
            plugin.CollectEpochMetrics();
            int layerSteps = factory.Layers.Count * Steps;
            return ((counters.Values.Sum(c => c.Applications) - before) / (double)layerSteps, factory.Layers.Sum(l => LayerSpectralState.Of(l).Estimates),
                layerSteps, factory.Layers.Any(l => l.State.Get(SpectralNormScaling.Name + ".v2") is not null));
        }
        finally
        {
            SpectralEstimators.Factory = original;
        }
    }

    private static PluginChoice Choice(PluginKind kind) => new(kind, "shared-estimate", System.Text.Json.JsonDocument.Parse("{}").RootElement.Clone());

    [Fact]
    public void With_a_block_the_sigma2_monitor_reads_the_estimate_and_makes_no_operator_product()
    {
        var monitored = Measure("""{ "monitorSigma2": true }""");
        var unmonitored = Measure("""{ "monitorSigma2": false }""");
        output.WriteLine($"spectral-scaling (adaptive, block 4, σ stop): {monitored.PerLayerStep:F2} estimator products per layer-step with the σ₂ monitor, {unmonitored.PerLayerStep:F2} without");
        Assert.Equal(unmonitored.PerLayerStep, monitored.PerLayerStep);
        Assert.False(monitored.MonitorTracksItsOwnVector);
        Assert.Equal(monitored.LayerSteps, monitored.Estimates);
    }

    [Fact]
    public void Without_a_block_the_sigma2_monitor_tracks_its_own_vector()
    {
        var monitored = Measure("""{ "blockSize": 1, "monitorSigma2": true }""");
        output.WriteLine($"spectral-scaling (adaptive, block 1): {monitored.PerLayerStep:F2} estimator products per layer-step, + 2 for the σ₂ monitor's own vector");
        Assert.True(monitored.MonitorTracksItsOwnVector);
        Assert.Equal(monitored.LayerSteps, monitored.Estimates);
    }

    [Fact]
    public void Faithful_mode_makes_two_products_per_iteration_and_one_estimate_per_layer_step()
    {
        var faithful = Measure("""{ "mode": "faithful", "maxIterations": 20, "monitorSigma2": false }""");
        output.WriteLine($"spectral-scaling (faithful, 20 iterations): {faithful.PerLayerStep:F2} estimator products per layer-step");
        Assert.Equal(40, faithful.PerLayerStep);
        Assert.Equal(faithful.LayerSteps, faithful.Estimates);
    }
}
