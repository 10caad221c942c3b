using RegBench.Abstractions;
using RegBench.Layers;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Testing;

/// <summary>Measurements the contracts compare: finiteness, bitwise equality, σ₁ and Frobenius norms (host values).</summary>
internal static class TensorChecks
{
    /// <summary>True when every element is finite (an undefined tensor counts as finite).</summary>
    public static bool AllFinite(Tensor? tensor)
    {
        if (tensor is null) return true;
        using var finite = tensor.detach().isfinite().all();
        return finite.item<bool>();
    }

    /// <summary>True when both tensors have the same dtype, shape and bytes.</summary>
    public static bool BitwiseEqual(Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.SequenceEqual(b.shape)) return false;
        using var left = a.detach().cpu().contiguous();
        using var right = b.detach().cpu().contiguous();
        return left.bytes.SequenceEqual(right.bytes);
    }

    /// <summary>A detached copy owned by the caller (outside any dispose scope).</summary>
    public static Tensor Snapshot(Tensor tensor) => tensor.detach().clone().DetachFromDisposeScope();

    /// <summary>σ₁ of the matrix view of the weight the forward pass uses (EffectiveWeight, else Weight), exact float64 SVD.</summary>
    public static double EffectiveSigma1(RegularizedLayer layer)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var weight = layer.EffectiveWeight?.Invoke() ?? layer.Weight;
        return ExactSpectrum.SingularValues(layer.AsMatrix(weight.detach())).max().item<double>();
    }

    /// <summary>‖t‖F in float64.</summary>
    public static double Frobenius(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return linalg.vector_norm(tensor.detach().to_type(ScalarType.Float64)).item<double>();
    }
}
