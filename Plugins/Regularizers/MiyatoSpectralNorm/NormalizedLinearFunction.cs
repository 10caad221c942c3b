using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.MiyatoSpectralNorm;

/// <summary>
/// y = x(W/σ)ᵀ + b as one autograd node, for a float32 Linear layer on the CPU: σ = uᵀWv of the power step's u, v
/// (constants), 1/σ folded into the matrix products' (float32) alpha, and the gradient through σ added to the weight
/// gradient as one rank-one update: ∂L/∂W = G/σ − (⟨G/σ, W⟩/σ)·uvᵀ with G = gᵀx. Autograd of F.linear(x, W/σ) needs
/// W/σ, its backward (G/σ, ⟨G, W⟩), σ's own mat-vec and the outer product uvᵀ with its accumulation: four to five more
/// passes over W per step.
/// First-order only (no create_graph).
/// </summary>
internal sealed class NormalizedLinearFunction : autograd.SingleTensorFunction<NormalizedLinearFunction>
{
    /// <inheritdoc />
    public override string Name => "MiyatoNormalizedLinear";

    /// <summary>
    /// Applies the layer: <paramref name="u"/> and <paramref name="v"/> must be snapshots (the next forward's power step
    /// updates the layer's own in place), <paramref name="sigma"/> = uᵀWv before the floor <paramref name="eps"/>.
    /// </summary>
    public static Tensor Apply(Tensor input, Tensor weight, Tensor? bias, Tensor u, Tensor v, double sigma, double eps) =>
        apply(input, weight, bias, u, v, sigma, eps);

    /// <inheritdoc />
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, w, b, u, v) = ((Tensor)vars[0], (Tensor)vars[1], vars[2] as Tensor, (Tensor)vars[3], (Tensor)vars[4]);
        double sigma = (double)vars[5], eps = (double)vars[6];
        ctx.save_for_backward([x, w, u, v]);
        ctx.save_data("sigma", sigma);
        ctx.save_data("eps", eps);
        ctx.save_data("inputNeedsGrad", x.requires_grad);
        ctx.save_data("hasBias", b is not null);
        double scale = 1 / Math.Max(sigma, eps);
        using var x2 = x.reshape(-1, w.shape[1]);
        using var wt = w.t();
        // addmm(b, x, Wᵀ, β, α) = β·b + α·xWᵀ; with β = 0 the input is not read (a one-element placeholder)
        using var placeholder = b is null ? zeros(1, w.dtype, w.device) : null;
        using var y = b is null ? addmm(placeholder!, x2, wt, beta: 0, alpha: (float)scale) : addmm(b, x2, wt, beta: 1, alpha: (float)scale);
        return y.reshape([.. x.shape[..^1], w.shape[0]]);
    }

    /// <inheritdoc />
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        var (x, w, u, v) = (saved[0], saved[1], saved[2], saved[3]);
        double sigma = (double)ctx.get_data("sigma"), eps = (double)ctx.get_data("eps");
        double scale = 1 / Math.Max(sigma, eps);
        using var g = gradOutput.reshape(-1, w.shape[0]);
        using var x2 = x.reshape(-1, w.shape[1]);
        using var placeholder = zeros(1, w.dtype, w.device);
        using var gt = g.t();
        var gradWeight = addmm(placeholder, gt, x2, beta: 0, alpha: (float)scale); // G/σ
        if (sigma >= eps) // clamp_min(σ, eps) passes no gradient to σ below the floor
        {
            // ∂L/∂σ = −⟨g, xWᵀ⟩/σ² = −⟨G/σ, W⟩/σ; σ = uᵀWv gives ∂σ/∂W = uvᵀ
            using var flatGrad = gradWeight.view(-1);
            using var flatWeight = w.view(-1);
            using var dot = flatGrad.dot(flatWeight);
            using var coefficient = dot.mul(-scale);
            using var scaledU = u.mul(coefficient);
            gradWeight.addr_(scaledU, v);
        }
        Tensor? gradInput = null;
        if ((bool)ctx.get_data("inputNeedsGrad"))
        {
            using var gradInput2 = addmm(placeholder, g, w, beta: 0, alpha: (float)scale);
            gradInput = gradInput2.reshape(x.shape);
        }
        Tensor? gradBias = (bool)ctx.get_data("hasBias") ? g.sum([0L]) : null;
        foreach (var tensor in saved) tensor.Dispose();
        return [gradInput!, gradWeight, gradBias!, null!, null!, null!, null!];
    }
}
