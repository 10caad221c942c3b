using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Scaling.Tests;

/// <summary>weight-decay: the gradient of λ/2·‖W‖F², and the decoupled shrink.</summary>
public sealed class WeightDecayTests
{
    [Fact]
    public void Weight_decay_adds_the_autograd_gradient_of_half_lambda_squared_frobenius_norm()
    {
        using var scope = NewDisposeScope();
        const double lambda = 0.3;
        var (module, layer) = Fixture.Linear(5, 4);
        var plugin = Fixture.WeightDecay("""{ "lambda": 0.3 }""");
        Fixture.Attach(plugin, [layer]);
        module.forward(ones(3, 4)).sum().backward();
        var before = layer.Weight.grad!.clone();

        plugin.AfterBackward([layer]);

        var independent = layer.Weight.detach().to_type(ScalarType.Float64).requires_grad_();
        (lambda / 2 * independent.pow(2).sum()).backward();
        var added = layer.Weight.grad!.to_type(ScalarType.Float64) - before.to_type(ScalarType.Float64);
        // The float32 gradient is ≈ 3 before and after, so recovering λW (≈ 0.1) from their difference carries up to
        // ~2 ulp(3) ≈ 5e-7 of rounding: the tolerance is that, not the float64 one.
        Assert.True(allclose(added, independent.grad!, rtol: 1e-6, atol: 1e-6), "grad − grad₀ ≠ ∇(λ/2·‖W‖F²)");
    }

    [Fact]
    public void Coupled_weight_decay_leaves_weights_alone_after_the_step()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(3, 3);
        var plugin = Fixture.WeightDecay();
        Fixture.Attach(plugin, [layer]);
        var before = layer.Weight.detach().clone();
        plugin.AfterStep([layer]);
        Assert.True(Fixture.BitwiseEqual(before, layer.Weight));
    }

    [Fact]
    public void Decoupled_weight_decay_shrinks_weights_by_one_minus_lr_lambda_and_leaves_gradients_alone()
    {
        using var scope = NewDisposeScope();
        var (module, layer) = Fixture.Linear(4, 6);
        var plugin = Fixture.WeightDecay("""{ "lambda": 0.01, "decoupled": true, "lr": 0.5 }""");
        Fixture.Attach(plugin, [layer]);
        module.forward(ones(2, 6)).sum().backward();
        var grad = layer.Weight.grad!.clone();
        var before = layer.Weight.detach().clone();

        plugin.AfterBackward([layer]);
        plugin.AfterStep([layer]);

        Assert.True(Fixture.BitwiseEqual(grad, layer.Weight.grad!), "decoupled mode must not touch the gradient");
        Assert.True(allclose(layer.Weight, before * (1 - 0.5 * 0.01), rtol: 1e-6), "W ≠ W₀·(1 − lr·λ)");
    }

    [Fact]
    public void Decoupled_weight_decay_without_lr_follows_the_optimizer_learning_rate_as_it_changes()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(4, 6);
        var plugin = Fixture.WeightDecay("""{ "lambda": 0.1, "decoupled": true }""");
        var rate = 0.5;
        plugin.Attach(new RegularizationContext([layer], Resumed: false, Seed: 0) { LearningRate = () => rate });
        var before = layer.Weight.detach().clone();

        plugin.AfterStep([layer]);
        rate = 0.2;
        plugin.AfterStep([layer]);

        Assert.True(allclose(layer.Weight, before * (1 - 0.5 * 0.1) * (1 - 0.2 * 0.1), rtol: 1e-6), "W ≠ W₀·(1 − lr₁λ)(1 − lr₂λ)");
    }

    [Fact]
    public void Decoupled_weight_decay_outside_the_engine_without_lr_says_how_to_fix_it()
    {
        var (_, layer) = Fixture.Linear(2, 2);
        var plugin = Fixture.WeightDecay("""{ "decoupled": true }""");
        var error = Assert.Throws<InvalidOperationException>(() => plugin.Attach(new RegularizationContext([layer], false, 0)));
        Assert.Contains("'lr'", error.Message);
    }

    [Fact]
    public void Weight_decay_skips_a_layer_without_gradient()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(3, 2);
        var plugin = Fixture.WeightDecay();
        Fixture.Attach(plugin, [layer]);
        plugin.AfterBackward([layer]);
        Assert.Null(layer.Weight.grad);
    }

    [Fact]
    public void Weight_decay_keeps_zero_weights_zero_and_finite()
    {
        using var scope = NewDisposeScope();
        var (module, layer) = Fixture.Linear(3, 3, zeros(3, 3));
        var plugin = Fixture.WeightDecay("""{ "decoupled": true }""");
        Fixture.Attach(plugin, [layer]);
        plugin.AfterStep([layer]);
        Assert.All(Fixture.Values(layer.Weight), w => Assert.Equal(0, w));
    }

    [Fact]
    public void Weight_decay_before_attach_fails_with_an_actionable_message()
    {
        var (_, layer) = Fixture.Linear(2, 2);
        var error = Assert.Throws<InvalidOperationException>(() => Fixture.WeightDecay().AfterBackward([layer]));
        Assert.Contains("Attach", error.Message);
    }
}
