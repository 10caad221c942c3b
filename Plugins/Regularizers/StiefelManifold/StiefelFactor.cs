using RegBench.Abstractions;
using RegBench.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.StiefelManifold;

/// <summary>
/// One layer reparametrized as W = diag(λ)·X: the layer's <see cref="RegularizedLayer.Weight"/> is X, with orthonormal rows
/// when its matrix view (out × in·kh·kw) has rows ≤ columns, else orthonormal columns and W = X·diag(λ). Either way the
/// frame (X or Xᵀ, n×p with n ≥ p) has orthonormal columns, W's frame is frame·diag(λ), and W's singular values are |λ|.
/// </summary>
public sealed class StiefelFactor
{
    private readonly long[] scaleShape;

    /// <summary>The factor of <paramref name="layer"/> with <paramref name="options"/>; X is the layer's weight as built until <see cref="Initialize"/>.</summary>
    public StiefelFactor(RegularizedLayer layer, StiefelOptions options)
    {
        Layer = layer;
        RowsOrthonormal = layer.Rows <= layer.Columns;
        var count = Math.Min(layer.Rows, layer.Columns);
        Spectrum = new LayerSpectrum(layer, count, options);
        var shape = layer.Weight.shape;
        scaleShape = RowsOrthonormal
            ? [count, .. Enumerable.Repeat(1L, shape.Length - 1)]
            : [1, .. shape.Skip(1)];
    }

    /// <summary>The layer; its weight is X.</summary>
    public RegularizedLayer Layer { get; }

    /// <summary>True when X has orthonormal rows (W = diag(λ)·X), false for orthonormal columns (W = X·diag(λ)).</summary>
    public bool RowsOrthonormal { get; }

    /// <summary>The scales λ.</summary>
    public LayerSpectrum Spectrum { get; }

    /// <summary>False once the exclude option dropped the layer: it is then an ordinary layer.</summary>
    public bool Enabled { get; private set; } = true;

    /// <summary>The n×p frame view (orthonormal columns) of a tensor shaped like the weight; shares its storage.</summary>
    public Tensor FrameOf(Tensor weightLike)
    {
        var matrix = Layer.AsMatrix(weightLike);
        return RowsOrthonormal ? matrix.t() : matrix;
    }

    /// <summary>W = diag(λ)·X (or X·diag(λ)) shaped like the weight, differentiable in X and λ's parameter.</summary>
    public Tensor EffectiveWeight() => Layer.Weight.mul(Spectrum.Values().view(scaleShape));

    /// <summary>X ← the polar factor of W₀'s frame (the nearest frame), λ ← the chosen initial profile of W₀ (float64 SVD).</summary>
    public void Initialize(StiefelOptions options)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var frame = FrameOf(Layer.Weight);
        var (u, s, vh) = linalg.svd(frame.to_type(ScalarType.Float64), fullMatrices: false);
        var polar = u.mm(vh);
        var lambda = options.Lambda is { } value
            ? full(s.shape[0], value, ScalarType.Float64)
            : options.InitialSpectrum switch
            {
                // λᵢ = (XᵀW₀)ᵢᵢ = (Vᵀ S V)ᵢᵢ: diag(λ)·X is the nearest such matrix to W₀ (Frobenius)
                InitialSpectrum.Closest => vh.square().mul(s.unsqueeze(1)).sum(dim: 0), // (dim: a bare 0 binds to sum(ScalarType))
                InitialSpectrum.SigmaMax => s.max().expand(s.shape[0]),
                _ => s.square().mean().sqrt().expand(s.shape[0]),
            };
        frame.copy_(polar);
        Spectrum.Initialize(lambda);
    }

    /// <summary>‖XXᵀ − I‖F (or ‖XᵀX − I‖F), 0-d float64.</summary>
    public Tensor OrthogonalityError()
    {
        using var noGrad = no_grad();
        return StiefelGeometry.OrthogonalityError(FrameOf(Layer.Weight));
    }

    /// <summary>Stops reparametrizing: forward uses the plain layer, diagnostics see its weight, the state entries are removed.</summary>
    public void Disable()
    {
        Enabled = false;
        Layer.EffectiveWeight = null;
        Spectrum.Forget();
        RiemannianStep.Forget(Layer.State);
    }
}
