using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace RegBench.Spectral;

public sealed partial class BlockKrylov
{
    [ThreadStatic]
    private static Float32Workspace? workspace;

    /// <summary>
    /// <see cref="Iterate"/> for a float32 CPU matrix W (m × n) with no torch call between the products: the block products run
    /// in <see cref="SkinnyProducts"/>' AVX2 loops on W's memory, and the basis Q, its images P = Q Wᵀ, the normal rows
    /// Z = P W, the Gram matrix, its eigendecomposition and the Gram–Schmidt step live in float64 buffers reused across
    /// calls (<see cref="RitzAlgebra"/>). Same steps, stop rules, restarts and outcome as the torch loop; only the
    /// rounding differs (float64 small algebra instead of float32 torch kernels).
    /// </summary>
    private unsafe Outcome IterateFloat32(Tensor matrix, ILinearOperator op, PowerIterationState state, PowerIterationOptions options, int b)
    {
        long m = matrix.shape[0], n = matrix.shape[1];
        int limit = (int)Math.Min(MaxBasis, n); // the basis grows to ≤ limit rows, or 2b right after a restart
        int capacity = Math.Max(limit, 2 * b);
        var buffers = workspace ??= new Float32Workspace();
        buffers.Reserve(capacity, m, n, b);
        using var contiguous = matrix.contiguous();
        fixed (double* q = buffers.Basis, p = buffers.Images, z = buffers.Normal, scratch = buffers.Scratch, gramAll = buffers.GramAll)
        fixed (double* gram = buffers.Gram, values = buffers.Values, vectors = buffers.Vectors, keep = buffers.Keep, off = buffers.OffDiagonal)
        fixed (float* block = buffers.Block, imagesT = buffers.ImagesT, normalBlock = buffers.NormalBlock)
        {
            var run = new Float32Products(SkinnyProducts.Pointer(contiguous), m, n, b, q, p, z, block, imagesT, normalBlock, gramAll, capacity);
            LoadStart(op, state, options, b, n, q);
            run.Apply(0);
            double tolerance = options.RelativeTolerance, previous = double.NaN, residual = double.NaN, theta;
            bool residualRule = options.Stop == StopRule.Residual && tolerance > 0, converged = false;
            int steps = 0;
            while (true)
            {
                if (residualRule) run.CompleteNormal();
                // Rayleigh–Ritz on span(Q): G = P Pᵀ = Q AᵀA Qᵀ, eigenvalues descending; keep = the top b eigenvectors as rows.
                int rows = run.Rows;
                run.Gram(gram);
                RitzAlgebra.SymmetricEigen(gram, rows, values, vectors, off);
                for (int j = 0; j < b; j++)
                {
                    for (int i = 0; i < rows; i++) keep[j * rows + i] = vectors[i * rows + j];
                }
                double lambda = Math.Max(values[0], 0);
                theta = Math.Sqrt(lambda);
                bool stop = steps >= options.MaxIterations;
                if (tolerance > 0)
                {
                    if (residualRule)
                    {
                        // ‖keep₀ Z − θ² keep₀ Q‖/θ²: the residual of the top Ritz pair of AᵀA.
                        RitzAlgebra.Combine(keep, 1, rows, z, n, scratch);
                        RitzAlgebra.Combine(keep, 1, rows, q, n, scratch + n);
                        RitzAlgebra.AddScaled(scratch, -lambda, scratch + n, n);
                        residual = lambda > 0 ? RitzAlgebra.Norm(scratch, n) / lambda : 0;
                        converged = residual <= tolerance;
                    }
                    else
                    {
                        // Two steps at least, as the torch loop.
                        converged = theta == 0 || (steps > 1 && theta - previous <= tolerance * theta);
                    }
                    stop |= converged;
                    previous = theta;
                }
                if (stop) break;
                run.CompleteNormal();
                // Thick restart from the top b Ritz vectors with their images and normal rows (no product) when full.
                int fresh = rows + b > limit ? run.Restart(keep, scratch) : rows - b;
                // The new Krylov directions: the fresh normal rows made orthonormal to Q and to each other.
                rows = run.Rows;
                for (int r = 0; r < b; r++)
                {
                    Buffer.MemoryCopy(z + (fresh + r) * n, q + (rows + r) * n, n * sizeof(double), n * sizeof(double));
                    RitzAlgebra.Orthonormalize(q, rows + r, n);
                }
                run.Apply(rows);
                steps++;
            }
            return RitzTriple(op, b, m, n, q, p, keep, run.Rows, theta, steps, residual, converged, scratch);
        }
    }

    /// <summary>
    /// <see cref="Exact"/> for a float32 CPU matrix: the short side's Gram matrix (W Wᵀ or WᵀW, k ≤ <see cref="ExactSide"/>)
    /// accumulated in float64 from W's memory, its top eigenvector, and the long side's vector from one pass over W.
    /// </summary>
    private static unsafe Outcome ExactFloat32(ILinearOperator op, Tensor matrix)
    {
        long m = matrix.shape[0], n = matrix.shape[1];
        bool wide = m <= n; // the short side's vectors are W's rows (wide) or its columns (tall)
        int k = (int)Math.Min(m, n);
        long length = Math.Max(m, n);
        using var contiguous = matrix.contiguous();
        float* w = SkinnyProducts.Pointer(contiguous);
        var lines = new double[k * length];
        var (gram, values, vectors, off, image) = (new double[k * k], new double[k], new double[k * k], new double[k], new double[length]);
        fixed (double* r = lines, g = gram, d = values, e = vectors, scratch = off, t = image)
        {
            for (long i = 0; i < m; i++)
            {
                for (long j = 0; j < n; j++) r[wide ? i * n + j : j * m + i] = w[i * n + j];
            }
            for (int a = 0; a < k; a++)
            {
                for (int c = 0; c <= a; c++) g[a * k + c] = g[c * k + a] = RitzAlgebra.Dot(r + a * length, r + c * length, length);
            }
            RitzAlgebra.SymmetricEigen(g, k, d, e, scratch);
            var top = new double[k];
            for (int i = 0; i < k; i++) top[i] = e[i * k];
            fixed (double* q = top) RitzAlgebra.Combine(q, 1, k, r, length, t); // Wᵀu (wide) or W v (tall)
            double sigma = RitzAlgebra.Norm(t, length);
            var shortSide = tensor(top.Select(x => (float)x).ToArray());
            var longSide = tensor(image.Select((x, i) => sigma > 0 ? (float)(x / sigma) : i == 0 ? 1f : 0f).ToArray());
            var (u, v) = wide ? (shortSide, longSide) : (longSide, shortSide);
            return new Outcome(tensor((float)sigma), u.reshape(op.OutputShape), v.reshape(op.InputShape), 0, 0, true, null, null, null);
        }
    }

    /// <summary>The warm block (the state's basis, orthonormalized here) or the torch start block, as rows 0..b−1 of Q.</summary>
    private static unsafe void LoadStart(ILinearOperator op, PowerIterationState state, PowerIterationOptions options, int b, long n, double* q)
    {
        bool warm = options.WarmStart && state.Basis is { } basis && basis.dim() == 2 && basis.shape[0] == b && basis.shape[1] == n;
        using var start = (warm ? state.Basis! : SubspaceIteration.StartBlock(op, state, options, b, n)).to(ScalarType.Float64, CPU).contiguous();
        MemoryMarshal.Cast<byte, double>(start.bytes).CopyTo(new Span<double>(q, checked((int)(b * n))));
        if (!warm) return;
        for (int r = 0; r < b; r++) RitzAlgebra.Orthonormalize(q, r, n);
    }

    /// <summary>The top Ritz triple and the block as float32 tensors: w = keep Q, A w = keep P, u = A w₁/θ (e₁ when θ = 0), σ = θ.</summary>
    private static unsafe Outcome RitzTriple(ILinearOperator op, int b, long m, long n, double* q, double* p, double* keep, int rows,
        double theta, int steps, double residual, bool converged, double* scratch)
    {
        var basis = empty([b, n], ScalarType.Float32);
        var images = empty([b, m], ScalarType.Float32);
        var u = empty([m], ScalarType.Float32);
        float* ritz = SkinnyProducts.Pointer(basis), ritzImages = SkinnyProducts.Pointer(images), left = SkinnyProducts.Pointer(u);
        for (int j = 0; j < b; j++)
        {
            RitzAlgebra.Combine(keep + j * rows, 1, rows, q, n, scratch);
            for (long i = 0; i < n; i++) ritz[j * n + i] = (float)scratch[i];
            RitzAlgebra.Combine(keep + j * rows, 1, rows, p, m, scratch);
            for (long i = 0; i < m; i++) ritzImages[j * m + i] = (float)scratch[i];
            if (j > 0) continue;
            for (long i = 0; i < m; i++) left[i] = theta > 0 ? (float)(scratch[i] / theta) : i == 0 ? 1 : 0;
        }
        var second = b > 1;
        return new Outcome(tensor((float)theta), u.reshape(op.OutputShape), basis[0].reshape(op.InputShape), steps, residual,
            converged, basis, second ? basis[1].reshape(op.InputShape) : null, second ? images[1].reshape(op.OutputShape) : null);
    }

    /// <summary>
    /// The float32 loop's rows and products: Q (basis), P = Q Wᵀ (images) and Z = P W (normal rows, filled up to the last block
    /// on demand), row-major float64 with <see cref="Rows"/> rows; the last block goes through W in float32 scratch. Valid
    /// only while the caller keeps the buffers fixed.
    /// </summary>
    private sealed unsafe class Float32Products(float* w, long m, long n, int b, double* q, double* p, double* z,
        float* block, float* imagesT, float* normalBlock, double* gramAll, int stride)
    {
        private readonly long padded = (b + 3) / 4 * 4;
        private int normalRows, gramRows;

        /// <summary>Rows of Q and P.</summary>
        public int Rows { get; private set; }

        /// <summary>P's rows first..first+b−1 ← A of Q's; Q now has first + b rows.</summary>
        public void Apply(int first)
        {
            new Span<float>(block, checked((int)(padded * n))).Clear();
            for (int r = 0; r < b; r++)
            {
                for (long j = 0; j < n; j++) block[r * n + j] = (float)q[(first + r) * n + j];
            }
            SkinnyProducts.RowsKernel(w, block, imagesT, m, n, padded); // imagesT (m × padded) stays: the next AᵀA block's input
            for (int r = 0; r < b; r++)
            {
                for (long i = 0; i < m; i++) p[(first + r) * m + i] = imagesT[i * padded + r];
            }
            Rows = first + b;
        }

        /// <summary>Z gets the rows of the last block (AᵀA of its Q rows) when it lacks them.</summary>
        public void CompleteNormal()
        {
            if (normalRows == Rows) return;
            new Span<float>(normalBlock, checked((int)(padded * n))).Clear();
            SkinnyProducts.ColumnsKernel(w, imagesT, normalBlock, m, n, padded);
            for (int r = 0; r < Rows - normalRows; r++)
            {
                for (long j = 0; j < n; j++) z[(normalRows + r) * n + j] = normalBlock[r * n + j];
            }
            normalRows = Rows;
        }

        /// <summary>The Gram matrix P Pᵀ (Rows × Rows, row-major) into <paramref name="gram"/>, computing only the entries of rows added since the last call.</summary>
        public void Gram(double* gram)
        {
            for (int a = gramRows; a < Rows; a++)
            {
                for (int c = 0; c <= a; c++) gramAll[a * stride + c] = gramAll[c * stride + a] = RitzAlgebra.Dot(p + a * m, p + c * m, m);
            }
            gramRows = Rows;
            for (int a = 0; a < Rows; a++) Buffer.MemoryCopy(gramAll + a * stride, gram + a * Rows, Rows * sizeof(double), Rows * sizeof(double));
        }

        /// <summary>Q, P, Z ← keep·(Q, P, Z): the top b Ritz vectors, their images and normal rows; returns Z's first fresh row (0).</summary>
        public int Restart(double* keep, double* scratch)
        {
            KeepTop(keep, q, n, scratch);
            KeepTop(keep, p, m, scratch);
            KeepTop(keep, z, n, scratch);
            Rows = normalRows = b;
            gramRows = 0;
            return 0;
        }

        private void KeepTop(double* keep, double* rows, long length, double* scratch)
        {
            RitzAlgebra.Combine(keep, b, Rows, rows, length, scratch);
            Buffer.MemoryCopy(scratch, rows, b * length * sizeof(double), b * length * sizeof(double));
        }
    }

    /// <summary>Pinned buffers of one thread's float32 block Krylov calls, grown to the largest layer seen and then reused.</summary>
    private sealed class Float32Workspace
    {
        public double[] Basis = [], Images = [], Normal = [], Scratch = [], GramAll = [], Gram = [], Values = [], Vectors = [], Keep = [], OffDiagonal = [];
        public float[] Block = [], ImagesT = [], NormalBlock = [];

        public void Reserve(int capacity, long m, long n, int b)
        {
            long padded = (b + 3) / 4 * 4;
            Grow(ref Basis, capacity * n);
            Grow(ref Normal, capacity * n);
            Grow(ref Images, capacity * m);
            Grow(ref Scratch, capacity * Math.Max(m, n));
            Grow(ref GramAll, capacity * capacity);
            Grow(ref Gram, capacity * capacity);
            Grow(ref OffDiagonal, capacity);
            Grow(ref Vectors, capacity * capacity);
            Grow(ref Values, capacity);
            Grow(ref Keep, capacity * capacity);
            Grow(ref Block, padded * n);
            Grow(ref NormalBlock, padded * n);
            Grow(ref ImagesT, m * padded);
        }

        private static void Grow<T>(ref T[] buffer, long length)
        {
            if (buffer.Length < length) buffer = GC.AllocateUninitializedArray<T>(checked((int)length));
        }
    }
}
