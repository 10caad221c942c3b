using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>Scaled orthogonal initialization of weight matrices and conv kernels (matrix view: <see cref="MatrixView"/>).</summary>
public static class OrthogonalInit
{
    /// <summary>
    /// Fills <paramref name="weight"/> in place (under no_grad) with an orthogonal matrix — Q of the QR of a Gaussian
    /// matrix with the signs of diag(R) folded in (Haar-distributed) — scaled by √(d_out/d_in): every singular value,
    /// hence σ₁, equals √(d_out/d_in) and ‖W‖F = √(min(d_out, d_in)·d_out/d_in). For conv kernels d_out = rows
    /// of the reshaped view (out channels; dim 1 for <paramref name="transposedConv"/>), d_in = the rest.
    /// </summary>
    /// <returns><paramref name="weight"/>.</returns>
    public static Tensor ScaledOrthogonal_(Tensor weight, Generator? generator = null, bool transposedConv = false)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.dim() < 2)
        {
            throw new ArgumentException($"Orthogonal init needs a weight with at least 2 dims; got shape [{string.Join(", ", weight.shape)}].", nameof(weight));
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long rows = transposedConv ? weight.shape[1] : weight.shape[0];
        long cols = weight.numel() / rows;
        long tall = Math.Max(rows, cols);
        long wide = Math.Min(rows, cols);
        var gaussian = randn([tall, wide], ScalarType.Float64, CPU, generator: generator);
        var (q, r) = linalg.qr(gaussian);
        // Sign fix (Mezzadri 2007): Q·diag(sign(diag R)) is Haar-distributed; a zero diagonal entry (probability 0) keeps its column.
        var signs = r.diagonal().sign();
        signs = where(signs == 0, ones_like(signs), signs);
        var orthonormal = q * signs.unsqueeze(0);
        var matrix = rows >= cols ? orthonormal : orthonormal.t();
        matrix = matrix * Math.Sqrt((double)rows / cols);
        weight.copy_(MatrixView.Fold(matrix, weight.shape, transposedConv).to(weight.dtype, weight.device));
        return weight;
    }
}
