using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RegBench.Regularizers.FrobeniusScaling;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Scaling.Tests;

/// <summary>frobenius-scaling: W ← W·‖W₀‖F/‖W‖F.</summary>
public sealed class FrobeniusScalingTests
{
    [Fact]
    public void Frobenius_scaling_equals_the_formula_computed_independently()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(4, 7);
        var plugin = Fixture.Frobenius();
        Fixture.Attach(plugin, [layer]);
        var initial = layer.Weight.detach().to_type(ScalarType.Float64).clone();
        using (no_grad()) layer.Weight.mul_(2.5).add_(0.1);
        var moved = layer.Weight.detach().to_type(ScalarType.Float64).clone();

        plugin.AfterStep([layer]);

        var expected = moved / moved.pow(2).sum().sqrt() * initial.pow(2).sum().sqrt();
        Assert.True(allclose(layer.Weight.to_type(ScalarType.Float64), expected, rtol: 1e-5, atol: 1e-7));
    }

    [Theory]
    [InlineData(6, 6)]
    [InlineData(10, 4)]
    [InlineData(3, 12)]
    public void Frobenius_scaling_captures_the_scaled_orthogonal_init_norm(int rows, int cols)
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(rows, cols);
        using var generator = new Generator(3, CPU);
        OrthogonalInit.ScaledOrthogonal_(layer.Weight, generator);
        Fixture.Attach(Fixture.Frobenius(), [layer]);
        var target = Fixture.Values(layer.State.Get(FrobeniusNormScaling.TargetState)!).Single();
        Assert.Equal(Math.Sqrt(Math.Min(rows, cols) * (double)rows / cols), target, 5);
    }

    [Fact]
    public void Frobenius_scaling_uses_an_explicit_target_instead_of_the_initial_norm()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(5, 5);
        var plugin = Fixture.Frobenius("""{ "target": 3.0 }""");
        Fixture.Attach(plugin, [layer]);
        plugin.AfterStep([layer]);
        Assert.Equal(3.0, Fixture.Values(linalg.vector_norm(layer.Weight)).Single(), 5);
    }

    [Fact]
    public void Frobenius_scaling_leaves_a_zero_weight_zero_without_nan()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(3, 4);
        var plugin = Fixture.Frobenius();
        Fixture.Attach(plugin, [layer]);
        using (no_grad()) layer.Weight.zero_();
        plugin.AfterStep([layer]);
        Assert.All(Fixture.Values(layer.Weight), w => Assert.Equal(0, w));
    }

    [Fact]
    public void Frobenius_scaling_brings_tiny_weights_back_to_the_target()
    {
        using var scope = NewDisposeScope();
        var (_, layer) = Fixture.Linear(6, 5);
        var plugin = Fixture.Frobenius();
        Fixture.Attach(plugin, [layer]);
        var target = Fixture.Values(layer.State.Get(FrobeniusNormScaling.TargetState)!).Single();
        using (no_grad()) layer.Weight.mul_(1e-15);
        plugin.AfterStep([layer]);
        Assert.All(Fixture.Values(layer.Weight), w => Assert.True(double.IsFinite(w)));
        Assert.Equal(1, Fixture.Values(linalg.vector_norm(layer.Weight)).Single() / target, 5);
    }

    [Property(Replay = "(20250511,1)", MaxTest = 25)]
    public Property Frobenius_norm_equals_the_target_within_1e_5_after_every_step() =>
        Prop.ForAll(Arb.From(
            from rows in Gen.Choose(1, 24)
            from cols in Gen.Choose(1, 24)
            from conv in Gen.Elements(false, true)
            from explicitTarget in Gen.Elements(0.0, 0.5, 4.0)
            from seed in Gen.Choose(0, 100_000)
            select (rows, cols, conv, explicitTarget, seed)), c =>
        {
            using var scope = NewDisposeScope();
            var (module, layer) = c.conv ? Fixture.Conv(c.rows, c.cols, 2) : Fixture.Linear(c.rows, c.cols);
            var plugin = Fixture.Frobenius(c.explicitTarget > 0 ? $$"""{ "target": {{c.explicitTarget}} }""" : "{}");
            Fixture.Attach(plugin, [layer]);
            var target = Fixture.Values(layer.State.Get(FrobeniusNormScaling.TargetState)!).Single();
            using var generator = new Generator((ulong)c.seed, CPU);
            for (var step = 0; step < 5; step++)
            {
                using var stepScope = NewDisposeScope();
                using (no_grad()) layer.Weight.add_(randn(layer.Weight.shape, generator: generator) * Math.Pow(10, step - 2));
                plugin.AfterStep([layer]);
                var norm = Fixture.Values(linalg.vector_norm(layer.Weight.to_type(ScalarType.Float64))).Single();
                Assert.True(Math.Abs(norm / target - 1) <= 1e-5, $"{c}: step {step}: ‖W‖F = {norm:R}, target {target:R}");
            }
        });
}
