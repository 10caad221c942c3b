using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RegBench.Regularizers.StiefelManifold;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Stiefel.Tests;

/// <summary>The manifold's tangent projection and retractions on generated frames, tangent vectors and step sizes.</summary>
public sealed class StiefelGeometryProperties
{
    private const double Float64Tolerance = 1e-10;

    [Property(Replay = "(20261201,1)", MaxTest = 60)]
    public Property Qr_retraction_lands_on_the_manifold_from_any_point_and_tangent_step() =>
        Prop.ForAll(FrameCase.Arbitrary, c => AssertOnManifold(c, StiefelGeometry.RetractQr));

    [Property(Replay = "(20261202,1)", MaxTest = 60)]
    public Property Cayley_retraction_lands_on_the_manifold_from_any_point_and_tangent_step() =>
        Prop.ForAll(FrameCase.Arbitrary, c => AssertOnManifold(c, StiefelGeometry.RetractCayley));

    [Property(Replay = "(20261203,1)", MaxTest = 40)]
    public Property Qr_retraction_lands_on_the_manifold_from_a_float32_rounded_point() =>
        Prop.ForAll(FrameCase.Arbitrary, c =>
        {
            using var scope = NewDisposeScope();
            var rounded = c.Frame().to_type(ScalarType.Float32);
            var next = StiefelGeometry.RetractQr(rounded, Tangent(c, rounded.to_type(ScalarType.Float64)));
            var error = StiefelGeometry.OrthogonalityError(next).item<double>();
            Assert.True(error <= Float64Tolerance, $"{c}: ‖RᵀR − I‖F = {error:E3} from a float32 frame");
        });

    [Property(Replay = "(20261204,1)", MaxTest = 60)]
    public Property Tangent_projection_is_idempotent() =>
        Prop.ForAll(FrameCase.Arbitrary, c =>
        {
            using var scope = NewDisposeScope();
            var frame = c.Frame();
            var once = StiefelGeometry.Project(frame, c.Ambient().mul(c.StepNorm));
            var twice = StiefelGeometry.Project(frame, once);
            var change = (twice - once).norm().item<double>();
            Assert.True(change <= Float64Tolerance * (1 + once.norm().item<double>()), $"{c}: ‖P(P(Z)) − P(Z)‖F = {change:E3}");
        });

    [Property(Replay = "(20261205,1)", MaxTest = 60)]
    public Property Tangent_projection_is_orthogonal_its_residual_is_normal_to_every_tangent_vector() =>
        Prop.ForAll(FrameCase.Arbitrary, c =>
        {
            using var scope = NewDisposeScope();
            var frame = c.Frame();
            var z = c.Ambient(1).mul(c.StepNorm);
            var residual = z - StiefelGeometry.Project(frame, z);
            var other = StiefelGeometry.Project(frame, c.Ambient(2));
            var inner = residual.mul(other).sum().item<double>();
            var scale = residual.norm().item<double>() * other.norm().item<double>();
            Assert.True(Math.Abs(inner) <= Float64Tolerance * (1 + scale), $"{c}: ⟨Z − P(Z), T⟩ = {inner:E3} for a tangent T");
        });

    [Property(Replay = "(20261206,1)", MaxTest = 60)]
    public Property Projected_vectors_are_tangent_F_transpose_xi_is_skew() =>
        Prop.ForAll(FrameCase.Arbitrary, c =>
        {
            using var scope = NewDisposeScope();
            var frame = c.Frame();
            var xi = StiefelGeometry.Project(frame, c.Ambient());
            var omega = frame.t().mm(xi);
            var asymmetry = (omega + omega.t()).norm().item<double>();
            Assert.True(asymmetry <= Float64Tolerance * (1 + xi.norm().item<double>()), $"{c}: ‖Fᵀξ + ξᵀF‖F = {asymmetry:E3}");
        });

    [Property(Replay = "(20261207,1)", MaxTest = 40)]
    public Property Both_retractions_follow_the_tangent_to_first_order() =>
        Prop.ForAll(FrameCase.Arbitrary, c =>
        {
            using var scope = NewDisposeScope();
            var frame = c.Frame();
            var xi = StiefelGeometry.Project(frame, c.Ambient());
            xi = xi / xi.norm().clamp_min(1e-300);
            const double t = 1e-4;
            foreach (var (name, retract) in new (string, Func<Tensor, Tensor, Tensor>)[] { ("qr", StiefelGeometry.RetractQr), ("cayley", StiefelGeometry.RetractCayley) })
            {
                // R_F(tξ) = F + tξ + O(t²): the remainder over t² stays bounded (‖ξ‖F = 1)
                var remainder = (retract(frame, xi * t) - frame - xi * t).norm().item<double>();
                Assert.True(remainder <= 2 * t * t, $"{c}, {name}: ‖R(tξ) − F − tξ‖F = {remainder:E3} at t = {t}");
            }
        });

    [Property(Replay = "(20261208,1)", MaxTest = 40)]
    public Property Both_retractions_of_a_zero_step_return_the_frame() =>
        Prop.ForAll(FrameCase.Arbitrary, c =>
        {
            using var scope = NewDisposeScope();
            var frame = c.Frame();
            var zero = zeros_like(frame);
            foreach (var next in new[] { StiefelGeometry.RetractQr(frame, zero), StiefelGeometry.RetractCayley(frame, zero) })
            {
                var change = (next - frame).abs().max().item<double>();
                Assert.True(change <= 1e-13, $"{c}: a zero step moved the frame by {change:E3}");
            }
        });

    [Fact]
    public void Cayley_retraction_equals_the_dense_cayley_transform()
    {
        using var scope = NewDisposeScope();
        var c = new FrameCase(9, 4, 3.0, 11);
        var frame = c.Frame();
        var xi = Tangent(c, frame);
        // W = A Fᵀ − F Aᵀ, A = ξ − F(Fᵀξ)/2; R = (I − W/2)⁻¹(I + W/2) F
        var a = xi - frame.mm(frame.t().mm(xi)) / 2;
        var w = a.mm(frame.t()) - frame.mm(a.t());
        var identity = eye(9, dtype: ScalarType.Float64);
        var dense = linalg.solve(identity - w / 2, (identity + w / 2).mm(frame));
        var change = (StiefelGeometry.RetractCayley(frame, xi) - dense).abs().max().item<double>();
        Assert.True(change <= 1e-12, $"Woodbury form differs from the dense transform by {change:E3}");
    }

    [Fact]
    public void Qr_retraction_equals_the_q_factor_with_positive_diagonal()
    {
        using var scope = NewDisposeScope();
        var c = new FrameCase(10, 3, 0.5, 5);
        var frame = c.Frame();
        var y = frame + Tangent(c, frame);
        var (q, r) = linalg.qr(y);
        var signs = r.diagonal().sign();
        var change = (StiefelGeometry.RetractQr(frame, y - frame) - q * signs.unsqueeze(0)).abs().max().item<double>();
        Assert.True(change <= 1e-12, $"Cholesky QR differs from Householder QR's Q (signs fixed) by {change:E3}");
    }

    private static void AssertOnManifold(FrameCase c, Func<Tensor, Tensor, Tensor> retract)
    {
        using var scope = NewDisposeScope();
        var frame = c.Frame();
        var next = retract(frame, Tangent(c, frame));
        var error = StiefelGeometry.OrthogonalityError(next).item<double>();
        Assert.True(error <= Float64Tolerance && next.isfinite().all().item<bool>(), $"{c}: ‖RᵀR − I‖F = {error:E3}");
    }

    /// <summary>A tangent vector at <paramref name="frame"/> of Frobenius norm c.StepNorm.</summary>
    private static Tensor Tangent(FrameCase c, Tensor frame)
    {
        var xi = StiefelGeometry.Project(frame, c.Ambient());
        return xi * (c.StepNorm / xi.norm().clamp_min(1e-300).item<double>());
    }
}
