using RegBench.Engine.Diagnostics;
using RegBench.Engine.Torch;
using RegBench.Engine.Training;
using RegBench.Spectral;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Tests.Diagnostics;

public sealed class LayerDiagnosticsTests
{
    [Fact]
    public void Linear_layer_statistics_match_a_known_spectrum()
    {
        TorchRuntime.EnsureLoaded();
        var factory = new LayerFactory();
        factory.Linear("fc", 5, 4);
        double[] spectrum = [3, 2, 1, 0.5];
        using (no_grad())
        {
            var u = linalg.qr(randn(4, 4, dtype: ScalarType.Float64)).Q;
            var v = linalg.qr(randn(5, 4, dtype: ScalarType.Float64)).Q;
            factory.Layers[0].Weight.copy_(u.matmul(diag(tensor(spectrum))).matmul(v.t()));
        }
        var diagnostics = new LayerDiagnostics();
        var row = Assert.Single(diagnostics.Measure("c", 1, factory.Layers));

        Assert.Equal(3, row.SigmaMax, 5);
        Assert.Equal(Math.Sqrt(9 + 4 + 1 + 0.25), row.Frobenius, 5);
        Assert.Equal(14.25 / 9, row.StableRank, 4);
        Assert.Equal(4, row.NumericalRank);
        Assert.Equal(spectrum, row.Spectrum!.Select(s => Math.Round(s, 5)));
        Assert.Null(row.SigmaMaxOperator);
    }

    [Theory]
    [InlineData(1, false, true)]
    [InlineData(3, false, false)]
    [InlineData(4, false, true)]
    [InlineData(5, true, true)]
    public void Large_layers_keep_their_spectrum_at_the_first_every_kth_and_last_epoch(int epoch, bool last, bool kept)
    {
        TorchRuntime.EnsureLoaded();
        var factory = new LayerFactory();
        factory.Linear("small", 3, 2);
        factory.Linear("large", 6, 4);
        var diagnostics = new LayerDiagnostics(spectrumEveryEpochs: 2, fullSpectrumMaxElements: 10);
        var rows = diagnostics.Measure("c", epoch, factory.Layers, lastEpoch: last);
        Assert.NotNull(rows.Single(r => r.Layer == "small").Spectrum);
        Assert.Equal(kept, rows.Single(r => r.Layer == "large").Spectrum is not null);
    }

    [Fact]
    public void Conv_layers_with_an_input_size_also_report_the_operator_norm_of_the_true_map()
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(1);
        var factory = new LayerFactory();
        factory.Conv2d("conv", 2, 3, 3, stride: 2, padding: 1, inputSize: (6, 6));
        var diagnostics = new LayerDiagnostics();
        var row = Assert.Single(diagnostics.Measure("c", 1, factory.Layers));

        var kernel = factory.Layers[0].Weight.detach().to_type(ScalarType.Float64);
        var exact = ExactSpectrum.SingularValues(new ConvOperator(kernel, (2, 6, 6), ConvOperatorGeometry.Square(stride: 2, padding: 1)));
        Assert.Equal(exact[0].item<double>(), row.SigmaMaxOperator!.Value, 4);
        Assert.Equal([3L, 18L], [row.Rows, row.Columns]);
    }

    [Fact]
    public void Input_gradient_sensitivity_equals_the_analytic_gradient_norm_of_a_linear_classifier()
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(2);
        var factory = new LayerFactory();
        var model = nn.Sequential(nn.Flatten(), factory.Linear("fc", 6, 3, bias: false));
        var images = randn(10, 1, 2, 3);
        var labels = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0 });
        var cell = new RegBench.Engine.Experiments.CellSpec("p", null!, null!, null!, 0, 10, 1, new(), new());
        using var data = new Abstractions.DatasetSplits(images, labels, images, labels, "test");
        using var trainer = new Trainer(cell, model, factory.Layers, new NoRegularizer(), data);

        var measured = trainer.InputGradientSensitivity(images, labels);

        // ∇ₓ CE(Wx, y) = Wᵀ(softmax(Wx) − onehot(y)), per example.
        using var noGrad = no_grad();
        var w = factory.Layers[0].Weight;
        var x = images.reshape(10, 6);
        var residual = nn.functional.softmax(x.matmul(w.t()), 1) - nn.functional.one_hot(labels, 3).to_type(ScalarType.Float32);
        var expected = residual.matmul(w).pow(2).sum(1).sqrt().mean().item<float>();
        Assert.Equal(expected, measured, 5);
    }

    private sealed class NoRegularizer : Abstractions.IRegularizer;
}
