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
/// The moment and the projection are in the weight's dtype; the retraction is in float64 from the stored X, so it lands on
/// the manifold to float64 rounding whatever rounding X carries (float32: ‖XᵀX − I‖F ≈ 1e-6, measured every step).
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

    /// <summary>One step of X from its gradient with learning rate <paramref name="learningRate"/>·lrScale; X is written in place.</summary>
    public void Step(StiefelFactor factor, Tensor gradient, double learningRate)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (layer, state) = (factor.Layer, factor.Layer.State);
        var steps = state.Get(StepsState)!.add_(1).item<long>();
        var frame = factor.FrameOf(layer.Weight);
        var g = factor.FrameOf(gradient);
        var rate = learningRate * options.LrScale;
        Tensor direction, scale;
        if (options.Optimizer == RiemannianOptimizer.Adam)
        {
            direction = Transport(frame, factor.FrameOf(state.Get(MomentumState)!).mul_(options.Beta1).add_(g, alpha: 1 - options.Beta1));
            var v = state.Get(SecondMomentState)!.mul_(options.Beta2).add_(g.square().mean().to_type(ScalarType.Float64), alpha: 1 - options.Beta2);
            double correction1 = 1 - Math.Pow(options.Beta1, steps), correction2 = 1 - Math.Pow(options.Beta2, steps);
            // ξ = −lr·m̂/(√v̂ + ε), m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)
            scale = v.div(correction2).sqrt_().add_(options.Epsilon).reciprocal_().mul_(-rate / correction1);
        }
        else
        {
            direction = options.Momentum > 0
                ? Transport(frame, factor.FrameOf(state.Get(MomentumState)!).mul_(options.Momentum).add_(g))
                : StiefelGeometry.Project(frame, g);
            scale = tensor(-rate, ScalarType.Float64, layer.Weight.device);
        }
        var tangent = direction.to_type(ScalarType.Float64).mul(scale); // not mul_: to_type aliases a float64 moment
        frame.copy_(options.Retraction == StiefelRetraction.Qr
            ? StiefelGeometry.RetractQr(frame, tangent)
            : StiefelGeometry.RetractCayley(frame, tangent));
    }

    /// <summary>Projects the moment (a view of the state) onto X's tangent space in place and returns it.</summary>
    private static Tensor Transport(Tensor frame, Tensor moment) =>
        moment.sub_(frame.mm(StiefelGeometry.Symmetric(frame.t().mm(moment))));
}
