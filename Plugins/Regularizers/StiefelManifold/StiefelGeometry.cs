using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.StiefelManifold;

/// <summary>
/// The Stiefel manifold St(n, p) = {F ∈ ℝⁿˣᵖ : FᵀF = I}, n ≥ p, with the metric of the embedding: tangent projection,
/// the QR and Cayley retractions, and the orthogonality error. A frame is an n×p matrix with (nearly) orthonormal columns;
/// results are new tensors of the dtype given (retractions: float64) and inputs are never modified.
/// </summary>
public static class StiefelGeometry
{
    /// <summary>P_F(Z) = Z − F·sym(FᵀZ): the tangent part of an ambient Z at F (Edelman, Arias &amp; Smith 1998, eq. 2.4).</summary>
    public static Tensor Project(Tensor frame, Tensor ambient)
    {
        using var scope = NewDisposeScope();
        return ambient.sub(frame.mm(Symmetric(frame.t().mm(ambient)))).MoveToOuterDisposeScope();
    }

    /// <summary>‖FᵀF − I‖F in float64: how far the frame is from the manifold.</summary>
    public static Tensor OrthogonalityError(Tensor frame)
    {
        using var scope = NewDisposeScope();
        var f = frame.to_type(ScalarType.Float64);
        return linalg.matrix_norm(f.t().mm(f) - eye(f.shape[1], dtype: ScalarType.Float64, device: f.device)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// R_F(ξ) = qf(F + ξ), the Q factor of F + ξ with positive diagonal R, by Cholesky QR in float64: Q = Y·R⁻¹ with
    /// RᵀR = YᵀY. For F on the manifold and ξ tangent, σ_min(F + ξ) ≥ 1 and κ ≤ 1 + ‖ξ‖₂, so one pass is exact to
    /// float64 rounding; the Gram is of Y itself, so a frame slightly off the manifold lands on it too.
    /// </summary>
    public static Tensor RetractQr(Tensor frame, Tensor tangent)
    {
        using var scope = NewDisposeScope();
        var y = frame.to_type(ScalarType.Float64) + tangent.to_type(ScalarType.Float64);
        return Orthonormalize(y, y.t().mm(y)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The Cayley retraction (Wen &amp; Yin 2013; Li, Fuxin &amp; Todorovic 2020) in float64: R_F(ξ) = (I − W/2)⁻¹(I + W/2)F
    /// with W = A Fᵀ − F Aᵀ skew and A = ξ − F(Fᵀξ)/2, so W F = P_F(ξ). By Woodbury with U = [A, F], V = [F, −A]:
    /// R = F + U (I − VᵀU/2)⁻¹ VᵀF, a 2p×2p solve instead of an n×n one. F is first re-orthonormalized (Cholesky QR):
    /// the transform is orthogonal, so it would otherwise carry F's distance from the manifold along.
    /// </summary>
    public static Tensor RetractCayley(Tensor frame, Tensor tangent)
    {
        using var scope = NewDisposeScope();
        var f64 = frame.to_type(ScalarType.Float64);
        var f = Orthonormalize(f64, f64.t().mm(f64));
        var xi = tangent.to_type(ScalarType.Float64);
        var p = f.shape[1];
        var omega = f.t().mm(xi);
        var a = xi - f.mm(omega) / 2;
        var identity = eye(p, dtype: ScalarType.Float64, device: f.device);
        // VᵀU = [[FᵀA, FᵀF], [−AᵀA, −AᵀF]] with FᵀA = Ω/2; VᵀF = [I; −AᵀF]
        var vtU = cat([cat([omega / 2, identity], 1), cat([-a.t().mm(a), -omega.t() / 2], 1)], 0);
        var vtF = cat([identity, -omega.t() / 2], 0);
        var c = linalg.solve(eye(2 * p, dtype: ScalarType.Float64, device: f.device) - vtU / 2, vtF);
        return (f + a.mm(c.narrow(0, 0, p)) + f.mm(c.narrow(0, p, p))).MoveToOuterDisposeScope();
    }

    /// <summary>sym(A) = (A + Aᵀ)/2.</summary>
    public static Tensor Symmetric(Tensor square) => (square + square.t()).div_(2);

    /// <summary>Y·R⁻¹ with RᵀR = <paramref name="gram"/> (= YᵀY): the Q factor of Y (Cholesky QR).</summary>
    private static Tensor Orthonormalize(Tensor y, Tensor gram)
    {
        var lower = linalg.cholesky(gram);
        // Q = Y·L⁻ᵀ as (L⁻¹·Yᵀ)ᵀ: a left solve, which oneMKL runs 1.3–4× faster than the right one (docs/regularizers.md)
        return linalg.solve_triangular(lower, y.t(), upper: false, left: true).t();
    }
}
