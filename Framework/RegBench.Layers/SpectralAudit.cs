using System.Diagnostics;
using RegBench.Abstractions;
using RegBench.Spectral;
using static TorchSharp.torch;

namespace RegBench.Layers;

/// <summary>
/// Records, while active on this thread, every training σ estimate a <see cref="SpectralSlot"/> makes (a copy of the matrix it
/// measured and the σ it returned), so a benchmark can compare each against the exact σ₁ after the step, outside its clock.
/// Recording costs the copy; <see cref="OverheadMilliseconds"/> says how long, for the caller to take off its timing.
/// </summary>
public sealed class SpectralAudit : IDisposable
{
    [ThreadStatic]
    private static SpectralAudit? current;

    private readonly SpectralAudit? outer;
    private readonly List<Record> records = [];

    private SpectralAudit()
    {
        outer = current;
        current = this;
    }

    /// <summary>The audit active on this thread, or null (then slots record nothing).</summary>
    public static SpectralAudit? Current => current;

    /// <summary>Milliseconds spent recording since the last <see cref="Check"/>.</summary>
    public double OverheadMilliseconds { get; private set; }

    /// <summary>Starts recording on this thread until disposed.</summary>
    public static SpectralAudit Start() => new();

    /// <summary>
    /// The recorded estimates against exact σ₁ (float64 SVD of the copies): one <see cref="SigmaCheck"/> per estimate, in order;
    /// clears the records and the overhead.
    /// </summary>
    public IReadOnlyList<SigmaCheck> Check()
    {
        using var noGrad = no_grad();
        var checks = new List<SigmaCheck>(records.Count);
        var seen = new HashSet<(string, ConvEstimator, long)>();
        foreach (var record in records)
        {
            using var scope = NewDisposeScope();
            var exact = linalg.svdvals(record.Matrix.to_type(ScalarType.Float64))[0].item<double>();
            var estimate = record.Sigma.to_type(ScalarType.Float64).item<double>();
            var error = exact == 0 ? Math.Abs(estimate) : Math.Abs(estimate - exact) / exact;
            checks.Add(new SigmaCheck(record.Layer, record.Map, estimate, exact, error, !seen.Add((record.Layer, record.Map, record.Version))));
        }
        Clear();
        return checks;
    }

    /// <summary>Stops recording (the previous audit of this thread, if any, becomes current again) and frees the copies.</summary>
    public void Dispose()
    {
        Clear();
        current = outer;
    }

    /// <summary>Keeps a copy of the matrix <paramref name="op"/> measured (matrix views only) and of <paramref name="sigma"/>.</summary>
    internal void Add(LayerSpectralState layer, ConvEstimator map, ILinearOperator op, Tensor sigma)
    {
        var clock = Stopwatch.StartNew();
        if (MeasuredMatrix(layer.Layer, op) is { } matrix)
        {
            using var noGrad = no_grad();
            records.Add(new Record(layer.Layer.Name, map, layer.WeightVersion,
                matrix.detach().clone().DetachFromDisposeScope(), sigma.detach().clone().DetachFromDisposeScope()));
        }
        OverheadMilliseconds += clock.Elapsed.TotalMilliseconds;
    }

    private static Tensor? MeasuredMatrix(RegularizedLayer layer, ILinearOperator op) => op switch
    {
        MatrixOperator matrix => matrix.Matrix,
        ReshapedKernelOperator => layer.AsMatrix(),
        _ => null, // the exact conv map: no dense matrix to check against here
    };

    private void Clear()
    {
        foreach (var record in records)
        {
            record.Matrix.Dispose();
            record.Sigma.Dispose();
        }
        records.Clear();
        OverheadMilliseconds = 0;
    }

    private sealed record Record(string Layer, ConvEstimator Map, long Version, Tensor Matrix, Tensor Sigma);
}

/// <summary>One audited σ estimate: the layer, the map, the estimate, exact σ₁, |σ̂ − σ₁|/σ₁, and whether the same weight version was already estimated in this check.</summary>
public sealed record SigmaCheck(string Layer, ConvEstimator Map, double Estimate, double Exact, double RelativeError, bool Repeated);
