using RegBench.Engine.Torch;
using static TorchSharp.torch;

namespace RegBench.Cli.Tests;

/// <summary>
/// Reference matrices built by explicit index loops (no conv2d, no FFT), so `regbench norms` is checked against
/// something it does not share code with: chosen spectra U·diag(s)·Vᵀ and dense convolution operators.
/// </summary>
public static class DenseReference
{
    /// <summary>Standard normal values from a seeded Box–Muller stream.</summary>
    public static double[] Gaussian(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))];
    }

    /// <summary>An n×n orthogonal matrix (row-major) by Gram–Schmidt on a seeded Gaussian matrix.</summary>
    public static double[,] Orthogonal(int n, int seed)
    {
        var g = Gaussian(n * n, seed);
        var q = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var column = Enumerable.Range(0, n).Select(i => g[i * n + j]).ToArray();
            for (var k = 0; k < j; k++)
            {
                var dot = Enumerable.Range(0, n).Sum(i => column[i] * q[i, k]);
                for (var i = 0; i < n; i++) column[i] -= dot * q[i, k];
            }
            var norm = Math.Sqrt(column.Sum(c => c * c));
            for (var i = 0; i < n; i++) q[i, j] = column[i] / norm;
        }
        return q;
    }

    /// <summary>U·diag(s)·Vᵀ (rows × cols, row-major) with seeded orthogonal U and V: its singular values are exactly <paramref name="spectrum"/>.</summary>
    public static double[] WithSpectrum(int rows, int cols, IReadOnlyList<double> spectrum, int seed)
    {
        var (u, v) = (Orthogonal(rows, seed), Orthogonal(cols, seed + 1));
        var matrix = new double[rows * cols];
        for (var i = 0; i < rows; i++)
        for (var j = 0; j < cols; j++)
            matrix[i * cols + j] = Enumerable.Range(0, spectrum.Count).Sum(k => u[i, k] * spectrum[k] * v[j, k]);
        return matrix;
    }

    /// <summary>The dense matrix of conv2d (cross-correlation) with zero padding and stride on C×H×W inputs, row-major.</summary>
    public static (double[] Matrix, int Rows, int Cols) ZeroPaddedConv(double[] kernel, int outputs, int inputs, int k, int height, int width, int stride, int padding)
    {
        var (outH, outW) = ((height + 2 * padding - k) / stride + 1, (width + 2 * padding - k) / stride + 1);
        var (rows, cols) = (outputs * outH * outW, inputs * height * width);
        var matrix = new double[rows * cols];
        for (var o = 0; o < outputs; o++)
        for (var i = 0; i < outH; i++)
        for (var j = 0; j < outW; j++)
        for (var c = 0; c < inputs; c++)
        for (var a = 0; a < k; a++)
        for (var b = 0; b < k; b++)
        {
            var (y, x) = (i * stride - padding + a, j * stride - padding + b);
            if (y < 0 || y >= height || x < 0 || x >= width) continue;
            matrix[((o * outH + i) * outW + j) * cols + (c * height + y) * width + x] += kernel[((o * inputs + c) * k + a) * k + b];
        }
        return (matrix, rows, cols);
    }

    /// <summary>The dense matrix of the circular (periodic) stride-1 cross-correlation on C×n×n inputs, row-major.</summary>
    public static (double[] Matrix, int Rows, int Cols) CircularConv(double[] kernel, int outputs, int inputs, int k, int n)
    {
        var (rows, cols) = (outputs * n * n, inputs * n * n);
        var matrix = new double[rows * cols];
        for (var o = 0; o < outputs; o++)
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
        for (var c = 0; c < inputs; c++)
        for (var a = 0; a < k; a++)
        for (var b = 0; b < k; b++)
            matrix[((o * n + i) * n + j) * cols + (c * n + (i + a) % n) * n + (j + b) % n] += kernel[((o * inputs + c) * k + a) * k + b];
        return (matrix, rows, cols);
    }

    /// <summary>Singular values (descending) of a dense row-major matrix, by LAPACK through torch.linalg.svdvals.</summary>
    public static double[] SingularValues(double[] matrix, int rows, int cols)
    {
        TorchRuntime.EnsureLoaded();
        using var dense = tensor(matrix, [rows, cols], ScalarType.Float64);
        using var values = linalg.svdvals(dense);
        return values.data<double>().ToArray();
    }
}
