using RegBench.Abstractions;
using RegBench.Spectral;
using Xunit.Abstractions;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace RegBench.Layers.Tests;

/// <summary>One shared σ slot per layer and map: training estimates advance it, observers read it once per weight version.</summary>
public sealed class SpectralSlotTests(ITestOutputHelper output)
{
    private static readonly PowerIterationOptions Observation = new(MaxIterations: 1000, RelativeTolerance: 1e-8);

    private static RegularizedLayer Conv(int seed)
    {
        using var generator = new Generator((ulong)seed, CPU);
        var kernel = randn([4, 3, 3, 3], ScalarType.Float64, CPU, generator: generator);
        return new RegularizedLayer("conv", new Parameter(kernel, requires_grad: true), LayerKind.Conv2d, new ConvGeometry((1, 1), (1, 1), (1, 1), 1, (6, 6)));
    }

    private static double ExactOperatorSigma(RegularizedLayer layer) =>
        ExactSpectrum.SingularValues(LayerOperator.For(layer, ConvEstimator.Operator))[0].item<double>();

    [Fact]
    public void Every_consumer_of_a_layer_gets_the_same_state()
    {
        var layer = Conv(1);
        Assert.Same(LayerSpectralState.Of(layer), LayerSpectralState.Of(layer));
        Assert.Same(LayerSpectralState.Of(layer).Slot(ConvEstimator.Operator), LayerSpectralState.Of(layer).Slot(ConvEstimator.Operator));
        Assert.NotSame(LayerSpectralState.Of(layer).Slot(ConvEstimator.Operator), LayerSpectralState.Of(layer).Slot(ConvEstimator.Reshaped));
    }

    [Fact]
    public void An_observed_sigma_is_measured_once_per_weight_version()
    {
        using var scope = NewDisposeScope();
        var layer = Conv(2);
        var state = LayerSpectralState.Of(layer);
        var slot = state.Slot(ConvEstimator.Operator);
        var first = slot.Observe(layer.Weight, Observation);
        var second = slot.Observe(layer.Weight, Observation);
        Assert.Equal((1L, 1L, first), (state.Estimates, state.Reused, second));
        using (no_grad()) layer.ScaleWeight_(tensor(2.0, ScalarType.Float64));
        var third = slot.Observe(layer.Weight, Observation);
        Assert.Equal(2L, state.Estimates);
        Assert.Equal(1, third / (2 * first), 1e-3);
        Assert.Equal(1, third / ExactOperatorSigma(layer), 1e-3);
    }

    [Fact]
    public void Observing_never_writes_the_training_vectors()
    {
        using var scope = NewDisposeScope();
        var layer = Conv(3);
        var slot = LayerSpectralState.Of(layer).Slot(ConvEstimator.Operator);
        using (var generator = new Generator(5, CPU)) slot.Seed(generator);
        var (u, v) = (layer.State.Get(slot.UName)!.clone(), layer.State.Get(slot.VName)!.clone());
        slot.Observe(layer.Weight, Observation);
        Assert.True(u.eq(layer.State.Get(slot.UName)!).all().item<bool>() && v.eq(layer.State.Get(slot.VName)!).all().item<bool>());
    }

    [Fact]
    public void An_observer_warm_started_from_converged_training_vectors_needs_far_fewer_products_than_a_cold_one()
    {
        using var scope = NewDisposeScope();
        var (warmLayer, coldLayer) = (Conv(4), Conv(4));
        var training = LayerSpectralState.Of(warmLayer).Slot(ConvEstimator.Operator);
        using (var generator = new Generator(6, CPU)) training.Seed(generator);
        for (int step = 0; step < 300; step++) training.Estimate(new PowerIterationOptions(MaxIterations: 1));
        var warm = new CountingEstimator(PowerIteration.Instance);
        var cold = new CountingEstimator(PowerIteration.Instance);
        var original = SpectralEstimators.Factory;
        try
        {
            SpectralEstimators.Factory = _ => warm;
            var warmSigma = training.Observe(warmLayer.Weight, Observation);
            SpectralEstimators.Factory = _ => cold;
            var coldSigma = LayerSpectralState.Of(coldLayer).Slot(ConvEstimator.Operator).Observe(coldLayer.Weight, Observation);
            output.WriteLine($"operator σ observation at τ = 1e-8: {warm.Applications} products warm from the training vectors, {cold.Applications} cold");
            Assert.Equal(coldSigma, warmSigma, 1e-6);
            Assert.True(warm.Applications * 3 <= cold.Applications, $"warm {warm.Applications} vs cold {cold.Applications} products");
        }
        finally
        {
            SpectralEstimators.Factory = original;
        }
    }

    [Fact]
    public void A_training_estimate_advances_the_shared_vectors_every_call()
    {
        using var scope = NewDisposeScope();
        var layer = Conv(7);
        var state = LayerSpectralState.Of(layer);
        var slot = state.Slot(ConvEstimator.Reshaped);
        using (var generator = new Generator(8, CPU)) slot.Seed(generator);
        var sigmas = Enumerable.Range(0, 30).Select(_ => slot.Estimate(new PowerIterationOptions(MaxIterations: 1)).SigmaValue()).ToList();
        Assert.Equal(30L, state.Estimates);
        Assert.True(sigmas.Zip(sigmas.Skip(1)).All(p => p.Second >= p.First - 1e-12), "σ must not decrease on a fixed weight");
        Assert.Equal(ExactSpectrum.SingularValues(layer.AsMatrix().detach())[0].item<double>(), sigmas[^1], 1e-6);
        Assert.Equal(sigmas[^1], slot.LastSigma!.item<double>());
    }

    [Fact]
    public void Vectors_checkpointed_under_a_plugins_former_names_are_adopted_by_the_slot()
    {
        using var scope = NewDisposeScope();
        var layer = Conv(9);
        var slot = LayerSpectralState.Of(layer).Slot(ConvEstimator.Reshaped);
        var op = slot.Operator();
        layer.State.Set("plugin.u", ones(op.OutputShape, ScalarType.Float64));
        layer.State.Set("plugin.v", ones(op.InputShape, ScalarType.Float64));
        slot.AdoptLegacy("plugin.u", "plugin.v", "plugin.basis");
        Assert.True(slot.HasVectors);
        Assert.Equal([slot.UName, slot.VName], layer.State.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Layer_seed_depends_on_name_and_cell_seed_only()
    {
        Assert.Equal(LayerSeed.For(3, "block1.conv"), LayerSeed.For(3, "block1.conv"));
        Assert.NotEqual(LayerSeed.For(3, "block1.conv"), LayerSeed.For(3, "block2.conv"));
        Assert.NotEqual(LayerSeed.For(3, "block1.conv"), LayerSeed.For(4, "block1.conv"));
        using var a = LayerSeed.Generator(3, "fc");
        using var b = LayerSeed.Generator(3, "fc");
        Assert.True(randn([5], generator: a).eq(randn([5], generator: b)).all().item<bool>());
    }
}
