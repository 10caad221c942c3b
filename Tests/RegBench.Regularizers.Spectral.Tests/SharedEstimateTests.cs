using RegBench.Abstractions;
using RegBench.Engine.Diagnostics;
using RegBench.Engine.Experiments;
using RegBench.Engine.Training;
using RegBench.Layers;
using RegBench.Spectral;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;
using Snr = RegBench.Regularizers.SpectralNormRegularization.SpectralNormRegularization;

namespace RegBench.Regularizers.Spectral.Tests;

/// <summary>Tests that swap the process-wide estimator factory run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EstimatorFactoryCollection
{
    public const string Name = "estimator factory";
}

/// <summary>sn-regularization, its metrics and the engine's diagnostics share one σ estimate per layer and step.</summary>
[Collection(EstimatorFactoryCollection.Name)]
public sealed class SharedEstimateTests(ITestOutputHelper output)
{
    private const int Steps = 4;

    /// <summary>A conv (input size known) → linear classifier trained by the engine's Trainer for one epoch of <see cref="Steps"/> steps.</summary>
    private static (Trainer Trainer, IReadOnlyList<RegularizedLayer> Layers, DatasetSplits Data) Start(IRegularizer regularizer)
    {
        manual_seed(3);
        var factory = new LayerFactory();
        var model = nn.Sequential(("conv", factory.Conv2d("conv", 2, 3, 3, padding: 1, inputSize: (4, 4))), ("relu", nn.ReLU()),
            ("flatten", nn.Flatten()), ("out", factory.Linear("out", 3 * 4 * 4, 3)));
        var images = randn(8 * Steps, 2, 4, 4);
        var labels = randint(3, [8 * Steps]);
        var data = new DatasetSplits(images, labels, images, labels, "random");
        var cell = new CellSpec("shared", Choice(PluginKind.Dataset), Choice(PluginKind.Architecture), Choice(PluginKind.Regularizer), 0, BatchSize: 8, Epochs: 1, new(), new());
        var trainer = new Trainer(cell, model, factory.Layers, regularizer, data);
        regularizer.Attach(new RegularizationContext(factory.Layers, Resumed: false, Seed: 0));
        return (trainer, factory.Layers, data);
    }

    private static PluginChoice Choice(PluginKind kind) => new(kind, "shared-estimate", System.Text.Json.JsonDocument.Parse("{}").RootElement.Clone());

    [Fact]
    public void One_estimate_per_layer_step_serves_the_gradient_the_metrics_and_the_diagnostics()
    {
        var snr = new Snr(new() { Estimator = ConvEstimator.Operator });
        var (trainer, layers, data) = Start(snr);
        using var _ = trainer;
        using var __ = data;
        var states = layers.Select(LayerSpectralState.Of).ToList();
        trainer.RunEpoch(1, CancellationToken.None);
        Assert.All(states, s => Assert.Equal(Steps, s.Estimates));
        snr.CollectEpochMetrics();
        Assert.All(states, s => Assert.Equal(Steps, s.Estimates));
        var diagnostics = new LayerDiagnostics();
        diagnostics.Measure("cell", 1, layers);
        diagnostics.Measure("cell", 1, layers);
        // The conv's operator σ is observed once for the final weights (the second Measure reuses it); the linear layer's σ comes from its exact SVD.
        Assert.Equal([Steps + 1L, Steps], states.Select(s => s.Estimates));
        Assert.Equal(1L, states[0].Reused);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Sn_regularization_makes_two_operator_products_per_power_iteration_and_layer_step(int powerIterations)
    {
        var counting = new CountingEstimator(PowerIteration.Instance);
        var original = SpectralEstimators.Factory;
        SpectralEstimators.Factory = _ => counting;
        try
        {
            var snr = new Snr(new() { PowerIterations = powerIterations });
            var (trainer, layers, data) = Start(snr);
            using var _ = trainer;
            using var __ = data;
            trainer.RunEpoch(1, CancellationToken.None);
            snr.CollectEpochMetrics();
            double perLayerStep = counting.Applications / (double)(layers.Count * Steps);
            output.WriteLine($"sn-regularization powerIterations={powerIterations}: {perLayerStep} operator products per layer-step, {counting.Runs} estimates in {Steps} steps × {layers.Count} layers");
            Assert.Equal(2.0 * powerIterations, perLayerStep);
            Assert.Equal(layers.Count * Steps, counting.Runs);
        }
        finally
        {
            SpectralEstimators.Factory = original;
        }
    }
}
