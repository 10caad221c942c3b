using RegBench.Spectral;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Layers;

/// <summary>
/// Wraps an estimator and counts its runs and operator applications (A v and Aᵀu each count one; a block product of b rows
/// counts b). For measurements: the wrapped operator hides the concrete type, so block estimators take their per-row path.
/// </summary>
public sealed class CountingEstimator(ISpectralNormEstimator inner) : ISpectralNormEstimator
{
    private long applications;
    private long runs;

    /// <summary>Operator applications since creation.</summary>
    public long Applications => Interlocked.Read(ref applications);

    /// <summary>Estimator runs since creation.</summary>
    public long Runs => Interlocked.Read(ref runs);

    /// <inheritdoc />
    public SpectralEstimate Estimate(ILinearOperator op, PowerIterationState state, PowerIterationOptions options)
    {
        Interlocked.Increment(ref runs);
        return inner.Estimate(new CountedOperator(op, this), state, options);
    }

    private sealed class CountedOperator(ILinearOperator op, CountingEstimator counter) : ILinearOperator
    {
        public long[] InputShape => op.InputShape;

        public long[] OutputShape => op.OutputShape;

        public ScalarType DType => op.DType;

        public Device Device => op.Device;

        public Tensor Apply(Tensor v)
        {
            Interlocked.Increment(ref counter.applications);
            return op.Apply(v);
        }

        public Tensor ApplyTranspose(Tensor u)
        {
            Interlocked.Increment(ref counter.applications);
            return op.ApplyTranspose(u);
        }
    }
}
