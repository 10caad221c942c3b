using System.Diagnostics;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// σ₁ of a conv layer's exact map two ways, at the same accuracy: every singular value by FFT
/// (<see cref="ConvSingularValues.Fft"/>) against power iteration on the same (circular) operator from a random start until its
/// σ is within <see cref="RelativeAccuracy"/> of the exact value — checked against the known answer every iteration, a stop no
/// real run has, so the power-iteration time is a lower bound. Both run in the layer's float32 (float64 costs 2–3× more and
/// adds nothing at this accuracy); the exact value is the float64 FFT's, untimed, and the row states the float32 FFT's σ₁
/// error against it. Interleaved rounds.
/// </summary>
public sealed class ConvSigmaBenchmark(Action<string> progress)
{
    /// <summary>Channels in and out of the kernel.</summary>
    public const int Channels = 64;

    /// <summary>Kernel side.</summary>
    public const int KernelSize = 3;

    /// <summary>Input side.</summary>
    public const int InputSize = 32;

    /// <summary>Timed rounds of each method.</summary>
    public const int Rounds = 5;

    /// <summary>Relative error of σ₁ at which power iteration stops.</summary>
    public const double RelativeAccuracy = 1e-4;

    /// <summary>Power iterations at most; a round that reaches it reports a lower bound.</summary>
    public const int MaxIterations = 2000;

    /// <summary>FFT at least this many times faster than power iteration.</summary>
    public static readonly BenchGoal Goal = new(10, AtMost: false);

    /// <summary>The "conv-sigma" row on a seeded random kernel (He-scaled), <paramref name="channels"/> in and out.</summary>
    public ExtraMeasurement Run(CancellationToken cancellation, int channels = Channels, int inputSize = InputSize)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(0);
        var kernel = randn([channels, channels, KernelSize, KernelSize], ScalarType.Float32, generator: generator) / Math.Sqrt(channels * KernelSize * KernelSize);
        var exact = Fft(kernel, inputSize, ScalarType.Float64).Sigma; // untimed first call: loads the FFT and LAPACK paths
        var op = new CircularConvOperator(kernel, inputSize);
        List<double> fftMilliseconds = [], powerMilliseconds = [];
        var iterations = new List<int>();
        double fftError = 0;
        for (var round = 0; round < Rounds; round++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (fftTime, fftSigma) = Fft(kernel, inputSize, kernel.dtype);
            fftMilliseconds.Add(fftTime);
            fftError = Math.Max(fftError, Math.Abs(fftSigma - exact) / exact);
            var clock = Stopwatch.StartNew();
            iterations.Add(PowerIterationsToAccuracy(op, exact, RelativeAccuracy, seed: round + 1, cancellation));
            powerMilliseconds.Add(clock.Elapsed.TotalMilliseconds);
            progress($"bench: conv-sigma round {round + 1}/{Rounds} timed");
        }
        var (fft, power) = (BenchFigures.Median(fftMilliseconds), BenchFigures.Median(powerMilliseconds));
        var capped = iterations.Any(i => i > MaxIterations) ? $", {iterations.Count(i => i > MaxIterations)} round(s) hit the {MaxIterations}-iteration cap (a lower bound)" : "";
        // Same accuracy or no comparison: a float32 FFT off by more than power iteration is held to fails the row.
        var error = fftError > RelativeAccuracy ? $"the {kernel.dtype} FFT's σ₁ is {fftError:0.0e0} off the float64 value, more than the {RelativeAccuracy:0e0} power iteration is held to" : null;
        return new ExtraMeasurement("conv-sigma", $"FFT, all {channels * inputSize * inputSize} σ", fft, $"power iteration to σ₁ ±{RelativeAccuracy:0e0}", power, "ms",
            BenchFigures.Ratio(power, fft), "× faster", Goal,
            $"{channels}→{channels} ch, {KernelSize}×{KernelSize}, {inputSize}×{inputSize} circular, σ₁ = {exact:0.####}, both in {kernel.dtype.ToString().ToLowerInvariant()} " +
            $"(the FFT's σ₁ within {fftError:0.0e0} of float64's); " +
            $"power iterations {string.Join("/", iterations.Select(i => Math.Min(i, MaxIterations)))}{capped}; median of {Rounds} rounds", error);
    }

    /// <summary>Iterations (each one A and one Aᵀ product) until ‖Av‖ for unit v is within <paramref name="accuracy"/> of <paramref name="exact"/>; <see cref="MaxIterations"/> + 1 when never.</summary>
    public static int PowerIterationsToAccuracy(ILinearOperator op, double exact, double accuracy, long seed, CancellationToken cancellation)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var v = randn(op.InputShape, op.DType, generator: generator);
        v.div_(linalg.vector_norm(v));
        for (var iteration = 1; iteration <= MaxIterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var step = NewDisposeScope();
            var av = op.Apply(v);
            var sigma = linalg.vector_norm(av).to_type(ScalarType.Float64).item<double>();
            if (Math.Abs(sigma - exact) <= accuracy * exact) return iteration;
            var next = op.ApplyTranspose(av);
            v.copy_(next / linalg.vector_norm(next));
        }
        return MaxIterations + 1;
    }

    private static (double Milliseconds, double Sigma) Fft(Tensor kernel, int inputSize, ScalarType precision)
    {
        var clock = Stopwatch.StartNew();
        using var values = ConvSingularValues.Fft(kernel, inputSize, precision);
        var sigma = values[0].item<double>();
        return (clock.Elapsed.TotalMilliseconds, sigma);
    }
}
