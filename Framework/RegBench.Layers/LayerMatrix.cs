using RegBench.Abstractions;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Layers;

/// <summary>A layer's weight as the Rows × Columns matrix of <see cref="MatrixView"/>, and in-place rank-one edits through it.</summary>
public static class LayerMatrix
{
    /// <summary>
    /// The matrix view of the layer's weight (or of <paramref name="weightLike"/>, a tensor shaped like it), sharing storage
    /// where possible: rows = dim 0, or dim 1 for a transposed conv.
    /// </summary>
    public static Tensor AsMatrix(this RegularizedLayer layer, Tensor? weightLike = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return MatrixView.Of(weightLike ?? layer.Weight, layer.Kind == LayerKind.ConvTranspose2d);
    }

    /// <summary>
    /// M ← M + a bᵀ on the matrix view of <paramref name="target"/> (the layer's weight, or its gradient), in place: <c>addr_</c>
    /// on a view (no full-size temporary) for contiguous Linear and Conv2d tensors; a folded outer product otherwise.
    /// Call under no_grad. An edit of the layer's weight marks its spectral estimates stale.
    /// </summary>
    public static void AddOuter_(this RegularizedLayer layer, Tensor target, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(target);
        bool transposed = layer.Kind == LayerKind.ConvTranspose2d;
        if (!transposed && target.is_contiguous())
        {
            using var matrix = target.view(layer.Rows, layer.Columns);
            matrix.addr_(a, b);
        }
        else
        {
            using var scope = NewDisposeScope();
            target.add_(MatrixView.Fold(a.outer(b), target.shape, transposed));
        }
        if (ReferenceEquals(target, layer.Weight)) LayerSpectralState.Of(layer).WeightChanged();
    }

    /// <summary>W ← c·W in place (c a 0-d tensor, no host sync); marks the layer's spectral estimates stale. Call under no_grad.</summary>
    public static void ScaleWeight_(this RegularizedLayer layer, Tensor factor)
    {
        ArgumentNullException.ThrowIfNull(layer);
        layer.Weight.mul_(factor);
        LayerSpectralState.Of(layer).WeightChanged();
    }
}
