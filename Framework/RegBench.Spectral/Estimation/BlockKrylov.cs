using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>
/// Block Lanczos (block Krylov with full reorthogonalization) on AᵀA for σ₁: the span of X, AᵀA X, (AᵀA)² X, … grown
/// b vectors per step from a warm block X, with Rayleigh–Ritz on the whole span after every step. Converges where the top
/// singular values cluster (σ₁ ≈ σ₂, the state spectral scaling creates): the Krylov error falls like exp(−4k√gap)
/// instead of subspace iteration's (1 − gap)^(4k).
/// </summary>
/// <remarks>
/// <para>Returns the top Ritz triple (w, A w/θ, θ): A v = σ u exactly, σ = ‖A v‖ ≤ σ₁ (a Rayleigh quotient on an
/// orthonormal basis), θ non-decreasing in the steps. Stop rules: σ (the relative rise of θ over the last step ≤ τ, after two steps at least),
/// residual (‖Aᵀu − σ v‖/σ ≤ τ, one more block product per step). The top b Ritz vectors are kept in
/// <see cref="PowerIterationState.Basis"/> as the next call's warm block. A side of at most <see cref="ExactSide"/> is
/// solved exactly (the eigendecomposition of the small Gram matrix; one product).</para>
/// <para>Cost per step: one block product with A and one with Aᵀ (matrix–matrix for matrix views), a thin QR of the
/// basis with the new block (which orthogonalizes it against the basis), a k × k eigendecomposition (k ≤ <see cref="MaxBasis"/>, restarted thick from the top
/// b Ritz vectors beyond it, at no product). One host sync per step (none without a tolerance).</para>
/// <para>On a float32 CPU matrix view (AVX2/FMA) the same loop runs without torch calls between the products
/// (BlockKrylov.Float32.cs: <see cref="SkinnyProducts"/>' loops on W's memory, float64 small algebra in
/// <see cref="RitzAlgebra"/>, no host sync); it agrees with the torch loop to float32 rounding.</para>
/// </remarks>
public sealed partial class BlockKrylov : ISpectralNormEstimator
{
    /// <summary>Matrices with a side this small are solved exactly through their small Gram matrix.</summary>
    public const long ExactSide = 32;

    /// <summary>A block Krylov estimator growing <paramref name="blockSize"/> vectors per step.</summary>
    public BlockKrylov(int blockSize = 4, int maxBasis = 48)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBasis, 2 * blockSize);
        BlockSize = blockSize;
        MaxBasis = maxBasis;
    }

    /// <summary>Vectors added per step (and kept as the warm block).</summary>
    public int BlockSize { get; }

    /// <summary>Largest basis before a thick restart from the top <see cref="BlockSize"/> Ritz vectors.</summary>
    public int MaxBasis { get; }

    /// <inheritdoc />
    public SpectralEstimate Estimate(ILinearOperator op, PowerIterationState state, PowerIterationOptions options)
    {
        options = PowerIterationOptions.ForEstimate(op, state, options);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long n = op.InputSize(), m = op.OutputSize();
        int b = (int)Math.Min(BlockSize, Math.Min(n, m));
        var matrix = SubspaceIteration.MatrixOf(op);
        // The loops without torch calls (BlockKrylov.Float32.cs) where their float64 buffers stay within one array each.
        bool float32 = matrix is not null && SkinnyProducts.Handles(matrix) && b <= SkinnyProducts.MaxBlock
            && (long)Math.Max(Math.Min(MaxBasis, n), 2 * b) * Math.Max(m, n) <= int.MaxValue / 2;
        var result = matrix is not null && Math.Min(m, n) <= ExactSide ? (float32 ? ExactFloat32(op, matrix) : Exact(op, matrix))
            : float32 ? IterateFloat32(matrix!, op, state, options, b)
            : Iterate(op, state, options, b, n);
        state.Store(result.U, result.V);
        if (result.Basis is { } basis) state.StoreBasis(basis);
        var estimate = new SpectralEstimate(result.Sigma, result.U, result.V, result.Steps, result.Residual, result.Converged)
        {
            SecondDirection = result.SecondDirection,
            SecondImage = result.SecondImage,
        };
        scope.MoveToOuter(result.Sigma, result.U, result.V);
        if (result.SecondDirection is not null) scope.MoveToOuter(result.SecondDirection, result.SecondImage!);
        return estimate;
    }

    private Outcome Iterate(ILinearOperator op, PowerIterationState state, PowerIterationOptions options, int b, long n)
    {
        double tolerance = options.RelativeTolerance;
        bool residualRule = options.Stop == StopRule.Residual && tolerance > 0;
        var basis = SubspaceIteration.StartBlock(op, state, options, b, n); // Q: orthonormal rows
        var images = SubspaceIteration.ApplyBlock(op, basis);              // P: rows A qᵢ
        Tensor? normal = null;                                              // Z: rows AᵀA qᵢ, one block behind Q until needed
        double previous = double.NaN, residual = double.NaN;
        int steps = 0;
        bool converged = false;
        Tensor keep, theta;
        while (true)
        {
            var step = NewDisposeScope();
            if (residualRule) normal = CompleteNormal(op, images, normal);
            // Rayleigh–Ritz on span(Q): G = P Pᵀ = Q AᵀA Qᵀ; eigh is ascending, flip so the σ₁ pair comes first.
            var (lambda, q) = linalg.eigh(images.mm(images.t()));
            keep = q.flip(1)[.., ..b].t();
            theta = lambda[-1].clamp_min(0).sqrt();
            bool stop = steps >= options.MaxIterations;
            if (tolerance > 0)
            {
                double current = theta.to_type(ScalarType.Float64).item<double>();
                if (residualRule)
                {
                    var t2 = theta * theta;
                    var top = keep[..1];
                    var gap = top.mm(normal!) - t2 * top.mm(basis);
                    residual = where(t2 > 0, linalg.vector_norm(gap) / t2, zeros_like(t2)).to_type(ScalarType.Float64).item<double>();
                    converged = residual <= tolerance;
                }
                else
                {
                    // Two steps at least: one step from a warm block can rise by little and still miss a direction it barely holds.
                    converged = current == 0 || (steps > 1 && current - previous <= tolerance * current);
                }
                stop |= converged;
                previous = current;
            }
            if (stop)
            {
                step.MoveToOuter(keep, theta);
                step.Dispose();
                break;
            }
            normal = CompleteNormal(op, images, normal);
            Tensor fresh;
            if (basis.shape[0] + b > Math.Min(MaxBasis, n))
            {
                // Thick restart from the top b Ritz vectors, with their images (no product): the next block is AᵀA of them.
                (basis, images, normal) = (keep.mm(basis), keep.mm(images), keep.mm(normal));
                fresh = normal;
            }
            else
            {
                fresh = normal[^b..];
            }
            // The new Krylov directions ⊥ span(Q): the last b columns of the Householder QR of [Qᵀ | freshᵀ]. They stay
            // orthonormal and ⊥ Q even when the fresh block is (numerically) inside span(Q), e.g. past the rank of A.
            long k = basis.shape[0];
            var x = linalg.qr(cat([basis, fresh], 0).t()).Q[.., (int)k..].t();
            basis = cat([basis, x], 0);
            images = cat([images, SubspaceIteration.ApplyBlock(op, x)], 0);
            step.MoveToOuter(basis, images, normal);
            step.Dispose();
            steps++;
        }
        var ritz = keep.mm(basis);
        var ritzImages = keep.mm(images);
        var safe = where(theta > 0, theta, ones_like(theta));
        var u = where(theta > 0, ritzImages[0] / safe, Unit(op.OutputSize(), op)).reshape(op.OutputShape);
        var v = ritz[0].reshape(op.InputShape);
        var second = Rows(ritz) > 1;
        return new Outcome(theta, u, v, steps, residual, converged, ritz,
            second ? ritz[1].reshape(op.InputShape) : null, second ? ritzImages[1].reshape(op.OutputShape) : null);
    }

    /// <summary>Z extended by AᵀA of the rows of Q it lacks (the last block), so Z has a row for every row of Q.</summary>
    private static Tensor CompleteNormal(ILinearOperator op, Tensor images, Tensor? normal)
    {
        long missing = images.shape[0] - (normal?.shape[0] ?? 0);
        if (missing == 0) return normal!;
        var added = SubspaceIteration.ApplyTransposeBlock(op, images[^(int)missing..]);
        return normal is null ? added : cat([normal, added], 0);
    }

    /// <summary>σ₁ exactly from the Gram matrix of the small side (m ≤ n: W Wᵀ, else WᵀW); σ = ‖A v‖, A v = σ u.</summary>
    private static Outcome Exact(ILinearOperator op, Tensor matrix)
    {
        long m = matrix.shape[0], n = matrix.shape[1];
        Tensor u, v, sigma;
        if (m <= n)
        {
            var (_, q) = linalg.eigh(matrix.mm(matrix.t()));
            u = q[.., -1];
            var atu = matrix.t().mv(u);
            sigma = linalg.vector_norm(atu);
            v = where(sigma > 0, atu / where(sigma > 0, sigma, ones_like(sigma)), Unit(n, op)); // A v = W Wᵀu/σ = σ u
        }
        else
        {
            var (_, q) = linalg.eigh(matrix.t().mm(matrix));
            v = q[.., -1];
            var av = matrix.mv(v);
            sigma = linalg.vector_norm(av);
            u = where(sigma > 0, av / where(sigma > 0, sigma, ones_like(sigma)), Unit(m, op));
        }
        return new Outcome(sigma, u.reshape(op.OutputShape), v.reshape(op.InputShape), 0, 0, true, null, null, null);
    }

    private static long Rows(Tensor t) => t.shape[0];

    private static Tensor Unit(long size, ILinearOperator op)
    {
        var e = zeros(size, op.DType, op.Device);
        e[0] = 1;
        return e;
    }

    private sealed record Outcome(Tensor Sigma, Tensor U, Tensor V, int Steps, double Residual, bool Converged, Tensor? Basis,
        Tensor? SecondDirection, Tensor? SecondImage);
}
