using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Cli.Norms;

/// <summary>
/// Singular-value statistics of a weight read from a .npy file, in float64 throughout:
/// svd/reshaped — every singular value of the matrix (a kernel as out × in·kh·kw) and all statistics from them;
/// power — σ₁ of that matrix by power iteration, the exact Frobenius norm of the entries and stable rank ‖W‖F²/σ̂²;
/// operator — σ₁ of the zero-padded strided conv on C×H×W by power iteration, the operator's exact Frobenius norm
/// (each kernel tap weighted by the output positions where it meets the input) and ‖A‖F²/σ̂²;
/// fft — every singular value of the circular stride-1 conv on n×n and all statistics from them.
/// Effective and numerical rank need the whole spectrum, so they are null for power and operator.
/// </summary>
public static class WeightSpectrumAnalyzer
{
    /// <summary>Measures <paramref name="array"/>; an <see cref="ArgumentException"/> says which option does not fit the array.</summary>
    public static NormsReport Analyze(NpyArray array, NormsRequest request)
    {
        Check(array, request);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var weight = tensor(array.Values, array.Shape, ScalarType.Float64);
        var matrix = weight.dim() == 2 ? weight : MatrixView.Of(weight);
        var view = weight.dim() == 2 ? "matrix" : "kernel reshaped to out × in·kh·kw";
        switch (request.Method)
        {
            case NormsMethod.Svd or NormsMethod.Reshaped:
                return Exact(array, request.Method, view, matrix.shape[0], matrix.shape[1], ExactSpectrum.SingularValues(matrix));
            case NormsMethod.Power:
                return Iterated(array, request, view, new MatrixOperator(matrix), Math.Sqrt(array.Values.Sum(v => v * v)));
            case NormsMethod.Operator:
                var (height, width) = request.InputSize!.Value;
                var geometry = new ConvOperatorGeometry { Stride = (request.Stride ?? 1, request.Stride ?? 1), Padding = (request.Padding ?? 0, request.Padding ?? 0) };
                var op = new ConvOperator(weight, (weight.shape[1], height, width), geometry);
                return Iterated(array, request, $"conv operator on {weight.shape[1]}×{height}×{width}, {geometry}", op, OperatorFrobenius(array, request));
            default:
                var n = request.InputSize!.Value.Height;
                var (outputs, inputs) = (weight.shape[0] * n * n, weight.shape[1] * n * n);
                return Exact(array, NormsMethod.Fft, $"circular stride-1 conv on {weight.shape[1]}×{n}×{n}", outputs, inputs, ConvSingularValues.Fft(weight, n));
        }
    }

    private static NormsReport Exact(NpyArray array, NormsMethod method, string view, long rows, long columns, Tensor singularValues)
    {
        var values = singularValues.cpu().data<double>().ToArray();
        var stats = SpectrumStats.FromValues(values);
        return new NormsReport(array, method, view, rows, columns, stats.SpectralNorm, stats.Frobenius, stats.StableRank, stats.EffectiveRank, stats.NumericalRank, values);
    }

    private static NormsReport Iterated(NpyArray array, NormsRequest request, string view, ILinearOperator op, double frobenius)
    {
        using var state = new PowerIterationState();
        var options = new PowerIterationOptions(MaxIterations: request.MaxIterations, RelativeTolerance: NormsRequest.RelativeTolerance, WarmStart: false, Seed: 0);
        using var estimate = PowerIteration.Run(op, state, options);
        var sigma = estimate.SigmaValue();
        double? stableRank = sigma > 0 ? frobenius * frobenius / (sigma * sigma) : frobenius == 0 ? 0 : null;
        var (rows, columns) = (op.OutputShape.Aggregate(1L, (a, d) => a * d), op.InputShape.Aggregate(1L, (a, d) => a * d));
        return new NormsReport(array, request.Method, view, rows, columns, sigma, frobenius, stableRank, null, null, [sigma])
        {
            Iteration = (estimate.Iterations, estimate.Converged, estimate.Residual),
        };
    }

    /// <summary>‖A‖F² of the zero-padded conv = Σ K[o,c,a,b]² · (output rows where tap a is inside the input) · (output columns where tap b is).</summary>
    private static double OperatorFrobenius(NpyArray array, NormsRequest request)
    {
        var (outputs, inputs, kh, kw) = (array.Shape[0], array.Shape[1], (int)array.Shape[2], (int)array.Shape[3]);
        var (height, width) = request.InputSize!.Value;
        var (stride, padding) = (request.Stride ?? 1, request.Padding ?? 0);
        long Hits(int tap, int size, int kernel)
        {
            var positions = ConvOperatorGeometry.ConvOutputLength(size, kernel, stride, padding, 1);
            return Enumerable.Range(0, (int)positions).Select(i => i * stride - padding + tap).LongCount(x => x >= 0 && x < size);
        }
        double sum = 0;
        for (var a = 0; a < kh; a++)
        for (var b = 0; b < kw; b++)
        {
            double tapEnergy = 0;
            for (long oc = 0; oc < outputs * inputs; oc++) tapEnergy += Math.Pow(array.Values[(oc * kh + a) * kw + b], 2);
            sum += tapEnergy * Hits(a, height, kh) * Hits(b, width, kw);
        }
        return Math.Sqrt(sum);
    }

    private static void Check(NpyArray array, NormsRequest request)
    {
        var method = request.Method.ToString().ToLowerInvariant();
        var convOptions = new[] { (request.InputSize is not null, "--input-size"), (request.Stride is not null, "--stride"), (request.Padding is not null, "--padding") };
        if (request.Method is NormsMethod.Svd or NormsMethod.Power or NormsMethod.Reshaped)
        {
            if (convOptions.FirstOrDefault(o => o.Item1) is (true, var given))
                throw new ArgumentException($"{given} applies to --method operator or fft only; --method {method} measures the {(array.Shape.Length == 2 ? "matrix" : "reshaped kernel")} as it is.");
            if (request.Method == NormsMethod.Reshaped && array.Shape.Length != 4)
                throw new ArgumentException($"--method reshaped needs a 4-D conv kernel (out, in, kh, kw); {array.Path} has shape {array.ShapeText}: use --method svd.");
            return;
        }
        if (array.Shape.Length != 4)
            throw new ArgumentException($"--method {method} needs a 4-D conv kernel (out, in, kh, kw); {array.Path} has shape {array.ShapeText}: use --method svd or power.");
        if (request.InputSize is not { } size)
            throw new ArgumentException($"--method {method} needs the input size the kernel is applied to: add --input-size H,W (e.g. --input-size 32,32).");
        if (request.Stride is < 1 || request.Padding is < 0)
            throw new ArgumentException($"--stride must be ≥ 1 and --padding ≥ 0 (got stride {request.Stride ?? 1}, padding {request.Padding ?? 0}).");
        var (kh, kw) = (array.Shape[2], array.Shape[3]);
        if (request.Method == NormsMethod.Fft)
        {
            if (request.Stride is not (null or 1) || request.Padding is not (null or 0))
                throw new ArgumentException("--method fft is the circular (periodic) stride-1 convolution, so --stride and --padding do not apply; use --method operator for zero padding or stride > 1.");
            if (size.Height != size.Width)
                throw new ArgumentException($"--method fft needs a square input: --input-size N,N (got {size.Height},{size.Width}); use --method operator for rectangular inputs.");
            if (size.Height < kh || size.Width < kw)
                throw new ArgumentException($"--method fft needs an input at least as large as the kernel ({kh}×{kw}); got --input-size {size.Height},{size.Width}.");
            return;
        }
        var (stride, padding) = (request.Stride ?? 1, request.Padding ?? 0);
        if (ConvOperatorGeometry.ConvOutputLength(size.Height, kh, stride, padding, 1) < 1 || ConvOperatorGeometry.ConvOutputLength(size.Width, kw, stride, padding, 1) < 1)
            throw new ArgumentException($"a {kh}×{kw} kernel with padding {padding} leaves no output on a {size.Height}×{size.Width} input; use a larger --input-size or --padding.");
    }
}
