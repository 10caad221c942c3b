using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Regularizers.SpectralScaling;

/// <summary>In-place rank-one edits of a layer's weight through its matrix view (rows × columns).</summary>
internal static class RankOneUpdate
{
    /// <summary>
    /// Matrix view M ← M + a bᵀ, written into the weight in place: <c>addr_</c> on a view (no full-size temporary) for
    /// contiguous Linear and Conv2d weights; a folded outer product otherwise (transposed conv, non-contiguous weight).
    /// </summary>
    public static void AddOuter_(RegularizedLayer layer, Tensor a, Tensor b)
    {
        var weight = layer.Weight;
        if (layer.Kind != LayerKind.ConvTranspose2d && weight.is_contiguous())
        {
            using var matrix = weight.view(layer.Rows, layer.Columns);
            matrix.addr_(a, b);
            return;
        }
        using var scope = NewDisposeScope();
        var outer = a.outer(b);
        var delta = layer.Kind == LayerKind.ConvTranspose2d
            ? outer.view([weight.shape[1], weight.shape[0], .. weight.shape[2..]]).transpose(0, 1)
            : outer.view(weight.shape);
        weight.add_(delta);
    }
}
