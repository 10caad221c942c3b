using RegBench.Abstractions;
using RegBench.Layers;
using RegBench.Regularizers.SpectralNormRegularization;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Snr = RegBench.Regularizers.SpectralNormRegularization.SpectralNormRegularization;

namespace RegBench.Regularizers.Spectral.Tests;

public sealed class SpectralNormRegularizationTests
{
    private const double Lambda = 0.01;

    /// <summary>Runs <paramref name="warmSteps"/> hook calls so u, v converge, then returns the gradient one more call injects.</summary>
    private static Tensor InjectedGradient(Snr snr, RegularizedLayer layer, int warmSteps)
    {
        snr.Attach(new RegularizationContext([layer], Resumed: false, Seed: 7));
        for (int i = 0; i < warmSteps; i++)
        {
            TestLayers.ZeroGrad(layer);
            snr.AfterBackward([layer]);
        }
        TestLayers.ZeroGrad(layer);
        snr.AfterBackward([layer]);
        return layer.Weight.grad!.clone();
    }

    /// <summary>∇ of λ/2·σ₁(M(K))² by autograd through svdvals, M the matrix (or dense operator) of the kernel.</summary>
    private static Tensor AutogradOfPenalty(Tensor weight, Func<Tensor, Tensor> matrixOf)
    {
        var w = weight.detach().clone().requires_grad_(true);
        var sigma = linalg.svdvals(matrixOf(w))[0];
        var penalty = Lambda / 2 * sigma * sigma;
        return autograd.grad([penalty], [w])[0];
    }

    [Fact]
    public void Injected_gradient_of_a_linear_layer_equals_autograd_of_half_lambda_sigma_squared()
    {
        using var scope = NewDisposeScope();
        var layer = TestLayers.Layer("fc1", TestLayers.Gapped(7, 5, gap: 1.5, seed: 1), LayerKind.Linear);
        var injected = InjectedGradient(new Snr(new()), layer, warmSteps: 60);
        var expected = AutogradOfPenalty(layer.Weight, w => w);
        Assert.True(TestLayers.MaxDifference(injected, expected) < 1e-10, $"max difference {TestLayers.MaxDifference(injected, expected):E3}");
    }

    [Fact]
    public void Injected_gradient_of_a_conv_layer_uses_the_reshaped_kernel()
    {
        using var scope = NewDisposeScope();
        var kernel = TestLayers.Gapped(4, 2 * 3 * 3, gap: 1.5, seed: 2).view(4, 2, 3, 3);
        var layer = TestLayers.Layer("conv1", kernel, LayerKind.Conv2d);
        var injected = InjectedGradient(new Snr(new()), layer, warmSteps: 60);
        var expected = AutogradOfPenalty(layer.Weight, w => w.reshape(4, -1));
        Assert.True(TestLayers.MaxDifference(injected, expected) < 1e-10, $"max difference {TestLayers.MaxDifference(injected, expected):E3}");
    }

    [Fact]
    public void Operator_estimator_gradient_equals_autograd_of_the_dense_conv_operator_sigma()
    {
        using var scope = NewDisposeScope();
        var geometry = new ConvGeometry((1, 1), (1, 1), (1, 1), 1, (5, 5));
        var kernel = randn([3, 2, 3, 3], ScalarType.Float64, generator: new Generator(3, CPU));
        var layer = TestLayers.Layer("conv1", kernel, LayerKind.Conv2d, geometry);
        var snr = new Snr(new() { Estimator = ConvEstimator.Operator, PowerIterations = 50 });
        var injected = InjectedGradient(snr, layer, warmSteps: 8);
        // Column j of the dense operator is conv2d(e_j): a batch of basis images.
        var basis = eye(2 * 5 * 5, dtype: ScalarType.Float64).view(-1, 2, 5, 5);
        var expected = AutogradOfPenalty(layer.Weight, w => F.conv2d(basis, w, padding: [1, 1]).flatten(1).t());
        Assert.True(TestLayers.MaxDifference(injected, expected) < 1e-8, $"max difference {TestLayers.MaxDifference(injected, expected):E3}");
    }

    [Fact]
    public void Zero_weight_gets_no_gradient_and_no_NaN()
    {
        using var scope = NewDisposeScope();
        var layer = TestLayers.Layer("fc1", zeros(4, 3), LayerKind.Linear);
        var injected = InjectedGradient(new Snr(new()), layer, warmSteps: 3);
        Assert.True(TestLayers.AllFinite(injected) && TestLayers.AllFinite(layer.State.Get(LayerSpectralState.Of(layer).Slot(ConvEstimator.Reshaped).UName)!));
        Assert.Equal(0.0, injected.abs().max().item<double>());
    }

    [Fact]
    public void Excluded_layers_get_neither_gradient_nor_state()
    {
        using var scope = NewDisposeScope();
        var factory = new RegBench.Engine.Training.LayerFactory();
        factory.Linear("fc1", 4, 4);
        factory.Linear("block.fc2", 4, 4);
        factory.Linear("fc3", 4, 4);
        factory.Linear("out", 4, 2);
        var layers = factory.Layers;
        var snr = new Snr(new() { Exclude = ["first", "block.*", "last"] });
        snr.Attach(new RegularizationContext(layers, Resumed: false, Seed: 0));
        foreach (var layer in layers) TestLayers.ZeroGrad(layer);
        snr.AfterBackward(layers);
        foreach (var layer in layers)
        {
            bool regularized = layer.Name == "fc3";
            Assert.Equal(regularized, layer.State.Get(LayerSpectralState.Of(layer).Slot(ConvEstimator.Reshaped).UName) is not null);
            Assert.Equal(regularized, layer.Weight.grad!.abs().sum().item<float>() > 0);
        }
    }

    [Fact]
    public void Operator_estimator_without_input_size_fails_at_attach_naming_the_layer()
    {
        using var scope = NewDisposeScope();
        var layer = TestLayers.Layer("conv7", randn(2, 2, 3, 3), LayerKind.Conv2d);
        var snr = new Snr(new() { Estimator = ConvEstimator.Operator });
        var error = Assert.Throws<InvalidOperationException>(() => snr.Attach(new RegularizationContext([layer], false, 0)));
        Assert.Contains("conv7", error.Message);
    }

    [Theory]
    [InlineData("""{"lambda": -1}""", "lambda")]
    [InlineData("""{"powerIterations": 0}""", "powerIterations")]
    [InlineData("""{"estimator": "fft"}""", "estimator")]
    [InlineData("""{"exclude": ["last", " "]}""", "exclude")]
    public void Out_of_range_options_are_rejected_naming_the_property(string json, string property)
    {
        var descriptor = new RegBench.Regularizers.SpectralNormRegularization.RegBenchPluginManifest().Plugins.Single();
        var error = Assert.Throws<PluginOptionsException>(() => descriptor.Create(TestLayers.Json(json)));
        Assert.Equal(property, error.PropertyPath);
    }

    [Fact]
    public void Defaults_are_the_papers()
    {
        var descriptor = new RegBench.Regularizers.SpectralNormRegularization.RegBenchPluginManifest().Plugins.Single();
        var snr = (Snr)descriptor.Create(TestLayers.Json("{}"));
        Assert.Equal((0.01, 1, ConvEstimator.Reshaped), (snr.Options.Lambda, snr.Options.PowerIterations, snr.Options.Estimator));
        Assert.All(descriptor.Options, o => Assert.False(string.IsNullOrEmpty(o.Description)));
    }

    [Fact]
    public void Metrics_report_the_penalty_of_the_current_estimate()
    {
        using var scope = NewDisposeScope();
        var layer = TestLayers.Layer("fc1", TestLayers.Gapped(6, 4, gap: 2, seed: 4, sigma1: 3), LayerKind.Linear);
        var snr = new Snr(new());
        InjectedGradient(snr, layer, warmSteps: 40);
        var metrics = snr.CollectEpochMetrics();
        Assert.Equal(Lambda / 2 * 9, metrics["sn-regularization.penalty"], 1e-9);
        Assert.Equal(3, metrics["sn-regularization.sigma_max"], 1e-9);
    }
}
