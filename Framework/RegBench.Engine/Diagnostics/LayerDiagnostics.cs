using RegBench.Abstractions;
using RegBench.Layers;
using RegBench.Results;
using RegBench.Spectral;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Diagnostics;

/// <summary>
/// Per-epoch statistics of every layer's effective weight (what the forward pass uses, e.g. W/σ under Miyato SN):
/// exact singular values of the matrix view (float64 SVD), and for conv layers with a known input size also σ₁ of the
/// true conv operator, observed through the layer's shared <see cref="SpectralSlot"/> (warm-started from the regularizer's
/// vectors when it keeps them, never writing them; once per weight version). Runs outside the training step, on a float64 copy of
/// the weight on the CPU whatever device the model trains on.
/// </summary>
public sealed class LayerDiagnostics(int spectrumEveryEpochs = 10, long fullSpectrumMaxElements = 4096L * 4096L)
{
    private static readonly PowerIterationOptions OperatorIteration = new(MaxIterations: 1000, RelativeTolerance: 1e-6);

    /// <summary>
    /// Statistics of each layer at the end of <paramref name="epoch"/>; a large layer's full spectrum is kept at the first,
    /// every K-th and the last epoch, a small one's every epoch.
    /// </summary>
    public IReadOnlyList<LayerRecord> Measure(string cellId, int epoch, IReadOnlyList<RegularizedLayer> layers, bool lastEpoch = false)
    {
        using var noGrad = no_grad();
        var records = new List<LayerRecord>(layers.Count);
        foreach (var layer in layers)
        {
            using var scope = NewDisposeScope();
            var weight = (layer.EffectiveWeight?.Invoke() ?? layer.Weight).detach().to(ScalarType.Float64, CPU);
            var singularValues = ExactSpectrum.SingularValues(layer.AsMatrix(weight));
            var stats = SpectrumStats.From(singularValues);
            var keepSpectrum = epoch == 1 || lastEpoch || epoch % spectrumEveryEpochs == 0 || layer.Rows * layer.Columns <= fullSpectrumMaxElements;
            records.Add(new LayerRecord(cellId, epoch, layer.Name, layer.Kind.ToString(), layer.Rows, layer.Columns,
                stats.SpectralNorm, stats.Frobenius, stats.StableRank, stats.EffectiveRank, stats.NumericalRank)
            {
                Nuclear = stats.Nuclear,
                SigmaMaxOperator = OperatorSigma(layer, weight),
                Spectrum = keepSpectrum ? singularValues.data<double>().ToArray() : null,
            });
        }
        return records;
    }

    /// <summary>Mean and standard deviation of σ₁ across layers (the seed study's headline curves).</summary>
    public static (double Mean, double Std) SigmaSpread(IReadOnlyList<LayerRecord> layers)
    {
        if (layers.Count == 0) return (0, 0);
        var mean = layers.Average(l => l.SigmaMax);
        return (mean, Math.Sqrt(layers.Average(l => (l.SigmaMax - mean) * (l.SigmaMax - mean))));
    }

    private static double? OperatorSigma(RegularizedLayer layer, Tensor weight) =>
        layer.Conv is { InputSize: not null } ? LayerSpectralState.Of(layer).Slot(ConvEstimator.Operator).Observe(weight, OperatorIteration) : null;
}
