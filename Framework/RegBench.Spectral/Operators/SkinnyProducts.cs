using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>
/// Products of a float32 CPU matrix W (m × n, row-major) with a few vectors, the block estimators' inner loop: X·Wᵀ
/// (<see cref="Rows"/>) and Y·W (<see cref="Columns"/>) for blocks of up to a few dozen rows. oneMKL (libtorch's BLAS) runs
/// these at 4–8× the time of one pass over W on this project's AMD machines (docs/performance.md); these loops read W once
/// per four vectors with AVX2 FMAs, 2–3× faster there. <see cref="PowerStep"/> is one power-iteration step (Wv, then WᵀWv)
/// from a single read of W; <see cref="PowerSteps"/> runs several on an operator's matrix. Anything else (another dtype or device, no AVX2/FMA, a wide block, a product autograd would
/// have to record) returns null and the caller uses torch.
/// </summary>
/// <remarks>
/// Single-threaded: a second thread measured no faster (libtorch's OpenMP workers spin between its own regions on the same
/// cores). Accumulation is in float32 in a different order from BLAS, so results agree with torch's to float32 rounding
/// (relative ~1e-6), not bitwise.
/// </remarks>
public static unsafe class SkinnyProducts
{
    /// <summary>Widest block handled here; wider blocks are matrix–matrix products BLAS does well.</summary>
    public const long MaxBlock = 32;

    /// <summary>True when this machine runs the AVX2/FMA loops (else every call returns null).</summary>
    public static bool Supported { get; } = Avx2.IsSupported && Fma.IsSupported;

    /// <summary>X·Wᵀ (b × m) for X (b × n), or null when the fast path does not apply.</summary>
    public static Tensor? Rows(Tensor matrix, Tensor block)
    {
        if (!Applies(matrix, block, matrix.shape[1])) return null;
        long m = matrix.shape[0], n = matrix.shape[1], b = block.shape[0], padded = Padded(b);
        using var w = matrix.contiguous();
        using var x = PadRows(block, padded);
        var transposed = empty([m, padded], ScalarType.Float32); // row i holds the padded products of W's row i
        RowsKernel(Pointer(w), Pointer(x), Pointer(transposed), m, n, padded);
        using var _ = transposed;
        return transposed.narrow(1, 0, b).t().contiguous();
    }

    /// <summary>Y·W (b × n) for Y (b × m), or null when the fast path does not apply.</summary>
    public static Tensor? Columns(Tensor matrix, Tensor block)
    {
        if (!Applies(matrix, block, matrix.shape[0])) return null;
        long m = matrix.shape[0], n = matrix.shape[1], b = block.shape[0], padded = Padded(b);
        using var w = matrix.contiguous();
        using var padY = PadRows(block, padded);
        using var y = padY.t().contiguous(); // m × padded: the coefficients of W's row i side by side
        var output = zeros([padded, n], ScalarType.Float32);
        ColumnsKernel(Pointer(w), Pointer(y), Pointer(output), m, n, padded);
        if (padded == b) return output;
        using var _ = output;
        return output.narrow(0, 0, b).contiguous();
    }

    /// <summary>
    /// <paramref name="iterations"/> <see cref="PowerStep"/>s on the matrix of <paramref name="op"/>: a <see cref="MatrixOperator"/>'s
    /// matrix, or a contiguous Conv2d-layout kernel viewed as out × in·kh·kw (<see cref="ReshapedKernelOperator"/>). Returns the
    /// last step's σ, or null with u, v unchanged when the loops do not apply (another operator, dtype or device, no iterations).
    /// </summary>
    public static double? PowerSteps(ILinearOperator op, Tensor u, Tensor v, int iterations, double eps)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (iterations < 1) return null;
        using var view = op is ReshapedKernelOperator { TransposedConv: false, Kernel: { } kernel } && kernel.is_contiguous()
            ? kernel.view(op.OutputShape[0], op.InputShape[0])
            : null;
        var matrix = view ?? (op as MatrixOperator)?.Matrix;
        if (matrix is null || PowerStep(matrix, u, v, eps) is not { } sigma) return null;
        for (int step = 1; step < iterations; step++) sigma = PowerStep(matrix, u, v, eps)!.Value; // the first step's checks hold for the rest
        return sigma;
    }

    /// <summary>
    /// One power step on a float32 CPU matrix W, in place: u ← Wv/max(‖Wv‖, eps), then v ← Wᵀu/max(‖Wᵀu‖, eps), each keeping
    /// its previous value when the product is zero (PyTorch's spectral_norm step); returns σ = (Wᵀu)·v. One read of W:
    /// each row's product with v is added back times the row while the row is in L1, since Wᵀ(Wv) = Σᵢ (Wᵢ·v) Wᵢ and Wᵀu is
    /// that sum over ‖Wv‖. Returns null and changes nothing when the loops do not apply (u, v must be float32, contiguous and
    /// on the CPU; u has W's row count of elements, v its column count).
    /// </summary>
    public static double? PowerStep(Tensor matrix, Tensor u, Tensor v, double eps)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(v);
        if (!Handles(matrix) || !Vector(u, matrix.shape[0]) || !Vector(v, matrix.shape[1])) return null;
        if (is_grad_enabled() && (matrix.requires_grad || u.requires_grad || v.requires_grad)) return null;
        long m = matrix.shape[0], n = matrix.shape[1];
        using var w = matrix.contiguous();
        var transposed = new float[n];
        var image = new float[m];
        fixed (float* t = transposed, a = image)
        {
            float* pw = Pointer(w), pu = Pointer(u), pv = Pointer(v);
            NormalRowKernel(pw, pv, a, t, m, n);
            double imageNorm = Norm(a, m);
            if (imageNorm > 0)
            {
                double scale = 1 / Math.Max(imageNorm, eps);
                for (long i = 0; i < m; i++) pu[i] = (float)(a[i] * scale);
                for (long j = 0; j < n; j++) t[j] = (float)(t[j] * scale);
            }
            else
            {
                // W v = 0: u keeps its value, and Wᵀu needs its own pass.
                new Span<float>(t, checked((int)n)).Clear();
                for (long i = 0; i < m; i++)
                {
                    float c = pu[i];
                    float* row = pw + i * n;
                    for (long j = 0; j < n; j++) t[j] += c * row[j];
                }
            }
            double transposedNorm = Norm(t, n);
            if (transposedNorm > 0)
            {
                double scale = 1 / Math.Max(transposedNorm, eps);
                for (long j = 0; j < n; j++) pv[j] = (float)(t[j] * scale);
            }
            double sigma = 0;
            for (long j = 0; j < n; j++) sigma += (double)t[j] * pv[j];
            return sigma;
        }
    }

    private static bool Vector(Tensor x, long length) =>
        x.dtype == ScalarType.Float32 && x.device.type == DeviceType.CPU && x.is_contiguous() && x.numel() == length;

    private static double Norm(float* x, long length)
    {
        double sum = 0;
        for (long i = 0; i < length; i++) sum += (double)x[i] * x[i];
        return Math.Sqrt(sum);
    }

    // image[i] = W[i, :]·v and normal += image[i]·W[i, :] (normal zeroed first), two rows of W at a time.
    private static void NormalRowKernel(float* w, float* v, float* image, float* normal, long m, long n)
    {
        new Span<float>(normal, checked((int)n)).Clear();
        long n8 = n / 8 * 8, i = 0;
        for (; i + 2 <= m; i += 2)
        {
            float* wa = w + i * n, wb = wa + n;
            Vector256<float> sa = default, sb = default;
            for (long j = 0; j < n8; j += 8)
            {
                var x = Vector256.Load(v + j);
                sa = Fma.MultiplyAdd(Vector256.Load(wa + j), x, sa);
                sb = Fma.MultiplyAdd(Vector256.Load(wb + j), x, sb);
            }
            float a = Vector256.Sum(sa), b = Vector256.Sum(sb);
            for (long j = n8; j < n; j++)
            {
                a += wa[j] * v[j];
                b += wb[j] * v[j];
            }
            (image[i], image[i + 1]) = (a, b);
            Vector256<float> va = Vector256.Create(a), vb = Vector256.Create(b);
            for (long j = 0; j < n8; j += 8)
            {
                Fma.MultiplyAdd(vb, Vector256.Load(wb + j), Fma.MultiplyAdd(va, Vector256.Load(wa + j), Vector256.Load(normal + j))).Store(normal + j);
            }
            for (long j = n8; j < n; j++) normal[j] += a * wa[j] + b * wb[j];
        }
        if (i < m)
        {
            float* row = w + i * n;
            float a = 0;
            for (long j = 0; j < n; j++) a += row[j] * v[j];
            image[i] = a;
            for (long j = 0; j < n; j++) normal[j] += a * row[j];
        }
    }

    private static bool Applies(Tensor matrix, Tensor block, long inner) =>
        Handles(matrix) && block.dim() == 2 && block.shape[1] == inner && block.shape[0] is > 0 and <= MaxBlock
        && block.dtype == ScalarType.Float32 && block.device.type == DeviceType.CPU
        && (!is_grad_enabled() || !(matrix.requires_grad || block.requires_grad)); // no autograd graph is recorded here

    /// <summary>True when the loops run on <paramref name="matrix"/>: AVX2/FMA here, a float32 CPU matrix of at most 2³¹ bytes.</summary>
    internal static bool Handles(Tensor matrix) =>
        Supported && matrix.dim() == 2 && matrix.dtype == ScalarType.Float32 && matrix.device.type == DeviceType.CPU
        && matrix.numel() is > 0 and <= int.MaxValue / sizeof(float);

    private static long Padded(long b) => (b + 3) / 4 * 4;

    /// <summary>A contiguous copy of <paramref name="block"/> with zero rows appended up to <paramref name="rows"/>.</summary>
    private static Tensor PadRows(Tensor block, long rows) =>
        rows == block.shape[0] ? block.contiguous() : nn.functional.pad(block, [0, 0, 0, rows - block.shape[0]]);

    internal static float* Pointer(Tensor t) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    // out[i, g..g+3] = W[i, :]·X[g..g+3, :], two rows of W at a time (eight accumulators; X's four rows stay in L1).
    internal static void RowsKernel(float* w, float* x, float* output, long m, long n, long padded)
    {
        long n8 = n / 8 * 8;
        for (long g = 0; g < padded; g += 4)
        {
            float* x0 = x + g * n, x1 = x0 + n, x2 = x1 + n, x3 = x2 + n;
            long i = 0;
            for (; i + 2 <= m; i += 2)
            {
                float* wa = w + i * n, wb = wa + n;
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, c0 = default, c1 = default, c2 = default, c3 = default;
                for (long j = 0; j < n8; j += 8)
                {
                    var va = Vector256.Load(wa + j);
                    var vb = Vector256.Load(wb + j);
                    var y0 = Vector256.Load(x0 + j);
                    a0 = Fma.MultiplyAdd(va, y0, a0);
                    c0 = Fma.MultiplyAdd(vb, y0, c0);
                    var y1 = Vector256.Load(x1 + j);
                    a1 = Fma.MultiplyAdd(va, y1, a1);
                    c1 = Fma.MultiplyAdd(vb, y1, c1);
                    var y2 = Vector256.Load(x2 + j);
                    a2 = Fma.MultiplyAdd(va, y2, a2);
                    c2 = Fma.MultiplyAdd(vb, y2, c2);
                    var y3 = Vector256.Load(x3 + j);
                    a3 = Fma.MultiplyAdd(va, y3, a3);
                    c3 = Fma.MultiplyAdd(vb, y3, c3);
                }
                float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
                float t0 = Vector256.Sum(c0), t1 = Vector256.Sum(c1), t2 = Vector256.Sum(c2), t3 = Vector256.Sum(c3);
                for (long j = n8; j < n; j++)
                {
                    float u = wa[j], v = wb[j];
                    s0 += u * x0[j]; s1 += u * x1[j]; s2 += u * x2[j]; s3 += u * x3[j];
                    t0 += v * x0[j]; t1 += v * x1[j]; t2 += v * x2[j]; t3 += v * x3[j];
                }
                float* o = output + i * padded + g;
                (o[0], o[1], o[2], o[3]) = (s0, s1, s2, s3);
                o += padded;
                (o[0], o[1], o[2], o[3]) = (t0, t1, t2, t3);
            }
            for (; i < m; i++)
            {
                float* row = w + i * n;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (long j = 0; j < n; j++)
                {
                    float u = row[j];
                    s0 += u * x0[j]; s1 += u * x1[j]; s2 += u * x2[j]; s3 += u * x3[j];
                }
                float* o = output + i * padded + g;
                (o[0], o[1], o[2], o[3]) = (s0, s1, s2, s3);
            }
        }
    }

    // out[g..g+3, :] += Σᵢ y[i, g..g+3]·W[i, :], four rows of W at a time streamed along the row (the four output rows, 4n
    // floats, stay in L1 for n ≤ 2048 and in L2 beyond).
    internal static void ColumnsKernel(float* w, float* y, float* output, long m, long n, long padded)
    {
        long n8 = n / 8 * 8;
        for (long g = 0; g < padded; g += 4)
        {
            float* o0 = output + g * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
            long i = 0;
            for (; i + 4 <= m; i += 4)
            {
                float* w0 = w + i * n, w1 = w0 + n, w2 = w1 + n, w3 = w2 + n;
                float* c = y + i * padded + g; // c[r * padded + k]: the coefficient of W's row i + r in output row g + k
                Vector256<float> y00 = Vector256.Create(c[0]), y01 = Vector256.Create(c[1]), y02 = Vector256.Create(c[2]), y03 = Vector256.Create(c[3]);
                c += padded;
                Vector256<float> y10 = Vector256.Create(c[0]), y11 = Vector256.Create(c[1]), y12 = Vector256.Create(c[2]), y13 = Vector256.Create(c[3]);
                c += padded;
                Vector256<float> y20 = Vector256.Create(c[0]), y21 = Vector256.Create(c[1]), y22 = Vector256.Create(c[2]), y23 = Vector256.Create(c[3]);
                c += padded;
                Vector256<float> y30 = Vector256.Create(c[0]), y31 = Vector256.Create(c[1]), y32 = Vector256.Create(c[2]), y33 = Vector256.Create(c[3]);
                for (long j = 0; j < n8; j += 8)
                {
                    var a = Vector256.Load(w0 + j);
                    var b = Vector256.Load(w1 + j);
                    var d = Vector256.Load(w2 + j);
                    var e = Vector256.Load(w3 + j);
                    Fma.MultiplyAdd(y30, e, Fma.MultiplyAdd(y20, d, Fma.MultiplyAdd(y10, b, Fma.MultiplyAdd(y00, a, Vector256.Load(o0 + j))))).Store(o0 + j);
                    Fma.MultiplyAdd(y31, e, Fma.MultiplyAdd(y21, d, Fma.MultiplyAdd(y11, b, Fma.MultiplyAdd(y01, a, Vector256.Load(o1 + j))))).Store(o1 + j);
                    Fma.MultiplyAdd(y32, e, Fma.MultiplyAdd(y22, d, Fma.MultiplyAdd(y12, b, Fma.MultiplyAdd(y02, a, Vector256.Load(o2 + j))))).Store(o2 + j);
                    Fma.MultiplyAdd(y33, e, Fma.MultiplyAdd(y23, d, Fma.MultiplyAdd(y13, b, Fma.MultiplyAdd(y03, a, Vector256.Load(o3 + j))))).Store(o3 + j);
                }
                for (long j = n8; j < n; j++)
                {
                    float* k0 = y + i * padded + g;
                    for (long k = 0; k < 4; k++)
                        output[(g + k) * n + j] += k0[k] * w0[j] + k0[padded + k] * w1[j] + k0[2 * padded + k] * w2[j] + k0[3 * padded + k] * w3[j];
                }
            }
            for (; i < m; i++)
            {
                float* row = w + i * n;
                for (long k = 0; k < 4; k++)
                {
                    float coefficient = y[i * padded + g + k];
                    float* o = output + (g + k) * n;
                    for (long j = 0; j < n; j++) o[j] += coefficient * row[j];
                }
            }
        }
    }
}
