using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>
/// Power iteration on AᵀA for σ₁: u ← A v/‖A v‖, σ ← ‖Aᵀu‖, v ← Aᵀu/σ, warm-started from a caller-kept
/// <see cref="PowerIterationState"/>, with an optional adaptive stop on the relative residual ‖A v − σ u‖/σ.
/// </summary>
/// <remarks>
/// Guarantees (docs/spectral.md): σ ≤ σ₁ and σ is non-decreasing in the iteration count (exact arithmetic);
/// after k cold iterations (σ₁ − σ)/σ₁ ≤ tan²θ₀·(σ₂/σ₁)^(4k−2), θ₀ the angle between the start vector and
/// the top right singular subspace; on an adaptive stop at τ, some singular value lies within τσ/√2 of σ,
/// and if σ &gt; σ₂ then (σ₁ − σ)/σ ≤ τ²σ/(2(σ − σ₂)); on a σ-stop (<see cref="StopRule.Sigma"/>) at τ,
/// (σ₁ − σ)/σ ≤ τ·q/(1 − q) with q = (σ₂/σₖ₋₁)⁴ when σₖ₋₁ &gt; σ₂ (and the residual is still reported). Runs under no_grad and keeps only the tensors it returns
/// and the state's. Host syncs: one per residual check (none when RelativeTolerance = 0).
/// </remarks>
public sealed class PowerIteration : ISpectralNormEstimator
{
    /// <summary>The shared instance (stateless).</summary>
    public static PowerIteration Instance { get; } = new();

    /// <inheritdoc />
    public SpectralEstimate Estimate(ILinearOperator op, PowerIterationState state, PowerIterationOptions options) => Run(op, state, options);

    /// <summary>Estimates σ₁(<paramref name="op"/>) and its singular vectors, updating <paramref name="state"/> in place.</summary>
    public static SpectralEstimate Run(ILinearOperator op, PowerIterationState state, PowerIterationOptions? options = null)
    {
        options = PowerIterationOptions.ForEstimate(op, state, options);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (u, v) = StartVectors(op, state, options);
        // A fixed count on a float32 CPU matrix: each iteration one SkinnyProducts.PowerStep (the same formulas, one read of the
        // matrix, no torch call; eps 0 keeps a vector whose product is zero, as below).
        if (options.RelativeTolerance == 0 && SkinnyProducts.PowerSteps(op, u, v, options.MaxIterations, eps: 0) is { } fused)
        {
            state.Store(u, v);
            var fusedSigma = tensor((float)fused);
            scope.MoveToOuter(fusedSigma, u, v);
            return new SpectralEstimate(fusedSigma, u, v, options.MaxIterations, double.NaN, false);
        }
        var sigma = zeros(Array.Empty<long>(), op.DType, op.Device);
        Tensor? previousSigma = null;
        double tolerance = options.RelativeTolerance;
        bool sigmaRule = options.Stop == StopRule.Sigma && tolerance > 0;
        double residual = double.NaN;
        bool converged = false;
        int iterations = 0;
        var av = op.Apply(v);
        while (true)
        {
            bool due = iterations % options.CheckInterval == 0 || iterations == options.MaxIterations;
            if (tolerance > 0 && iterations > 0 && due)
            {
                if (!sigmaRule)
                {
                    residual = RelativeResidual(av, sigma, u);
                    if (residual <= tolerance)
                    {
                        converged = true;
                        break;
                    }
                }
                else
                {
                    // σ-rule: the last iteration's increase; the residual rides on the same sync (A v is at hand).
                    (var increase, residual) = SigmaIncreaseAndResidual(previousSigma!, sigma, av, u);
                    if (iterations > 1 && increase <= tolerance)
                    {
                        converged = true;
                        break;
                    }
                }
            }
            if (iterations == options.MaxIterations)
            {
                break;
            }

            u = NormalizedOrPrevious(av, u);
            var atu = op.ApplyTranspose(u);
            if (sigmaRule)
            {
                previousSigma?.Dispose();
                previousSigma = sigma;
                sigma = linalg.vector_norm(atu);
            }
            else
            {
                Replace(ref sigma, linalg.vector_norm(atu));
            }
            v = NormalizedOrPrevious(atu, v, sigma);
            atu.Dispose();
            iterations++;
            // The next A v serves both the residual check and the next iteration; skip it when neither needs it.
            av.Dispose();
            av = iterations < options.MaxIterations || tolerance > 0 ? op.Apply(v) : empty(0);
        }

        previousSigma?.Dispose();
        state.Store(u, v);
        scope.MoveToOuter(sigma, u, v);
        return new SpectralEstimate(sigma, u, v, iterations, residual, converged);
    }

    /// <summary>Relative residual ‖A v − σ u‖/σ on the host (one sync); 0 when both are 0 (the zero operator).</summary>
    private static double RelativeResidual(Tensor av, Tensor sigma, Tensor u)
    {
        using var scope = NewDisposeScope();
        var numerator = linalg.vector_norm(av - sigma * u);
        var pair = stack([numerator, sigma]).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        return pair[0] == 0 && pair[1] == 0 ? 0 : pair[0] / pair[1];
    }

    /// <summary>
    /// (σ − σ_prev)/σ and ‖A v − σ u‖/σ on the host (one sync); both 0 when σ = 0 (the zero operator).
    /// </summary>
    internal static (double Increase, double Residual) SigmaIncreaseAndResidual(Tensor previous, Tensor sigma, Tensor av, Tensor u)
    {
        using var scope = NewDisposeScope();
        var numerator = linalg.vector_norm(av - sigma * u);
        var values = stack([sigma - previous, numerator, sigma]).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        return values[2] == 0 ? (0, 0) : (values[0] / values[2], values[1] / values[2]);
    }

    /// <summary>x/‖x‖, or the previous vector when ‖x‖ = 0 so the state stays a unit vector (no host sync).</summary>
    private static Tensor NormalizedOrPrevious(Tensor x, Tensor previous, Tensor? norm = null)
    {
        using var scope = NewDisposeScope();
        var n = norm ?? linalg.vector_norm(x);
        var result = where(n > 0, x / n, previous);
        previous.Dispose();
        return result.MoveToOuterDisposeScope();
    }

    private static void Replace(ref Tensor slot, Tensor value)
    {
        slot.Dispose();
        slot = value;
    }

    private static (Tensor U, Tensor V) StartVectors(ILinearOperator op, PowerIterationState state, PowerIterationOptions options)
    {
        if (options.WarmStart && state.HasVectors)
        {
            var (su, sv) = (state.U!, state.V!);
            if (!su.shape.SequenceEqual(op.OutputShape) || !sv.shape.SequenceEqual(op.InputShape))
            {
                throw new ArgumentException(
                    $"Power iteration state has u [{string.Join(", ", su.shape)}], v [{string.Join(", ", sv.shape)}] but the operator maps " +
                    $"[{string.Join(", ", op.InputShape)}] → [{string.Join(", ", op.OutputShape)}]: keep one state per layer, or pass a new PowerIterationState().",
                    nameof(state));
            }
            return (su.to(op.DType, op.Device, copy: true), sv.to(op.DType, op.Device, copy: true));
        }
        var generator = options.Generator ?? new Generator(unchecked((ulong)options.Seed), CPU);
        try
        {
            return (RandomUnit(op.OutputShape, op, generator), RandomUnit(op.InputShape, op, generator));
        }
        finally
        {
            if (options.Generator is null)
            {
                generator.Dispose();
            }
        }
    }

    /// <summary>A Gaussian vector of <paramref name="shape"/> drawn in float64 from <paramref name="generator"/> (CPU), scaled to unit norm, in the operator's dtype and device.</summary>
    public static Tensor RandomUnit(long[] shape, ILinearOperator op, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(op);
        using var scope = NewDisposeScope();
        var x = randn(shape, ScalarType.Float64, CPU, generator: generator);
        x = x / linalg.vector_norm(x).clamp_min(double.Epsilon);
        return x.to(op.DType, op.Device).MoveToOuterDisposeScope();
    }
}
