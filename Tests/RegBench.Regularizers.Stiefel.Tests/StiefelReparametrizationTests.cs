using RegBench.Abstractions;
using RegBench.Layers;
using RegBench.Regularizers.StiefelManifold;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Stiefel.Tests;

/// <summary>The plugin trained by the engine: W = diag(λ)·X, X on the manifold after every step, λ as the spectrum mode says.</summary>
public sealed class StiefelReparametrizationTests
{
    public static TheoryData<string> Shapes => ["mlp", "mlp-tall", "conv-wide", "conv-tall"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Singular_values_of_the_layer_equal_abs_lambda_after_training(string shape)
    {
        using var net = Build(shape, new StiefelOptions());
        net.Attach();
        for (var i = 0; i < 20; i++) net.Step();
        foreach (var factor in net.Plugin.Factors)
        {
            using var scope = NewDisposeScope();
            var weight = factor.Layer.EffectiveWeight!();
            var sigma = linalg.svdvals(factor.Layer.AsMatrix(weight).to_type(ScalarType.Float64));
            var lambda = factor.Spectrum.Values().detach().to_type(ScalarType.Float64).abs().sort(descending: true).Values;
            var relative = ((sigma - lambda).abs() / lambda).max().item<double>();
            Assert.True(relative <= 1e-5, $"{shape}, layer '{factor.Layer.Name}': σ(W) differs from |λ| by {relative:E3} relative");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void X_stays_on_the_manifold_after_every_step_of_training(string shape)
    {
        foreach (var retraction in new[] { StiefelRetraction.Qr, StiefelRetraction.Cayley })
        {
            using var net = Build(shape, new StiefelOptions { Retraction = retraction }, lr: 1e-2);
            net.Attach();
            var moved = net.Plugin.Factors.Select(f => f.Layer.Weight.detach().clone()).ToList();
            for (var i = 0; i < 40; i++)
            {
                net.Step();
                foreach (var factor in net.Plugin.Factors)
                {
                    var error = factor.OrthogonalityError().item<double>();
                    Assert.True(error <= 1e-5, $"{shape}, {retraction}, step {i + 1}, layer '{factor.Layer.Name}': ‖XXᵀ − I‖F = {error:E3}");
                }
            }
            var reported = net.Plugin.CollectEpochMetrics()[StiefelReparametrization.OrthogonalityErrorMetric];
            Assert.InRange(reported, 0, 1e-5);
            foreach (var (factor, before) in net.Plugin.Factors.Zip(moved))
                Assert.True((factor.Layer.Weight - before).abs().max().item<float>() > 1e-4, $"{shape}, {retraction}: layer '{factor.Layer.Name}' did not train");
        }
    }

    [Fact]
    public void Reported_orthogonality_error_is_the_largest_of_every_X_a_step_left()
    {
        using var net = Build("mlp", new StiefelOptions(), lr: 1e-2);
        net.Attach();
        var worst = net.Plugin.Factors.Max(f => f.OrthogonalityError().item<double>());
        for (var i = 0; i < 15; i++)
        {
            net.Step();
            worst = Math.Max(worst, net.Plugin.Factors.Max(f => f.OrthogonalityError().item<double>()));
        }
        // each step checks the X it starts from (the previous step's), the collection checks the last one
        Assert.Equal(worst, net.Plugin.CollectEpochMetrics()[StiefelReparametrization.OrthogonalityErrorMetric], 15);
        Assert.True(worst > 0, "a float32 X is never exactly on the manifold, so a reported 0 would mean nothing was measured");
    }

    [Fact]
    public void Closest_profile_keeps_a_scaled_orthogonal_initial_weight_exactly()
    {
        using var net = StiefelNet.Mlp(new StiefelOptions { InitialSpectrum = InitialSpectrum.Closest }, 1, [12, 6, 3]);
        var initial = new List<Tensor>();
        using (no_grad())
            foreach (var layer in net.Layers)
            {
                Spectral.OrthogonalInit.ScaledOrthogonal_(layer.Weight, new Generator(5, CPU), false);
                initial.Add(layer.Weight.detach().clone());
            }
        net.Attach();
        foreach (var (layer, w0) in net.Layers.Zip(initial))
        {
            var difference = (layer.EffectiveWeight!() - w0).abs().max().item<float>();
            Assert.True(difference <= 1e-6, $"layer '{layer.Name}': diag(λ)·X differs from the scaled orthogonal W₀ by {difference:E3}");
        }
    }

    [Fact]
    public void Closest_profile_makes_diag_lambda_X_the_nearest_such_matrix_to_the_initial_weight()
    {
        using var net = StiefelNet.Mlp(new StiefelOptions { InitialSpectrum = InitialSpectrum.Closest }, 2, [9, 5, 3]);
        var initial = net.Layers.Select(l => l.Weight.detach().clone()).ToList();
        net.Attach();
        foreach (var (factor, w0) in net.Plugin.Factors.Zip(initial))
        {
            using var noGrad = no_grad();
            var x = factor.Layer.Weight.to_type(ScalarType.Float64);
            var w = w0.to_type(ScalarType.Float64);
            var polar = linalg.svd(w, fullMatrices: false) is var (u, _, vh) ? u.mm(vh) : null!;
            Assert.True((x - polar).abs().max().item<double>() <= 1e-6, $"layer '{factor.Layer.Name}': X is not the polar factor of W₀");
            // λᵢ = ⟨W₀ row i, X row i⟩ minimizes ‖W₀ − diag(λ)X‖F row by row
            var expected = w.mul(x).sum(dim: 1);
            Assert.True((factor.Spectrum.Values().to_type(ScalarType.Float64) - expected).abs().max().item<double>() <= 1e-6);
        }
    }

    [Fact]
    public void Fixed_spectrum_at_sigma_max_keeps_every_singular_value_at_the_initial_spectral_norm()
    {
        using var net = StiefelNet.Mlp(new StiefelOptions { Spectrum = StiefelSpectrum.Fixed, InitialSpectrum = InitialSpectrum.SigmaMax }, 3, [10, 6, 4], lr: 1e-2);
        var sigma0 = net.Layers.Select(l => linalg.svdvals(l.Weight.detach().to_type(ScalarType.Float64)).max().item<double>()).ToList();
        net.Attach();
        for (var i = 0; i < 15; i++) net.Step();
        foreach (var (layer, s0) in net.Layers.Zip(sigma0))
        {
            var sigma = linalg.svdvals(layer.EffectiveWeight!().to_type(ScalarType.Float64));
            var spread = (sigma - s0).abs().max().item<double>() / s0;
            Assert.True(spread <= 1e-5, $"layer '{layer.Name}': singular values moved from σ₁(W₀) = {s0} by {spread:E3} relative");
            Assert.NotNull(layer.State.Get(LayerSpectrum.FixedState));
        }
        Assert.DoesNotContain(net.Model.named_parameters(), p => p.name.EndsWith("lambda") || p.name.EndsWith("theta"));
    }

    [Fact]
    public void Bounded_spectrum_stays_inside_its_range_under_a_large_learning_rate()
    {
        using var net = StiefelNet.Mlp(new StiefelOptions { Spectrum = StiefelSpectrum.Bounded, LambdaMin = 0.5, LambdaMax = 0.8 }, 4, [10, 6, 4], lr: 0.5);
        net.Attach();
        for (var i = 0; i < 15; i++) net.Step();
        foreach (var factor in net.Plugin.Factors)
        {
            var lambda = factor.Spectrum.Values().detach();
            Assert.InRange(lambda.min().item<float>(), 0.5f, 0.8f);
            Assert.InRange(lambda.max().item<float>(), 0.5f, 0.8f);
        }
    }

    [Fact]
    public void Learned_spectrum_is_clipped_to_its_bounds_after_each_step()
    {
        using var net = StiefelNet.Mlp(new StiefelOptions { LambdaMin = 0.2, LambdaMax = 0.3 }, 5, [10, 6, 4], lr: 0.5);
        net.Attach();
        for (var i = 0; i < 5; i++)
        {
            net.Step();
            foreach (var factor in net.Plugin.Factors)
            {
                Assert.InRange(factor.Spectrum.Parameter!.min().item<float>(), 0.2f, 0.3f);
                Assert.InRange(factor.Spectrum.Parameter!.max().item<float>(), 0.2f, 0.3f);
            }
        }
    }

    [Fact]
    public void Excluding_the_last_layer_leaves_it_to_the_engine_optimizer_as_a_plain_layer()
    {
        using var net = StiefelNet.Mlp(new StiefelOptions { Exclude = ["last"] }, 6, [8, 5, 3]);
        var owned = net.Plugin.OwnedParameters(net.Layers);
        net.Attach();
        var last = net.Layers[^1];
        var before = last.Weight.detach().clone();
        net.Step();
        Assert.Single(owned);
        Assert.Same(net.Layers[0].Weight, owned[0]);
        Assert.Null(last.EffectiveWeight);
        Assert.Equal(0, last.State.Count);
        Assert.True((last.Weight - before).abs().max().item<float>() > 0, "the engine's optimizer did not train the excluded layer");
    }

    [Fact]
    public void A_resumed_layer_without_its_state_is_an_error_naming_the_layer()
    {
        using var net = StiefelNet.Mlp(new StiefelOptions(), 7, [6, 4, 3]);
        var error = Assert.Throws<InvalidOperationException>(() =>
            net.Plugin.Attach(new RegularizationContext(net.Layers, Resumed: true, Seed: 0)));
        Assert.Contains("'fc1'", error.Message);
    }

    [Theory]
    [InlineData(StiefelRetraction.Qr)]
    [InlineData(StiefelRetraction.Cayley)]
    public void A_training_loop_with_epoch_metrics_keeps_the_live_tensor_count_flat(StiefelRetraction retraction)
    {
        using var net = Build("conv-wide", new StiefelOptions { Retraction = retraction });
        net.Attach();
        long live = 0;
        for (var step = 0; step < 60; step++)
        {
            net.Step();
            if (step % 20 == 19) net.Plugin.CollectEpochMetrics();
            if (step == 9) live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Attach_twice_is_an_error()
    {
        using var net = StiefelNet.Mlp(new StiefelOptions(), 8, [6, 4, 3]);
        net.Attach();
        Assert.Throws<InvalidOperationException>(net.Attach);
    }

    private static StiefelNet Build(string shape, StiefelOptions options, double lr = 1e-3) => shape switch
    {
        "mlp" => StiefelNet.Mlp(options, 11, [20, 12, 12, 4], lr),       // rows orthonormal (out ≤ in) in every layer
        "mlp-tall" => StiefelNet.Mlp(options, 12, [3, 9, 4], lr),       // fc1 9×3: columns orthonormal
        "conv-wide" => StiefelNet.ConvNet(options, 13, 2, 4, 3, lr),    // conv 4 × 18
        _ => StiefelNet.ConvNet(options, 14, 2, 5, 1, lr),              // conv 5 × 2: columns orthonormal
    };
}
