using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Regularizers.StiefelManifold;

/// <summary>
/// Options of <see cref="StiefelReparametrization"/>. The generated manifest checks the [OptionRange]s, then
/// <see cref="StiefelReparametrization.Validate"/>.
/// </summary>
public sealed record StiefelOptions
{
    /// <summary>How the scales λ (the layer's singular values, up to sign) evolve.</summary>
    [Description("learned: λ trained by the engine's optimizer, clipped to [lambdaMin, lambdaMax] when given; fixed: λ stays at its initial profile; bounded: λ = lambdaMin + (lambdaMax − lambdaMin)·sigmoid(θ), θ trained.")]
    public StiefelSpectrum Spectrum { get; init; } = StiefelSpectrum.Learned;

    /// <summary>The initial λ (the fixed profile under <see cref="StiefelSpectrum.Fixed"/>) when <see cref="Lambda"/> is null.</summary>
    [Description("Initial λ from the layer's initial weight W₀ (the fixed profile under spectrum fixed): closest = diag(XᵀW₀) (diag(λ)·X nearest W₀), sigma-max = every λ at σ₁(W₀), rms = every λ at ‖W₀‖F/√r.")]
    public InitialSpectrum InitialSpectrum { get; init; } = InitialSpectrum.SigmaMax;

    /// <summary>Every λᵢ starts at this value (and stays there under fixed); null uses <see cref="InitialSpectrum"/>.</summary>
    [Description("Every λ starts at this value (fixed: stays there); null = initialSpectrum.")]
    [OptionRange(Minimum = 0, ExclusiveMinimum = true)]
    public double? Lambda { get; init; }

    /// <summary>Lower end of λ: a clip after each step (learned), the range's bottom (bounded).</summary>
    [Description("learned: clip λ to at least this after each step (null = no lower clip); bounded: the range's lower end (required).")]
    [OptionRange(Minimum = 0)]
    public double? LambdaMin { get; init; }

    /// <summary>Upper end of λ: a clip after each step (learned), the range's top (bounded).</summary>
    [Description("learned: clip λ to at most this after each step (null = no upper clip); bounded: the range's upper end (required).")]
    [OptionRange(Minimum = 0, ExclusiveMinimum = true)]
    public double? LambdaMax { get; init; }

    /// <summary>How a step in the tangent space is mapped back onto the manifold.</summary>
    [Description("qr: X ← qf(X + ξ), the Q factor by Cholesky QR in float64; cayley: X ← (I − W/2)⁻¹(I + W/2)X with W = AXᵀ − XAᵀ, A = ξ − X(Xᵀξ)/2 (Wen & Yin), by the Woodbury identity in float64.")]
    public StiefelRetraction Retraction { get; init; } = StiefelRetraction.Qr;

    /// <summary>The Riemannian optimizer of X.</summary>
    [Description("Riemannian optimizer of X: adam (Bécigneul & Ganea 2019 / Li et al. 2020: first moment projected onto the tangent space, one second moment per layer) or sgd (with momentum, projected likewise).")]
    public RiemannianOptimizer Optimizer { get; init; } = RiemannianOptimizer.Adam;

    /// <summary>X's learning rate is this times the engine's (which follows the schedule).</summary>
    [Description("X's learning rate = lrScale × the engine optimizer's learning rate (so it follows the schedule).")]
    [OptionRange(Minimum = 0, ExclusiveMinimum = true)]
    public double LrScale { get; init; } = 1;

    /// <summary>Adam: decay of the first moment.</summary>
    [Description("adam: decay of the first moment (β₁).")]
    [OptionRange(Minimum = 0, Maximum = 1, ExclusiveMaximum = true)]
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam: decay of the second moment.</summary>
    [Description("adam: decay of the second moment (β₂), the mean square of the gradient's entries.")]
    [OptionRange(Minimum = 0, Maximum = 1, ExclusiveMaximum = true)]
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam: added to √v̂ in the step's denominator.</summary>
    [Description("adam: ε added to √v̂.")]
    [OptionRange(Minimum = 0, ExclusiveMinimum = true)]
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>SGD: momentum of the projected direction (0 = plain Riemannian gradient descent).</summary>
    [Description("sgd: momentum μ of the direction m ← P_X(μ·m + ∇f) (0 = plain Riemannian gradient descent).")]
    [OptionRange(Minimum = 0, Maximum = 1, ExclusiveMaximum = true)]
    public double Momentum { get; init; } = 0.9;

    /// <summary>Layers left as they are: "first", "last" or name patterns with '*'.</summary>
    [Description("Layers left as they are (trained by the engine's optimizer): 'first', 'last' or name patterns with '*'.")]
    public IReadOnlyList<string> Exclude { get; init; } = [];
}

/// <summary>How the scales λ of W = diag(λ)·X evolve.</summary>
public enum StiefelSpectrum
{
    /// <summary>λ is a parameter of the model, trained by the engine's optimizer; clipped to the given bounds after each step.</summary>
    Learned,

    /// <summary>λ keeps its initial profile (layer state, not a parameter).</summary>
    Fixed,

    /// <summary>λ = lambdaMin + (lambdaMax − lambdaMin)·sigmoid(θ), θ a parameter trained by the engine's optimizer.</summary>
    Bounded,
}

/// <summary>Where the initial λ comes from (the layer's weight W₀ after the architecture's and the cell's init).</summary>
public enum InitialSpectrum
{
    /// <summary>λᵢ = (XᵀW₀)ᵢᵢ with X the polar factor of W₀: diag(λ)·X is the nearest such matrix to W₀.</summary>
    Closest,

    /// <summary>Every λᵢ = σ₁(W₀), the initial spectral norm.</summary>
    SigmaMax,

    /// <summary>Every λᵢ = ‖W₀‖F/√r, r = min(rows, columns): the Frobenius norm is kept.</summary>
    Rms,
}

/// <summary>The retraction that maps a tangent step back onto the Stiefel manifold.</summary>
public enum StiefelRetraction
{
    /// <summary>qf(X + ξ): the Q factor of the QR decomposition with positive diagonal R (Cholesky QR).</summary>
    Qr,

    /// <summary>The Cayley transform (I − W/2)⁻¹(I + W/2)X (Wen &amp; Yin 2013; Li et al. 2020).</summary>
    Cayley,
}

/// <summary>The optimizer of the Stiefel factor X.</summary>
public enum RiemannianOptimizer
{
    /// <summary>Riemannian Adam: projected first moment, one second moment per layer, bias corrections.</summary>
    Adam,

    /// <summary>Riemannian SGD with projected momentum.</summary>
    Sgd,
}
