using RegBench.Abstractions;
using RegBench.Results;
using RegBench.Spectral;
using TorchSharp;
using static TorchSharp.torch;
using OperatorGeometry = RegBench.Spectral.ConvOperatorGeometry;

namespace RegBench.Engine.Diagnostics;

/// <summary>
/// Per-epoch statistics of every layer's effective weight (what the forward pass uses, e.g. W/σ under Miyato SN):
/// exact singular values of the matrix view (float64 SVD), and for conv layers with a known input size also σ₁ of the
/// true conv operator by warm-started power iteration. Runs outside the training step.
/// </summary>
public sealed class LayerDiagnostics(int spectrumEveryEpochs = 10, long fullSpectrumMaxElements = 4096L * 4096L) : IDisposable
{
    private const double OperatorTolerance = 1e-6;
    private readonly Dictionary<string, PowerIterationState> operatorStates = [];

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
            var weight = (layer.EffectiveWeight?.Invoke() ?? layer.Weight).detach().to_type(ScalarType.Float64);
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

    /// <summary>Disposes the warm-start vectors of the operator estimates.</summary>
    public void Dispose()
    {
        foreach (var state in operatorStates.Values) state.Dispose();
        operatorStates.Clear();
    }

    private double? OperatorSigma(RegularizedLayer layer, Tensor weight)
    {
        if (layer.Conv is not { InputSize: { } size } conv) return null;
        var channels = layer.Kind == LayerKind.ConvTranspose2d ? weight.shape[0] : weight.shape[1] * conv.Groups;
        var geometry = new OperatorGeometry
        {
            Stride = (conv.Stride.Height, conv.Stride.Width),
            Padding = (conv.Padding.Height, conv.Padding.Width),
            Dilation = (conv.Dilation.Height, conv.Dilation.Width),
            Groups = conv.Groups,
        };
        var op = new ConvOperator(weight, (channels, size.Height, size.Width), geometry, layer.Kind == LayerKind.ConvTranspose2d);
        if (!operatorStates.TryGetValue(layer.Name, out var state)) operatorStates[layer.Name] = state = new PowerIterationState();
        using var estimate = PowerIteration.Run(op, state, new PowerIterationOptions(MaxIterations: 1000, RelativeTolerance: OperatorTolerance, CheckInterval: 5));
        return estimate.SigmaValue();
    }
}
