using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

public sealed class PowerIterationTests
{
    [Fact]
    public void Zero_matrix_gives_sigma_zero_and_finite_unit_vectors()
    {
        using var scope = NewDisposeScope();
        using var state = new PowerIterationState();
        var estimate = PowerIteration.Run(new MatrixOperator(zeros(5, 3, ScalarType.Float64)), state, new PowerIterationOptions(MaxIterations: 20, RelativeTolerance: 1e-6));
        Assert.Equal(0.0, estimate.SigmaValue());
        Assert.True(TensorAssert.AllFinite(estimate.U) && TensorAssert.AllFinite(estimate.V), "u, v must not contain NaN/Inf");
        Assert.Equal(1.0, TensorAssert.Norm(estimate.U), 12);
        Assert.Equal(1.0, TensorAssert.Norm(estimate.V), 12);
        Assert.True(estimate.Converged, $"zero operator: residual {estimate.Residual} should be 0");
    }
}
