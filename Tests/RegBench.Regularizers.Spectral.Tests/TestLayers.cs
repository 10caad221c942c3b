using System.Text.Json;
using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace RegBench.Regularizers.Spectral.Tests;

/// <summary>Layers, matrices of known spectral gap, exact σ₁ and small helpers shared by the tests.</summary>
internal static class TestLayers
{
    /// <summary>A layer view over a fresh float64 parameter holding a copy of <paramref name="weight"/>.</summary>
    public static RegularizedLayer Layer(string name, Tensor weight, LayerKind kind, ConvGeometry? conv = null) =>
        new(name, new Parameter(weight.detach().clone().to_type(ScalarType.Float64), requires_grad: true), kind, conv);

    /// <summary>A float64 rows × cols matrix U diag(s) Vᵀ with σ₁/σ₂ = <paramref name="gap"/> and σ₁ = <paramref name="sigma1"/>.</summary>
    public static Tensor Gapped(int rows, int cols, double gap, int seed, double sigma1 = 2.0)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, CPU);
        int r = Math.Min(rows, cols);
        var s = linspace(sigma1 / gap, sigma1 / gap / 4, r, ScalarType.Float64);
        s[0] = tensor(sigma1, ScalarType.Float64);
        var u = Orthogonal(rows, generator)[.., ..r];
        var v = Orthogonal(cols, generator)[.., ..r];
        return u.mul(s.unsqueeze(0)).matmul(v.t()).MoveToOuterDisposeScope();
    }

    /// <summary>Largest singular value of a 2-D tensor by svdvals in float64.</summary>
    public static double Sigma1(Tensor matrix)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return linalg.svdvals(matrix.to_type(ScalarType.Float64))[0].item<double>();
    }

    /// <summary>The largest absolute elementwise difference.</summary>
    public static double MaxDifference(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a.to_type(ScalarType.Float64) - b.to_type(ScalarType.Float64)).abs().max().item<double>();
    }

    /// <summary>Same shape, dtype and bits (TorchSharp's Tensor.equal is elementwise).</summary>
    public static bool BitwiseEqual(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();
    }

    /// <summary>True when no element is NaN or infinite.</summary>
    public static bool AllFinite(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.isfinite().all().item<bool>();
    }

    /// <summary>Options JSON as the host passes it to a manifest factory.</summary>
    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Sets the layer's gradient to zeros.</summary>
    public static void ZeroGrad(RegularizedLayer layer)
    {
        using var scope = NewDisposeScope();
        layer.Weight.grad = zeros_like(layer.Weight);
    }

    private static Tensor Orthogonal(int n, Generator generator)
    {
        using var scope = NewDisposeScope();
        var (q, r) = linalg.qr(randn([n, n], ScalarType.Float64, CPU, generator: generator));
        return (q * r.diagonal().sign().unsqueeze(0)).MoveToOuterDisposeScope();
    }
}
