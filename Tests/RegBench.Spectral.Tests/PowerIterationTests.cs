using static TorchSharp.torch;

namespace RegBench.Spectral.Tests;

public sealed class PowerIterationTests
{
    private static readonly PowerIterationOptions Adaptive = new(MaxIterations: 500, RelativeTolerance: 1e-6);

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void Zero_matrix_gives_sigma_zero_and_finite_unit_vectors(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var state = new PowerIterationState();
        var estimate = PowerIteration.Run(new MatrixOperator(zeros(5, 3, dtype)), state, Adaptive);
        Assert.Equal(0.0, estimate.SigmaValue());
        Assert.True(TensorAssert.AllFinite(estimate.U) && TensorAssert.AllFinite(estimate.V), "u, v must not contain NaN/Inf");
        Assert.Equal(1.0, TensorAssert.Norm(estimate.U), 1e-5);
        Assert.Equal(1.0, TensorAssert.Norm(estimate.V), 1e-5);
        Assert.True(estimate.Converged, $"zero operator: residual {estimate.Residual} should be 0");
    }

    [Theory]
    [InlineData(1, 9)]
    [InlineData(9, 1)]
    [InlineData(1, 1)]
    public void Row_or_column_vector_gives_its_norm_in_one_iteration(int rows, int cols)
    {
        using var scope = NewDisposeScope();
        var w = randn([rows, cols], ScalarType.Float64, generator: new Generator(3, CPU));
        using var state = new PowerIterationState();
        var estimate = PowerIteration.Run(new MatrixOperator(w), state, Adaptive);
        Assert.Equal(TensorAssert.Norm(w), estimate.SigmaValue(), 1e-12);
        Assert.True(estimate.Converged && estimate.Iterations == 1, $"rank one: {estimate.Iterations} iterations, residual {estimate.Residual}");
    }

    [Theory]
    [InlineData(ScalarType.Float32, 1e-5)]
    [InlineData(ScalarType.Float64, 1e-10)]
    public void Exactly_repeated_sigma1_converges_to_the_correct_value(ScalarType dtype, double tolerance)
    {
        using var scope = NewDisposeScope();
        var (w, _, _) = new KnownSpectrum(12, 10, [3, 3, 3, 1, 0.5, 0.5, 0.1, 0, 0, 0], 11, "repeated").Build();
        using var state = new PowerIterationState();
        var estimate = PowerIteration.Run(new MatrixOperator(w.to_type(dtype)), state, Adaptive with { RelativeTolerance = tolerance });
        Assert.True(estimate.Converged, $"repeated σ₁ = 3: residual {estimate.Residual} after {estimate.Iterations} iterations");
        Assert.Equal(3.0, estimate.SigmaValue(), dtype == ScalarType.Float32 ? 1e-4 : 1e-9);
        Assert.Equal(dtype, estimate.Sigma.dtype);
        Assert.Equal(dtype, estimate.U.dtype);
    }

    [Fact]
    public void Near_repeated_sigma1_reports_not_converged_at_the_cap()
    {
        using var scope = NewDisposeScope();
        var (w, _, _) = new KnownSpectrum(20, 20, [1, 0.9999999, 0.5, 0.1], 5, "near-repeated").Build();
        using var state = new PowerIterationState();
        var options = new PowerIterationOptions(MaxIterations: 50, RelativeTolerance: 1e-14);
        var estimate = PowerIteration.Run(new MatrixOperator(w), state, options);
        Assert.False(estimate.Converged, $"residual {estimate.Residual} below 1e-14 is not reachable here");
        Assert.Equal(50, estimate.Iterations);
        Assert.True(estimate.Residual > 1e-14, $"reported residual {estimate.Residual} must explain the failure");
        Assert.True(estimate.SigmaValue() <= 1 + 1e-12, "σ̂ stays a lower bound of σ₁");
    }

    [Fact]
    public void Fixed_iteration_count_runs_exactly_and_measures_no_residual()
    {
        using var scope = NewDisposeScope();
        var w = randn([6, 4], ScalarType.Float64, generator: new Generator(1, CPU));
        using var state = new PowerIterationState();
        var estimate = PowerIteration.Run(new MatrixOperator(w), state, new PowerIterationOptions(MaxIterations: 7));
        Assert.Equal(7, estimate.Iterations);
        Assert.True(double.IsNaN(estimate.Residual) && !estimate.Converged, "no tolerance: no residual, not converged");
    }

    [Fact]
    public void Float32_estimate_matches_the_exact_sigma1()
    {
        using var scope = NewDisposeScope();
        var w = randn([40, 30], ScalarType.Float32, generator: new Generator(4, CPU));
        double exact = TensorAssert.Values(ExactSpectrum.SingularValues(w))[0];
        using var state = new PowerIterationState();
        var estimate = PowerIteration.Run(new MatrixOperator(w), state, new PowerIterationOptions(MaxIterations: 2000, RelativeTolerance: 1e-5));
        Assert.Equal(ScalarType.Float32, estimate.Sigma.dtype);
        Assert.True(Math.Abs(estimate.SigmaValue() - exact) <= 1e-5 * exact, $"float32 σ̂ {estimate.SigmaValue()} vs exact {exact}");
    }

    [Fact]
    public void State_vectors_are_updated_in_place_and_the_estimate_owns_separate_tensors()
    {
        using var scope = NewDisposeScope();
        var w = randn([8, 5], ScalarType.Float64, generator: new Generator(2, CPU));
        using var state = new PowerIterationState();
        PowerIteration.Run(new MatrixOperator(w), state, new PowerIterationOptions(MaxIterations: 3)).Dispose();
        var (u, v) = (state.U!, state.V!);
        var estimate = PowerIteration.Run(new MatrixOperator(w), state, new PowerIterationOptions(MaxIterations: 3));
        Assert.Same(u, state.U);
        Assert.Same(v, state.V);
        Assert.Equal(TensorAssert.Values(estimate.V), TensorAssert.Values(state.V!));
        estimate.Dispose();
        Assert.Equal(1.0, TensorAssert.Norm(state.V!), 1e-12);
    }

    [Fact]
    public void Run_leaves_only_the_returned_tensors_in_the_callers_scope()
    {
        var w = randn([30, 20], ScalarType.Float64, generator: new Generator(6, CPU));
        using var state = new PowerIterationState();
        using var scope = NewDisposeScope();
        PowerIteration.Run(new MatrixOperator(w), state, Adaptive);
        PowerIteration.Run(new MatrixOperator(w), state, Adaptive);
        Assert.Equal(6, scope.DisposablesCount);
    }

    [Fact]
    public void State_of_another_shape_is_rejected_with_an_actionable_message()
    {
        using var scope = NewDisposeScope();
        using var state = new PowerIterationState(randn(4), randn(3));
        var error = Assert.Throws<ArgumentException>(() => PowerIteration.Run(new MatrixOperator(randn(5, 3)), state, Adaptive));
        Assert.Contains("one state per layer", error.Message);
    }

    [Fact]
    public void Cold_start_is_deterministic_for_a_seed()
    {
        using var scope = NewDisposeScope();
        var w = randn([10, 10], ScalarType.Float64, generator: new Generator(8, CPU));
        var options = new PowerIterationOptions(MaxIterations: 2, WarmStart: false, Seed: 99);
        using var first = new PowerIterationState();
        using var second = new PowerIterationState();
        Assert.Equal(TensorAssert.Values(PowerIteration.Run(new MatrixOperator(w), first, options).V),
            TensorAssert.Values(PowerIteration.Run(new MatrixOperator(w), second, options).V));
    }

    [Fact]
    public void Estimator_interface_runs_power_iteration()
    {
        using var scope = NewDisposeScope();
        ISpectralNormEstimator estimator = PowerIteration.Instance;
        var w = diag(tensor(new[] { 2.0, 1.0 }));
        using var state = new PowerIterationState();
        Assert.Equal(2.0, estimator.Estimate(new MatrixOperator(w), state, Adaptive).SigmaValue(), 1e-9);
    }

    [Fact]
    public void Rank_one_correction_with_the_estimate_sets_sigma1_to_the_target_without_a_host_sync()
    {
        using var scope = NewDisposeScope();
        var (w, _, _) = new KnownSpectrum(16, 12, [5, 2, 1, 0.5, 0.1, 0, 0, 0, 0, 0, 0, 0], 21, "gap").Build();
        using var state = new PowerIterationState();
        var estimate = PowerIteration.Run(new MatrixOperator(w), state, new PowerIterationOptions(RelativeTolerance: 1e-12));
        const double target = 3.0;
        using (no_grad())
        {
            // Hess & Hutchison: W += (target − σ₁) u₁ v₁ᵀ, with σ kept as a tensor.
            w.addr_(estimate.U * (target - estimate.Sigma), estimate.V);
        }
        Assert.Equal(target, TensorAssert.Values(ExactSpectrum.SingularValues(w))[0], 1e-9);
    }
}
