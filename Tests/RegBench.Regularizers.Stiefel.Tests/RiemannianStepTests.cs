using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RegBench.Abstractions;
using RegBench.Layers;
using RegBench.Regularizers.StiefelManifold;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace RegBench.Regularizers.Stiefel.Tests;

/// <summary>The optimizer step of X on a float64 layer whose weight is a frame (out ≤ in: orthonormal rows).</summary>
public sealed class RiemannianStepTests
{
    private static readonly Arbitrary<(FrameCase Frame, RiemannianOptimizer Optimizer, StiefelRetraction Retraction)> Cases = Arb.From(
        from frame in FrameCase.Arbitrary.Generator
        from optimizer in Gen.Elements(RiemannianOptimizer.Adam, RiemannianOptimizer.Sgd)
        from retraction in Gen.Elements(StiefelRetraction.Qr, StiefelRetraction.Cayley)
        select (frame, optimizer, retraction));

    [Property(Replay = "(20261211,1)", MaxTest = 60)]
    public Property A_step_with_zero_gradient_leaves_X_unchanged() =>
        Prop.ForAll(Cases, c =>
        {
            using var scope = NewDisposeScope();
            var options = new StiefelOptions { Optimizer = c.Optimizer, Retraction = c.Retraction };
            var (factor, step) = Start(c.Frame, options);
            var before = factor.Layer.Weight.detach().clone();
            step.Step(factor, zeros_like(factor.Layer.Weight), learningRate: 0.1);
            var change = (factor.Layer.Weight - before).abs().max().item<double>();
            Assert.True(change <= 1e-13, $"{c}: X moved by {change:E3} on a zero gradient");
        });

    [Property(Replay = "(20261212,1)", MaxTest = 40)]
    public Property Every_step_keeps_X_on_the_manifold_and_the_moment_tangent_at_the_point_it_was_projected() =>
        Prop.ForAll(Cases, c =>
        {
            using var scope = NewDisposeScope();
            var options = new StiefelOptions { Optimizer = c.Optimizer, Retraction = c.Retraction };
            var (factor, step) = Start(c.Frame, options);
            for (var i = 0; i < 3; i++)
            {
                var frameBefore = factor.FrameOf(factor.Layer.Weight).clone();
                step.Step(factor, factor.Layer.AsMatrix(c.Frame.Ambient(i + 1).t()).mul(c.Frame.StepNorm), learningRate: 0.05);
                var error = factor.OrthogonalityError().item<double>();
                Assert.True(error <= 1e-10, $"{c}, step {i + 1}: ‖XXᵀ − I‖F = {error:E3}");
                if (factor.Layer.State.Get(RiemannianStep.MomentumState) is { } momentum)
                {
                    var omega = frameBefore.t().mm(factor.FrameOf(momentum));
                    var asymmetry = (omega + omega.t()).norm().item<double>();
                    Assert.True(asymmetry <= 1e-9 * (1 + momentum.norm().item<double>()), $"{c}, step {i + 1}: the moment is not tangent ({asymmetry:E3})");
                }
            }
        });

    [Fact]
    public void First_adam_step_is_the_retraction_of_minus_lr_times_the_normalized_projected_gradient()
    {
        using var scope = NewDisposeScope();
        var c = new FrameCase(7, 3, 1.0, 3);
        var (factor, step) = Start(c, new StiefelOptions());
        var frame = factor.FrameOf(factor.Layer.Weight).clone();
        var gradient = c.Ambient().mul(0.3);
        step.Step(factor, factor.Layer.AsMatrix(gradient.t()), learningRate: 0.01);
        // m̂ = P(G) and v̂ = mean(G²) after one step (bias corrections), ξ = −lr·m̂/(√v̂ + ε)
        var expected = StiefelGeometry.RetractQr(frame, StiefelGeometry.Project(frame, gradient) * (-0.01 / (gradient.square().mean().sqrt().item<double>() + 1e-8)));
        var change = (factor.FrameOf(factor.Layer.Weight) - expected).abs().max().item<double>();
        Assert.True(change <= 1e-12, $"first Adam step differs from the formula by {change:E3}");
    }

    [Fact]
    public void Sgd_without_momentum_steps_along_the_projected_gradient_and_keeps_no_moment()
    {
        using var scope = NewDisposeScope();
        var c = new FrameCase(6, 4, 1.0, 8);
        var (factor, step) = Start(c, new StiefelOptions { Optimizer = RiemannianOptimizer.Sgd, Momentum = 0, Retraction = StiefelRetraction.Cayley });
        var frame = factor.FrameOf(factor.Layer.Weight).clone();
        var gradient = c.Ambient();
        step.Step(factor, factor.Layer.AsMatrix(gradient.t()), learningRate: 0.2);
        var expected = StiefelGeometry.RetractCayley(frame, StiefelGeometry.Project(frame, gradient) * -0.2);
        Assert.True((factor.FrameOf(factor.Layer.Weight) - expected).abs().max().item<double>() <= 1e-12);
        Assert.Null(factor.Layer.State.Get(RiemannianStep.MomentumState));
    }

    /// <summary>A float64 Linear layer (c.P outputs, c.N inputs) whose weight is the case's frame, transposed, with a fresh optimizer state.</summary>
    private static (StiefelFactor Factor, RiemannianStep Step) Start(FrameCase c, StiefelOptions options)
    {
        var layer = new RegularizedLayer("fc", new Parameter(c.Frame().t().contiguous(), requires_grad: true), LayerKind.Linear);
        var factor = new StiefelFactor(layer, options);
        var step = new RiemannianStep(options);
        step.Initialize(factor);
        return (factor, step);
    }
}
