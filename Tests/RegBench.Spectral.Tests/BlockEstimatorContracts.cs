using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

/// <summary>What every block estimator (subspace iteration, block Krylov) must do on the edge operators: zero, and a conv map.</summary>
public sealed class BlockEstimatorContracts
{
    private static ISpectralNormEstimator Estimator(string name) => name switch
    {
        "subspace" => new SubspaceIteration(3),
        "krylov" => new BlockKrylov(3),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "subspace or krylov"),
    };

    [Theory]
    [InlineData("subspace")]
    [InlineData("krylov")]
    public void The_zero_operator_gives_zero_with_unit_vectors(string estimator)
    {
        using var scope = NewDisposeScope();
        using var state = new PowerIterationState();
        var estimate = Estimator(estimator).Estimate(new MatrixOperator(zeros(50, 40, ScalarType.Float64)), state,
            new PowerIterationOptions(20, 1e-6) { Stop = StopRule.Sigma });
        Assert.Equal(0, estimate.SigmaValue());
        Assert.True(estimate.Converged);
        Assert.Equal(1, TensorAssert.Norm(estimate.U), 12);
        Assert.Equal(1, TensorAssert.Norm(estimate.V), 12);
    }

    [Theory]
    [InlineData("subspace")]
    [InlineData("krylov")]
    public void On_a_conv_operator_it_matches_power_iteration(string estimator)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5, CPU);
        var kernel = randn([3, 2, 3, 3], ScalarType.Float64, CPU, generator: generator);
        var op = new ConvOperator(kernel, (2, 6, 6), ConvOperatorGeometry.Square(stride: 1, padding: 1));
        using var a = new PowerIterationState();
        using var b = new PowerIterationState();
        var pi = PowerIteration.Run(op, a, new PowerIterationOptions(3000, 1e-10));
        var block = Estimator(estimator).Estimate(op, b, new PowerIterationOptions(3000, 1e-12) { Stop = StopRule.Sigma });
        Assert.Equal(pi.SigmaValue(), block.SigmaValue(), 8);
        Assert.Equal(op.InputShape, block.V.shape);
        Assert.Equal(op.OutputShape, block.U.shape);
    }
}
