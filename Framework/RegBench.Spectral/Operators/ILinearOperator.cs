using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>A real linear map A and its adjoint Aᵀ acting on tensors of fixed shapes (no batch dimension).</summary>
/// <remarks>
/// Vectors are tensors of <see cref="InputShape"/> (for <see cref="Apply"/>) and <see cref="OutputShape"/>
/// (for <see cref="ApplyTranspose"/>); inner products are over all elements. Implementations never dispose
/// their arguments and return new tensors; they hold references to the weight, so in-place weight updates
/// are seen by the next call.
/// </remarks>
public interface ILinearOperator
{
    /// <summary>Shape of the vectors A acts on (v in u = A v).</summary>
    long[] InputShape { get; }

    /// <summary>Shape of the vectors A produces (u in u = A v).</summary>
    long[] OutputShape { get; }

    /// <summary>Element type of the operator's weight; vectors must have the same type.</summary>
    ScalarType DType { get; }

    /// <summary>Device of the operator's weight; vectors must live there too.</summary>
    Device Device { get; }

    /// <summary>Returns A v for a tensor of <see cref="InputShape"/>.</summary>
    Tensor Apply(Tensor v);

    /// <summary>Returns Aᵀ u for a tensor of <see cref="OutputShape"/>.</summary>
    Tensor ApplyTranspose(Tensor u);
}

/// <summary>Shape helpers shared by the operators.</summary>
public static class LinearOperatorExtensions
{
    /// <summary>Number of elements of an input vector (columns of the dense matrix of A).</summary>
    public static long InputSize(this ILinearOperator op) => op.InputShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Number of elements of an output vector (rows of the dense matrix of A).</summary>
    public static long OutputSize(this ILinearOperator op) => op.OutputShape.Aggregate(1L, (a, b) => a * b);
}
