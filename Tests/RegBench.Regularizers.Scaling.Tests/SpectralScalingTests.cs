using RegBench.Abstractions;
using RegBench.Layers;
using RegBench.Regularizers.SpectralScaling;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Scaling.Tests;

/// <summary>spectral-scaling: W ← W + u₁v₁ᵀ(σ* − σ₁) against exact SVDs, the operator estimator, the σ₂ monitor.</summary>
public sealed class SpectralScalingTests
{
    [Theory]
    [InlineData("faithful")]
    [InlineData("adaptive")]
    public void Spectral_scaling_sets_sigma1_to_target_when_sigma2_is_below(string mode)
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(6, 4, Fixture.KnownSpectrum(6, 4, [3, 1, 0.5, 0.2], seed: 1));
        var plugin = Fixture.Spectral($$"""{ "target": 2.0, "mode": "{{mode}}" }""");
        Fixture.Attach(plugin, [layer]);
        plugin.AfterStep([layer]);
        AssertSpectrum([2, 1, 0.5, 0.2], Fixture.Sigmas(layer), 1e-4);
    }

    [Fact]
    public void Spectral_scaling_leaves_sigma2_as_the_new_sigma1_when_sigma2_exceeds_the_target()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(5, 5, Fixture.KnownSpectrum(5, 5, [3, 2, 0.5, 0.4, 0.1], seed: 2));
        var plugin = Fixture.Spectral("""{ "target": 1.0 }""");
        Fixture.Attach(plugin, [layer]);
        plugin.AfterStep([layer]);
        AssertSpectrum([2, 1, 0.5, 0.4, 0.1], Fixture.Sigmas(layer), 1e-4);
    }

    [Fact]
    public void Spectral_scaling_update_equals_the_rank_one_formula_with_exact_singular_vectors()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Conv(4, 2, 2, Fixture.KnownSpectrum(4, 8, [2.5, 1.2, 0.7, 0.3], seed: 3));
        var plugin = Fixture.Spectral("""{ "target": 0.9, "tolerance": 1e-6, "stopRule": "residual" }"""); // converged vectors: the exact formula
        Fixture.Attach(plugin, [layer]);
        var w = layer.AsMatrix().detach().to_type(ScalarType.Float64).clone();
        var (u, s, vh) = linalg.svd(w, fullMatrices: false);
        var expected = w + (0.9 - s[0]) * u[.., 0].outer(vh[0]);

        plugin.AfterStep([layer]);

        Assert.True(allclose(layer.AsMatrix().to_type(ScalarType.Float64), expected, rtol: 0, atol: 1e-5),
            "W̄ ≠ W + u₁v₁ᵀ(σ* − σ₁) computed from torch.linalg.svd");
    }

    [Fact]
    public void Spectral_scaling_updates_a_transposed_conv_through_its_dim1_matrix_view()
    {
        using var scope = NewDisposeScope();
        using var module = nn.ConvTranspose2d(2, 3, 2, bias: false);
        var layer = new RegularizedLayer("up", module.weight!, LayerKind.ConvTranspose2d);
        using (no_grad())
            layer.Weight.copy_(Fixture.KnownSpectrum(3, 8, [2, 0.6, 0.3], seed: 6).reshape(3, 2, 2, 2).transpose(0, 1));
        var plugin = Fixture.Spectral("""{ "target": 1.0 }""");
        Fixture.Attach(plugin, [layer]);
        plugin.AfterStep([layer]);
        AssertSpectrum([1, 0.6, 0.3], Fixture.Sigmas(layer), 1e-4);
    }

    [Fact]
    public void Spectral_scaling_captures_sigma1_at_init_as_the_target()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(8, 3);
        using var generator = new Generator(5, CPU);
        OrthogonalInit.ScaledOrthogonal_(layer.Weight, generator);
        Fixture.Attach(Fixture.Spectral(), [layer]);
        Assert.Equal(Math.Sqrt(8.0 / 3), Fixture.Values(layer.State.Get(SpectralNormScaling.TargetState)!).Single(), 5);
    }

    [Fact]
    public void Spectral_scaling_operator_estimator_scales_the_kernel_to_the_target_operator_norm()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Conv(3, 2, 3, padding: 1, inputSize: (6, 6));
        var before = layer.Weight.detach().clone();
        var plugin = Fixture.Spectral("""{ "target": 1.0, "estimator": "operator", "tolerance": 1e-6, "stopRule": "residual" }""");
        Fixture.Attach(plugin, [layer]);
        plugin.AfterStep([layer]);
        var op = new ConvOperator(layer.Weight.detach(), (2, 6, 6), new() { Padding = (1, 1) });
        var sigma = Fixture.Values(ExactSpectrum.SingularValues(op))[0];
        Assert.Equal(1.0, sigma, 3);
        var ratio = layer.Weight.detach() / before;
        Assert.True(allclose(ratio, ratio.flatten()[0].expand_as(ratio), rtol: 1e-5), "the kernel must be scaled as a whole");
    }

    [Fact]
    public void Spectral_scaling_operator_estimator_without_input_size_fails_in_attach_naming_the_layer()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Conv(3, 2, 3);
        var error = Assert.Throws<InvalidOperationException>(() => Fixture.Attach(Fixture.Spectral("""{ "estimator": "operator" }"""), [layer]));
        Assert.Contains("'conv'", error.Message);
        Assert.Contains("inputSize", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-30)]
    public void Spectral_scaling_keeps_zero_and_tiny_weights_finite(double scale)
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(4, 3);
        var plugin = Fixture.Spectral();
        Fixture.Attach(plugin, [layer]);
        var target = Fixture.Values(layer.State.Get(SpectralNormScaling.TargetState)!).Single();
        using (no_grad()) layer.Weight.mul_(scale);
        plugin.AfterStep([layer]);
        plugin.AfterStep([layer]);
        Assert.All(Fixture.Values(layer.Weight), w => Assert.True(double.IsFinite(w)));
        Assert.Equal(1, Fixture.Sigmas(layer)[0] / target, 4);
    }

    [Fact]
    public void Sigma2_monitor_counts_a_step_whose_sigma2_exceeds_the_target()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(8, 8, Fixture.KnownSpectrum(8, 8, [3, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5], seed: 4));
        var plugin = Fixture.Spectral("""{ "target": 1.0 }""");
        Fixture.Attach(plugin, [layer]);
        plugin.AfterStep([layer]);
        var metrics = plugin.CollectEpochMetrics();
        Assert.Equal(1.0, metrics["spectral-scaling.sigma2_above_target_fraction"]);
        Assert.Equal(2.5, metrics["spectral-scaling.sigma2_over_target_mean"], 4);
    }

    [Fact]
    public void Sigma2_monitor_never_counts_when_sigma2_is_below_the_target()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(8, 6, Fixture.KnownSpectrum(8, 6, [3, 0.9, 0.8, 0.5, 0.2, 0.1], seed: 5));
        var plugin = Fixture.Spectral("""{ "target": 1.0 }""");
        Fixture.Attach(plugin, [layer]);
        for (var step = 0; step < 5; step++) plugin.AfterStep([layer]);
        var metrics = plugin.CollectEpochMetrics();
        Assert.Equal(0.0, metrics["spectral-scaling.sigma2_above_target_fraction"]);
        Assert.InRange(metrics["spectral-scaling.sigma2_over_target_mean"], 0, 0.9 + 1e-4);
        Assert.Empty(plugin.CollectEpochMetrics());
    }

    [Fact]
    public void Faithful_mode_runs_exactly_max_iterations_and_reports_their_mean()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(5, 4);
        var plugin = Fixture.Spectral("""{ "mode": "faithful", "maxIterations": 37, "monitorSigma2": false }""");
        Fixture.Attach(plugin, [layer]);
        plugin.AfterStep([layer]);
        plugin.AfterStep([layer]);
        var metrics = plugin.CollectEpochMetrics();
        Assert.Equal(37, metrics["spectral-scaling.pi_iterations_mean"]);
        Assert.False(metrics.ContainsKey("spectral-scaling.pi_converged_fraction"));
        Assert.False(metrics.ContainsKey("spectral-scaling.sigma2_above_target_fraction"));
    }

    private static void AssertSpectrum(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= relative * expected[0],
                $"σ{i + 1} = {actual[i]:R}, expected {expected[i]:R} (all: {string.Join(", ", actual.Select(a => a.ToString("G6")))})");
    }
}
