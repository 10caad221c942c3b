using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>
/// Block (subspace) iteration on AᵀA with Rayleigh–Ritz: a block X of b orthonormal vectors, X ← orth(AᵀA X), the
/// top Ritz pair of span(X) as the σ₁ estimate. The block is kept in <see cref="PowerIterationState.Basis"/> between
/// calls, so the next singular directions are already tracked when the top one moves — the situation spectral
/// scaling creates every step (the corrected direction drops to σ*, the old σ₂ takes over).
/// </summary>
/// <remarks>
/// <para>Returns the triple one half-step past the top Ritz pair (w, θ): u = A w/θ, σ = ‖Aᵀu‖ ≥ θ, v = Aᵀu/σ, so
/// Aᵀu = σ v exactly, as <see cref="PowerIteration"/>. Guarantees (docs/spectral.md): σ ≤ σ₁; θ never decreases; the
/// σ-rule bound of <see cref="StopRule.Sigma"/> holds (the block contains the power iterate of its previous top Ritz
/// vector), and asymptotically the error falls like (σ_{b+1}/σ₁)^(4k) instead of (σ₂/σ₁)^(4k).</para>
/// <para>Cost per iteration: one block product with A and one with Aᵀ (a matrix–matrix product for
/// <see cref="MatrixOperator"/> and the Conv2d <see cref="ReshapedKernelOperator"/>, b products otherwise), a b × b
/// eigendecomposition and a thin QR. Host syncs: one per check, plus one for the final residual (none when
/// RelativeTolerance = 0). Options: MaxIterations, RelativeTolerance, Stop (σ rule: the top Ritz value's last increase;
/// residual rule: ‖Aᵀu − θw‖/θ of the Ritz pair), CheckInterval, WarmStart, Seed/Generator as for power iteration.</para>
/// </remarks>
public sealed class SubspaceIteration : ISpectralNormEstimator
{
    /// <summary>A block iteration with <paramref name="blockSize"/> vectors (clamped to the operator's smaller side).</summary>
    public SubspaceIteration(int blockSize = 4)
    {
        if (blockSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "The block size must be ≥ 1.");
        }
        BlockSize = blockSize;
    }

    /// <summary>Vectors in the block.</summary>
    public int BlockSize { get; }

    /// <inheritdoc />
    public SpectralEstimate Estimate(ILinearOperator op, PowerIterationState state, PowerIterationOptions options)
    {
        options = PowerIterationOptions.ForEstimate(op, state, options);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long n = op.InputSize(), m = op.OutputSize();
        int b = (int)Math.Min(BlockSize, Math.Min(n, m));
        var x = StartBlock(op, state, options, b, n);
        double tolerance = options.RelativeTolerance;
        bool sigmaRule = options.Stop == StopRule.Sigma;
        bool converged = false;
        int iterations = 0;
        Tensor? previousTheta = null;
        var y = ApplyBlock(op, x);
        Tensor ritz, image, theta, z;
        while (true)
        {
            var step = NewDisposeScope(); // per-iteration temporaries; survivors move out explicitly
            // Rayleigh–Ritz on span(X): G = Y Yᵀ = X AᵀA Xᵀ; eigh is ascending, so flip to put σ₁'s pair first.
            var (lambda, q) = linalg.eigh(y.mm(y.t()));
            q = q.flip(1);
            theta = lambda[-1].clamp_min(0).sqrt();
            ritz = q.t().mm(x);   // Ritz vectors (rows, descending)
            image = q.t().mm(y);  // their images A w
            z = ApplyTransposeBlock(op, image[..1]); // AᵀA w₁: the next block's first direction and the final half-step
            bool due = iterations % options.CheckInterval == 0 || iterations == options.MaxIterations;
            bool stop = iterations == options.MaxIterations;
            if (tolerance > 0 && iterations > 0 && due)
            {
                var test = sigmaRule
                    ? (theta - previousTheta!) / theta
                    : linalg.vector_norm(z[0] - theta * theta * ritz[0]) / (theta * theta);
                test = where(theta > 0, test, zeros_like(theta)); // the zero operator has converged
                if (test.to_type(ScalarType.Float64).item<double>() <= tolerance)
                {
                    converged = stop = true;
                }
            }
            if (stop)
            {
                step.MoveToOuter(theta, ritz, image, z);
                step.Dispose();
                break;
            }

            // X ← orth(AᵀA X), reusing AᵀA w₁ (the Ritz rotation leaves the span unchanged); QR keeps row 0's direction.
            var nextX = Orthonormal(cat([z, ApplyTransposeBlock(op, image[1..])], 0));
            var nextY = ApplyBlock(op, nextX);
            step.MoveToOuter(nextX, nextY, theta);
            step.Dispose();
            x.Dispose();
            y.Dispose();
            previousTheta?.Dispose();
            (x, y, previousTheta) = (nextX, nextY, theta);
            iterations++;
        }

        // One half-step past the top Ritz pair: u = A w/θ, Aᵀu = AᵀA w/θ, σ = ‖Aᵀu‖, v = Aᵀu/σ (so Aᵀu = σ v exactly).
        var safeTheta = where(theta > 0, theta, ones_like(theta));
        var u = where(theta > 0, image[0] / safeTheta, Unit(m, op)).reshape(op.OutputShape);
        var atu = z[0] / safeTheta;
        var sigma = linalg.vector_norm(atu);
        var v = where(sigma > 0, atu / where(sigma > 0, sigma, ones_like(sigma)), ritz[0]).reshape(op.InputShape);
        double residual = double.NaN;
        if (tolerance > 0)
        {
            residual = RelativeResidual(op.Apply(v), sigma, u);
        }
        state.Store(u, v);
        state.StoreBasis(cat([v.reshape(1, n), ritz[1..]], 0));
        var secondDirection = b > 1 ? ritz[1].reshape(op.InputShape) : null;
        var secondImage = b > 1 ? image[1].reshape(op.OutputShape) : null;
        scope.MoveToOuter(sigma, u, v);
        if (secondDirection is not null) scope.MoveToOuter(secondDirection, secondImage!);
        return new SpectralEstimate(sigma, u, v, iterations, residual, converged) { SecondDirection = secondDirection, SecondImage = secondImage };
    }

    /// <summary>Rows A xⱼ of the block X (rows): one matrix product for matrix views, one Apply per row otherwise.</summary>
    internal static Tensor ApplyBlock(ILinearOperator op, Tensor x) => MatrixOf(op) is { } matrix
        ? SkinnyProducts.Rows(matrix, x) ?? x.mm(matrix.t())
        : stack(Enumerable.Range(0, (int)x.shape[0]).Select(j => op.Apply(x[j].reshape(op.InputShape)).reshape(-1)).ToArray());

    /// <summary>Rows Aᵀyⱼ of the block Y (rows).</summary>
    internal static Tensor ApplyTransposeBlock(ILinearOperator op, Tensor y) => MatrixOf(op) is { } matrix
        ? SkinnyProducts.Columns(matrix, y) ?? y.mm(matrix)
        : stack(Enumerable.Range(0, (int)y.shape[0]).Select(j => op.ApplyTranspose(y[j].reshape(op.OutputShape)).reshape(-1)).ToArray());

    internal static Tensor? MatrixOf(ILinearOperator op) => op switch
    {
        MatrixOperator matrix => matrix.Matrix,
        ReshapedKernelOperator { TransposedConv: false } kernel => kernel.Kernel.reshape(kernel.OutputShape[0], kernel.InputShape[0]),
        _ => null,
    };

    /// <summary>Orthonormal rows spanning the rows of <paramref name="rows"/> (thin QR; Householder, so a rank-deficient block still yields orthonormal rows).</summary>
    private static Tensor Orthonormal(Tensor rows) => linalg.qr(rows.t()).Q.t();

    private static double RelativeResidual(Tensor av, Tensor sigma, Tensor u)
    {
        using var scope = NewDisposeScope();
        var pair = stack([linalg.vector_norm(av.reshape(-1) - sigma * u.reshape(-1)), sigma]).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        return pair[0] == 0 && pair[1] == 0 ? 0 : pair[0] / pair[1];
    }

    private static Tensor Unit(long size, ILinearOperator op)
    {
        var e = zeros(size, op.DType, op.Device);
        e[0] = 1;
        return e;
    }

    internal static Tensor StartBlock(ILinearOperator op, PowerIterationState state, PowerIterationOptions options, int b, long n)
    {
        Tensor? warm = null;
        if (options.WarmStart && state.Basis is { } basis && basis.dim() == 2 && basis.shape[0] == b && basis.shape[1] == n)
        {
            warm = basis.to(op.DType, op.Device);
        }
        else if (options.WarmStart && state.HasVectors)
        {
            if (!state.V!.shape.SequenceEqual(op.InputShape) || !state.U!.shape.SequenceEqual(op.OutputShape))
            {
                throw new ArgumentException(
                    $"Subspace iteration state has u [{string.Join(", ", state.U!.shape)}], v [{string.Join(", ", state.V!.shape)}] but the operator maps " +
                    $"[{string.Join(", ", op.InputShape)}] → [{string.Join(", ", op.OutputShape)}]: keep one state per layer, or pass a new PowerIterationState().",
                    nameof(state));
            }
            // A power-iteration state: keep its v as the first direction, fill the block randomly.
            warm = b == 1 ? state.V.reshape(1, n).to(op.DType, op.Device) : cat([state.V.reshape(1, n).to(op.DType, op.Device), Random(op, options, b - 1, n)], 0);
        }
        return Orthonormal(warm ?? Random(op, options, b, n));
    }

    private static Tensor Random(ILinearOperator op, PowerIterationOptions options, int rows, long n)
    {
        var generator = options.Generator ?? new Generator(unchecked((ulong)options.Seed), CPU);
        try
        {
            return randn([rows, n], ScalarType.Float64, CPU, generator: generator).to(op.DType, op.Device);
        }
        finally
        {
            if (options.Generator is null)
            {
                generator.Dispose();
            }
        }
    }
}
