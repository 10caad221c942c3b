using System.Runtime.Intrinsics;

namespace RegBench.Spectral;

/// <summary>
/// The small dense float64 algebra of a block Krylov step, on rows of length n in native memory: dot products,
/// combinations of rows, Gram–Schmidt against a basis, and the k × k symmetric eigendecomposition (tridiagonal QL). k is at most a few dozen, so these cost microseconds where a torch call costs tens of them to dispatch.
/// </summary>
internal static unsafe class RitzAlgebra
{
    /// <summary>a·b over <paramref name="n"/> doubles.</summary>
    public static double Dot(double* a, double* b, long n)
    {
        long j = 0;
        Vector256<double> s0 = default, s1 = default;
        for (; j + 8 <= n; j += 8)
        {
            s0 += Vector256.Load(a + j) * Vector256.Load(b + j);
            s1 += Vector256.Load(a + j + 4) * Vector256.Load(b + j + 4);
        }
        double sum = Vector256.Sum(s0 + s1);
        for (; j < n; j++) sum += a[j] * b[j];
        return sum;
    }

    /// <summary>y += c·x over <paramref name="n"/> doubles.</summary>
    public static void AddScaled(double* y, double c, double* x, long n)
    {
        long j = 0;
        var vc = Vector256.Create(c);
        for (; j + 4 <= n; j += 4) (Vector256.Load(y + j) + vc * Vector256.Load(x + j)).Store(y + j);
        for (; j < n; j++) y[j] += c * x[j];
    }

    /// <summary>out (c × n) = C R: row j of out is Σᵢ C[j, i]·R[i] over the first <paramref name="k"/> rows of R; out must not overlap R.</summary>
    public static void Combine(double* coefficients, int c, int k, double* rows, long n, double* output)
    {
        for (int j = 0; j < c; j++)
        {
            var target = output + j * n;
            new Span<double>(target, checked((int)n)).Clear();
            for (int i = 0; i < k; i++) AddScaled(target, coefficients[j * k + i], rows + i * n, n);
        }
    }

    /// <summary>‖x‖₂ of <paramref name="n"/> doubles.</summary>
    public static double Norm(double* x, long n) => Math.Sqrt(Dot(x, x, n));

    /// <summary>
    /// Makes row <paramref name="k"/> of <paramref name="rows"/> unit and orthogonal to rows 0..k−1 (orthonormal already):
    /// modified Gram–Schmidt twice ("twice is enough"). A row that is (numerically) inside their span, or zero, is replaced
    /// by the first unit vector eⱼ with a large enough part outside it, so the rows stay orthonormal past the operator's rank.
    /// Needs k &lt; n.
    /// </summary>
    public static void Orthonormalize(double* rows, int k, long n)
    {
        var x = rows + k * n;
        double before = Norm(x, n);
        Project(rows, k, n, x);
        double after = Norm(x, n);
        if (after > 1e-12 * before && after > 1e-300)
        {
            Scale(x, 1 / after, n);
            return;
        }
        // Past the span's rank: the completion by the eⱼ with the largest remainder among the first few that leave one.
        double best = -1;
        long bestIndex = 0;
        for (long j = 0; j < n; j++)
        {
            new Span<double>(x, checked((int)n)).Clear();
            x[j] = 1;
            Project(rows, k, n, x);
            double remainder = Norm(x, n);
            if (remainder > best) (best, bestIndex) = (remainder, j);
            if (remainder > 0.5) break;
        }
        new Span<double>(x, checked((int)n)).Clear();
        x[bestIndex] = 1;
        Project(rows, k, n, x);
        Scale(x, 1 / Norm(x, n), n);
    }

    /// <summary>x ← x minus its projection on rows 0..k−1, two modified Gram–Schmidt passes.</summary>
    private static void Project(double* rows, int k, long n, double* x)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < k; i++) AddScaled(x, -Dot(rows + i * n, x, n), rows + i * n, n);
        }
    }

    private static void Scale(double* x, double c, long n)
    {
        for (long j = 0; j < n; j++) x[j] *= c;
    }

    /// <summary>
    /// Eigendecomposition of the symmetric k × k matrix A (row-major, read only): eigenvalues in descending order in
    /// <paramref name="values"/>, the matching orthonormal eigenvectors as the columns of <paramref name="vectors"/> (k × k,
    /// row-major), with <paramref name="offDiagonal"/> (k doubles) as scratch. Householder reduction to tridiagonal form, then
    /// the implicit QL method with Wilkinson shifts (tred2/tql2 of EISPACK as JAMA gives them): about 9k³ flops, backward
    /// stable. A non-finite A gives NaN eigenvalues and the identity.
    /// </summary>
    public static void SymmetricEigen(double* a, int k, double* values, double* vectors, double* offDiagonal)
    {
        double sum = 0;
        for (int i = 0; i < k * k; i++) sum += a[i];
        if (!double.IsFinite(sum))
        {
            new Span<double>(vectors, k * k).Clear();
            for (int i = 0; i < k; i++) (values[i], vectors[i * k + i]) = (double.NaN, 1);
            return;
        }
        Buffer.MemoryCopy(a, vectors, k * k * sizeof(double), k * k * sizeof(double));
        Tridiagonalize(vectors, k, values, offDiagonal);
        DiagonalizeTridiagonal(vectors, k, values, offDiagonal);
        // Selection sort, descending, columns alongside (k is small).
        for (int i = 0; i < k; i++)
        {
            int top = i;
            for (int j = i + 1; j < k; j++)
            {
                if (values[j] > values[top]) top = j;
            }
            if (top == i) continue;
            (values[i], values[top]) = (values[top], values[i]);
            for (int r = 0; r < k; r++) (vectors[r * k + i], vectors[r * k + top]) = (vectors[r * k + top], vectors[r * k + i]);
        }
    }

    /// <summary>tred2: V (holding A) ← the orthogonal Q of A = Q T Qᵀ; d, e ← T's diagonal and subdiagonal (e[0] = 0).</summary>
    private static void Tridiagonalize(double* v, int k, double* d, double* e)
    {
        for (int j = 0; j < k; j++) d[j] = v[(k - 1) * k + j];
        for (int i = k - 1; i > 0; i--)
        {
            double scale = 0, h = 0;
            for (int j = 0; j < i; j++) scale += Math.Abs(d[j]);
            if (scale == 0)
            {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++)
                {
                    d[j] = v[(i - 1) * k + j];
                    v[i * k + j] = 0;
                    v[j * k + i] = 0;
                }
            }
            else
            {
                // The Householder vector that zeroes row i left of the subdiagonal.
                for (int j = 0; j < i; j++)
                {
                    d[j] /= scale;
                    h += d[j] * d[j];
                }
                double f = d[i - 1], g = Math.Sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) e[j] = 0;
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    v[j * k + i] = f;
                    g = e[j] + v[j * k + j] * f;
                    for (int l = j + 1; l <= i - 1; l++)
                    {
                        g += v[l * k + j] * d[l];
                        e[l] += v[l * k + j] * f;
                    }
                    e[j] = g;
                }
                f = 0;
                for (int j = 0; j < i; j++)
                {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) e[j] -= hh * d[j];
                for (int j = 0; j < i; j++)
                {
                    f = d[j];
                    g = e[j];
                    for (int l = j; l <= i - 1; l++) v[l * k + j] -= f * e[l] + g * d[l];
                    d[j] = v[(i - 1) * k + j];
                    v[i * k + j] = 0;
                }
            }
            d[i] = h;
        }
        // Accumulate the transformations.
        for (int i = 0; i < k - 1; i++)
        {
            v[(k - 1) * k + i] = v[i * k + i];
            v[i * k + i] = 1;
            double h = d[i + 1];
            if (h != 0)
            {
                for (int l = 0; l <= i; l++) d[l] = v[l * k + i + 1] / h;
                for (int j = 0; j <= i; j++)
                {
                    double g = 0;
                    for (int l = 0; l <= i; l++) g += v[l * k + i + 1] * v[l * k + j];
                    for (int l = 0; l <= i; l++) v[l * k + j] -= g * d[l];
                }
            }
            for (int l = 0; l <= i; l++) v[l * k + i + 1] = 0;
        }
        for (int j = 0; j < k; j++)
        {
            d[j] = v[(k - 1) * k + j];
            v[(k - 1) * k + j] = 0;
        }
        v[(k - 1) * k + k - 1] = 1;
        e[0] = 0;
    }

    /// <summary>tql2: the implicit QL iteration on T (d, e from <see cref="Tridiagonalize"/>); V ← V·(its rotations), d ← eigenvalues.</summary>
    private static void DiagonalizeTridiagonal(double* v, int k, double* d, double* e)
    {
        for (int i = 1; i < k; i++) e[i - 1] = e[i];
        e[k - 1] = 0;
        double f = 0, largest = 0, eps = Math.Pow(2, -52);
        for (int l = 0; l < k; l++)
        {
            // The first negligible subdiagonal entry at or after l splits T there.
            largest = Math.Max(largest, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < k - 1 && Math.Abs(e[m]) > eps * largest) m++;
            for (int iteration = 0; m > l && iteration < 64; iteration++)
            {
                // Implicit Wilkinson shift from the leading 2 × 2 block.
                double g = d[l];
                double p = (d[l + 1] - g) / (2 * e[l]);
                double r = double.Hypot(p, 1);
                if (p < 0) r = -r;
                d[l] = e[l] / (p + r);
                d[l + 1] = e[l] * (p + r);
                double dl1 = d[l + 1], h = g - d[l];
                for (int i = l + 2; i < k; i++) d[i] -= h;
                f += h;
                // One QL sweep of plane rotations from m − 1 up to l.
                p = d[m];
                double c = 1, c2 = 1, c3 = 1, el1 = e[l + 1], s = 0, s2 = 0;
                for (int i = m - 1; i >= l; i--)
                {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * p;
                    r = double.Hypot(p, e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = p / r;
                    p = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                    for (int row = 0; row < k; row++)
                    {
                        h = v[row * k + i + 1];
                        v[row * k + i + 1] = s * v[row * k + i] + c * h;
                        v[row * k + i] = c * v[row * k + i] - s * h;
                    }
                }
                p = -s * s2 * c3 * el1 * e[l] / dl1;
                e[l] = s * p;
                d[l] = c * p;
                if (Math.Abs(e[l]) <= eps * largest) break;
            }
            d[l] += f;
            e[l] = 0;
        }
    }
}
