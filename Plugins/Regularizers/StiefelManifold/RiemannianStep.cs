using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.StiefelManifold;

/// <summary>
/// One optimizer step of a layer's Stiefel factor X, its state in the layer's <see cref="LayerState"/> (so checkpoints carry it).
/// Adam (Bécigneul &amp; Ganea 2019; Li, Fuxin &amp; Todorovic 2020, Algorithm 2): m ← P_X(β₁m + (1 − β₁)G) (the projection
/// transports the previous moment to X's tangent space and projects the gradient in one product),
/// v ← β₂v + (1 − β₂)·mean(G²), X ← R_X(−lr·m̂/(√v̂ + ε)). SGD: m ← P_X(μm + G), X ← R_X(−lr·m).
/// </summary>
/// <remarks>
/// v is one scalar per layer, as in both papers (the manifold is one component of the product), but the mean rather than the
/// sum of the squared entries, so that lr keeps the meaning it has for the engine's Adam: an RMS step of about lr per entry.
/// Precision: only FᵀF is formed in float64 (the orthogonality check of the X the step starts from, and the base of the
/// retraction's Gram); the projection, the Gram's c-scaled terms and the triangular solve run in the weight's dtype, so a
/// float32 X lands within its own rounding of the manifold (‖XᵀX − I‖F ≈ 1e-6, checked in float64 at the next step).
/// </remarks>
public sealed class RiemannianStep(StiefelOptions options)
{
    /// <summary>Layer-state name of the first moment / momentum, shaped like the weight (tangent at X after each step).</summary>
    public const string MomentumState = StiefelReparametrization.Name + ".momentum";

    /// <summary>Layer-state name of Adam's second moment v (0-d float64).</summary>
    public const string SecondMomentState = StiefelReparametrization.Name + ".second_moment";

    /// <summary>Layer-state name of the number of steps taken (0-d int64 on the weight's device; Adam's bias corrections, one host read per step).</summary>
    public const string StepsState = StiefelReparametrization.Name + ".steps";

    private bool UsesMomentum => options.Optimizer == RiemannianOptimizer.Adam || options.Momentum > 0;

    /// <summary>True when the layer state holds what this optimizer needs, shaped for <paramref name="factor"/>.</summary>
    public bool HasState(StiefelFactor factor)
    {
        var state = factor.Layer.State;
        return state.Get(StepsState) is not null
               && (!UsesMomentum || state.Get(MomentumState) is { } m && m.shape.SequenceEqual(factor.Layer.Weight.shape))
               && (options.Optimizer != RiemannianOptimizer.Adam || state.Get(SecondMomentState) is not null);
    }

    /// <summary>A fresh state: zero moments, no steps.</summary>
    public void Initialize(StiefelFactor factor)
    {
        var (state, weight) = (factor.Layer.State, factor.Layer.Weight);
        state.Set(StepsState, zeros([], ScalarType.Int64, weight.device));
        if (UsesMomentum) state.Set(MomentumState, zeros_like(weight));
        if (options.Optimizer == RiemannianOptimizer.Adam) state.Set(SecondMomentState, zeros([], ScalarType.Float64, weight.device));
    }

    /// <summary>Removes this optimizer's entries from a layer state.</summary>
    public static void Forget(LayerState state)
    {
        state.Remove(MomentumState);
        state.Remove(SecondMomentState);
        state.Remove(StepsState);
    }

    /// <summary>
    /// One step of X from its gradient with learning rate <paramref name="learningRate"/>·lrScale; X is written in place.
    /// Returns ‖FᵀF − I‖F (0-d float64) of the X the step started from, i.e. the previous step's result: its float64 Gram
    /// is both that check and the base of this step's QR retraction.
    /// </summary>
    public Tensor Step(StiefelFactor factor, Tensor gradient, double learningRate)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (layer, state) = (factor.Layer, factor.Layer.State);
        var steps = state.Get(StepsState)!.add_(1).item<long>(); // on the weight's device (restored there too): free on the CPU, one sync per layer-step on a GPU
        var frame = factor.FrameOf(layer.Weight);
        var g = factor.FrameOf(gradient);
        var rate = learningRate * options.LrScale;
        var frame64 = frame.to_type(ScalarType.Float64);
        var gram = frame64.t().mm(frame64);
        var drift = gram - eye(gram.shape[0], dtype: ScalarType.Float64, device: gram.device); // E = FᵀF − I
        var error = linalg.matrix_norm(drift);
        Tensor moment, scale;
        if (options.Optimizer == RiemannianOptimizer.Adam)
        {
            moment = factor.FrameOf(state.Get(MomentumState)!).mul_(options.Beta1).add_(g, alpha: 1 - options.Beta1);
            var v = state.Get(SecondMomentState)!.mul_(options.Beta2).add_(g.square().mean().to_type(ScalarType.Float64), alpha: 1 - options.Beta2);
            double correction1 = 1 - Math.Pow(options.Beta1, steps), correction2 = 1 - Math.Pow(options.Beta2, steps);
            // ξ = −lr·m̂/(√v̂ + ε), m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)
            scale = v.div(correction2).sqrt_().add_(options.Epsilon).reciprocal_().mul_(-rate / correction1);
        }
        else
        {
            moment = options.Momentum > 0 ? factor.FrameOf(state.Get(MomentumState)!).mul_(options.Momentum).add_(g) : g.clone();
            scale = tensor(-rate, ScalarType.Float64, layer.Weight.device);
        }
        // m ← P_F(Z) = Z − F·sym(FᵀZ), in place (for Adam/momentum: the moment in the layer state)
        var projection = frame.t().mm(moment).to_type(ScalarType.Float64);
        var symmetric = StiefelGeometry.Symmetric(projection).to_type(frame.dtype);
        moment.addmm_(frame, symmetric, beta: 1, alpha: -1);
        if (options.Retraction == StiefelRetraction.Cayley)
        {
            var tangent = moment.to_type(ScalarType.Float64).mul(scale); // not mul_: to_type aliases a float64 moment
            frame.copy_(StiefelGeometry.RetractCayley(frame, tangent));
        }
        else
        {
            frame.copy_(RetractQr(frame, moment, scale, gram, drift, projection, symmetric));
        }
        return error.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// qf(Y), Y = F + c·m, by Cholesky QR whose Gram is assembled in float64 from p×p pieces rather than formed from Y:
    /// YᵀY = FᵀF + c(Fᵀm + mᵀF) + c²·mᵀm, and with m = Z − F·S, S = sym(FᵀZ) as applied,
    /// Fᵀm + mᵀF = (FᵀZ + ZᵀF − 2S) − (E·S + S·E), E = FᵀF − I (a rounding residue plus a term of the size of X's drift).
    /// Only FᵀF needs float64 (it must resolve E ≈ 1e-6); the other pieces are c-scaled and well inside float32. Then
    /// Q = Y + Y·(R⁻¹ − I) in the weight's dtype, R⁻¹ − I (small) by a float64 triangular solve: the product's rounding is
    /// relative to that small correction, so Q carries little more than the rounding of Y and of storing X.
    /// </summary>
    private static Tensor RetractQr(Tensor frame, Tensor moment, Tensor scale, Tensor gram, Tensor drift, Tensor projection, Tensor symmetric)
    {
        var applied = symmetric.to_type(ScalarType.Float64);
        var driftTimesS = drift.to_type(frame.dtype).mm(symmetric).to_type(ScalarType.Float64);
        var firstOrder = (projection + projection.t() - applied * 2) - (driftTimesS + driftTimesS.t());
        var secondOrder = moment.t().mm(moment).to_type(ScalarType.Float64);
        var gramY = gram + firstOrder * scale + secondOrder * scale.square();
        var upper = linalg.cholesky(gramY).t();
        var identity = eye(upper.shape[0], dtype: ScalarType.Float64, device: upper.device);
        // Q = Y·R⁻¹ = Y + Y·(R⁻¹ − I): R⁻¹ − I is small, so the product's rounding is far below the sum's
        // R⁻¹ by R·X = I (left): the same inverse as X·R = I, and oneMKL's left triangular solve with a p × p right-hand side
        // is 4.5× faster on two threads here (0.43 vs 1.93 ms at p = 256; docs/regularizers.md)
        var correction = linalg.solve_triangular(upper, identity, upper: true, left: true).sub_(identity).to_type(frame.dtype);
        var y = frame + moment * scale.to_type(frame.dtype);
        return y.addmm(y, correction);
    }
}
