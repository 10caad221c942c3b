using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>Small helpers for assertions on tensors (float64, host side).</summary>
internal static class TensorAssert
{
    /// <summary>The tensor's values as doubles.</summary>
    public static double[] Values(Tensor t)
    {
        using var host = t.detach().to_type(ScalarType.Float64).cpu().flatten();
        return host.data<double>().ToArray();
    }

    /// <summary>The scalar value of a one-element tensor.</summary>
    public static double Scalar(Tensor t) => Values(t).Single();

    /// <summary>Inner product over all elements, in float64.</summary>
    public static double Inner(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a.to_type(ScalarType.Float64) * b.to_type(ScalarType.Float64)).sum().item<double>();
    }

    /// <summary>Euclidean norm over all elements, in float64.</summary>
    public static double Norm(Tensor a) => Math.Sqrt(Inner(a, a));

    /// <summary>True when every element is finite.</summary>
    public static bool AllFinite(Tensor t) => Values(t).All(double.IsFinite);
}
