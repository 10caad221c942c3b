using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Layers;
using RegBench.Engine.Training;
using RegBench.Regularizers.FrobeniusScaling;
using RegBench.Regularizers.SpectralScaling;
using RegBench.Regularizers.WeightDecay;
using RegBench.Spectral;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Scaling.Tests;

/// <summary>A small model whose weight layers come from the engine's <see cref="LayerFactory"/>, weights from a seeded generator.</summary>
internal sealed class TestModel : IDisposable
{
    private readonly List<nn.Module<Tensor, Tensor>> modules;
    private readonly bool conv;

    private TestModel(LayerFactory factory, List<nn.Module<Tensor, Tensor>> modules, bool conv, long seed)
    {
        this.modules = modules;
        this.conv = conv;
        Layers = factory.Layers;
        using var generator = new Generator((ulong)seed, CPU);
        using var noGrad = no_grad();
        foreach (var parameter in Parameters)
        {
            using var draw = randn(parameter.shape, ScalarType.Float32, CPU, generator: generator);
            parameter.copy_(draw * (1.0 / Math.Sqrt(parameter.numel() / parameter.shape[0])));
        }
    }

    /// <summary>The weight layers, in creation order.</summary>
    public IReadOnlyList<RegularizedLayer> Layers { get; }

    /// <summary>Every parameter (weights and biases).</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> Parameters => modules.SelectMany(m => m.parameters());

    /// <summary>Linear layers "in", "hidden.0", …, "out" through the given widths, ReLU between.</summary>
    public static TestModel Mlp(long seed, params long[] widths)
    {
        var factory = new LayerFactory();
        var modules = new List<nn.Module<Tensor, Tensor>>();
        for (var i = 0; i < widths.Length - 1; i++)
        {
            var name = i == 0 ? "in" : i == widths.Length - 2 ? "out" : $"hidden.{i - 1}";
            modules.Add(factory.Linear(name, widths[i], widths[i + 1]));
        }
        return new TestModel(factory, modules, conv: false, seed);
    }

    /// <summary>"conv" (2→3 channels, 3×3, padding 1, on 5×5 inputs), ReLU, then "fc" (75→4).</summary>
    public static TestModel ConvNet(long seed, bool inputSizeKnown = true)
    {
        var factory = new LayerFactory();
        var modules = new List<nn.Module<Tensor, Tensor>>
        {
            factory.Conv2d("conv", 2, 3, 3, padding: 1, inputSize: inputSizeKnown ? (5, 5) : null),
            factory.Linear("fc", 75, 4),
        };
        return new TestModel(factory, modules, conv: true, seed);
    }

    /// <summary>A batch of inputs and labels for this model, from <paramref name="seed"/>.</summary>
    public (Tensor Inputs, Tensor Labels) Batch(long seed, int size = 8)
    {
        using var generator = new Generator((ulong)seed, CPU);
        var inputs = conv ? randn([size, 2, 5, 5], generator: generator) : randn([size, Layers[0].Weight.shape[1]], generator: generator);
        var labels = randint(0, Layers[^1].Weight.shape[0], [size], generator: generator);
        return (inputs, labels);
    }

    /// <summary>One training step in the engine's phase order: backward, gradient hook, SGD step, projection.</summary>
    public void TrainStep(IRegularizer regularizer, Tensor inputs, Tensor labels, double lr = 0.05)
    {
        using var scope = NewDisposeScope();
        foreach (var parameter in Parameters) parameter.grad?.zero_();
        var loss = nn.functional.cross_entropy(Forward(inputs), labels);
        loss.backward();
        (regularizer as IGradientHook)?.AfterBackward(Layers);
        using (no_grad())
        {
            foreach (var parameter in Parameters)
                if (parameter.grad is { } grad) parameter.sub_(grad * lr);
        }
        (regularizer as IWeightProjection)?.AfterStep(Layers);
    }

    /// <summary>The model's output for <paramref name="inputs"/>.</summary>
    public Tensor Forward(Tensor inputs)
    {
        var x = inputs;
        for (var i = 0; i < modules.Count; i++)
        {
            if (conv && i == 1) x = x.flatten(1);
            x = modules[i].forward(x);
            if (i < modules.Count - 1) x = nn.functional.relu(x);
        }
        return x;
    }

    /// <summary>Disposes the modules and the layer states.</summary>
    public void Dispose()
    {
        foreach (var layer in Layers) layer.State.Dispose();
        foreach (var module in modules) module.Dispose();
    }
}

/// <summary>Single layers with a prescribed matrix view, plugins from JSON, exact spectra.</summary>
internal static class Fixture
{
    /// <summary>A factory-built Linear layer (rows × cols) with weight = <paramref name="matrix"/> when given.</summary>
    public static (nn.Module<Tensor, Tensor> Module, RegularizedLayer Layer) Linear(long rows, long cols, Tensor? matrix = null, string name = "fc")
    {
        var factory = new LayerFactory();
        var module = factory.Linear(name, cols, rows, bias: false);
        if (matrix is not null) SetMatrix(factory.Layers[0], matrix);
        return (module, factory.Layers[0]);
    }

    /// <summary>A factory-built Conv2d (out × in × k × k) whose reshaped matrix view is <paramref name="matrix"/> when given.</summary>
    public static (nn.Module<Tensor, Tensor> Module, RegularizedLayer Layer) Conv(long outChannels, long inChannels, int kernel,
        Tensor? matrix = null, int padding = 0, (int, int)? inputSize = null)
    {
        var factory = new LayerFactory();
        var module = factory.Conv2d("conv", inChannels, outChannels, kernel, padding: padding, bias: false, inputSize: inputSize);
        if (matrix is not null) SetMatrix(factory.Layers[0], matrix);
        return (module, factory.Layers[0]);
    }

    /// <summary>Copies a rows × columns matrix into the layer's weight (Linear or Conv2d layout).</summary>
    public static void SetMatrix(RegularizedLayer layer, Tensor matrix)
    {
        using var noGrad = no_grad();
        layer.Weight.copy_(matrix.reshape(layer.Weight.shape).to_type(layer.Weight.dtype));
    }

    /// <summary>W = U·diag(s)·Vᵀ (float64) with U, V random orthogonal from <paramref name="seed"/>.</summary>
    public static Tensor KnownSpectrum(long rows, long cols, double[] spectrum, long seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, CPU);
        var u = Orthogonal(rows, generator)[.., ..spectrum.Length];
        var v = Orthogonal(cols, generator)[.., ..spectrum.Length];
        return (u * tensor(spectrum, ScalarType.Float64).unsqueeze(0)).matmul(v.t()).MoveToOuterDisposeScope();
    }

    /// <summary>All singular values of the layer's matrix view, exact (float64 SVD), descending.</summary>
    public static double[] Sigmas(RegularizedLayer layer)
    {
        using var scope = NewDisposeScope();
        return ExactSpectrum.SingularValues(layer.AsMatrix().detach()).data<double>().ToArray();
    }

    /// <summary>The learning rate the fixture's context reports, as the engine's optimizer would.</summary>
    public const double LearningRate = 1e-3;

    /// <summary>Attaches <paramref name="regularizer"/> to <paramref name="layers"/> as the engine does (learning rate included).</summary>
    public static void Attach(IRegularizer regularizer, IReadOnlyList<RegularizedLayer> layers, bool resumed = false, long seed = 7) =>
        regularizer.Attach(new RegularizationContext(layers, resumed, seed) { LearningRate = () => LearningRate });

    /// <summary>The weight-decay plugin bound from JSON options through its generated manifest.</summary>
    public static WeightDecayRegularizer WeightDecay(string json = "{}") =>
        Regularizers.WeightDecay.RegBenchPluginManifest.WeightDecayRegularizerPlugin.Create(Json(json));

    /// <summary>The Frobenius-scaling plugin bound from JSON options through its generated manifest.</summary>
    public static FrobeniusNormScaling Frobenius(string json = "{}") =>
        Regularizers.FrobeniusScaling.RegBenchPluginManifest.FrobeniusNormScalingPlugin.Create(Json(json));

    /// <summary>The spectral-scaling plugin bound from JSON options through its generated manifest.</summary>
    public static SpectralNormScaling Spectral(string json = "{}") =>
        Regularizers.SpectralScaling.RegBenchPluginManifest.SpectralNormScalingPlugin.Create(Json(json));

    /// <summary>Parses a JSON options object.</summary>
    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>The tensor's values as doubles.</summary>
    public static double[] Values(Tensor t)
    {
        using var host = t.detach().to_type(ScalarType.Float64).cpu().flatten();
        return host.data<double>().ToArray();
    }

    /// <summary>True when both tensors have the same shape and bitwise-equal float values.</summary>
    public static bool BitwiseEqual(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && Values(a).Select(BitConverter.DoubleToInt64Bits).SequenceEqual(Values(b).Select(BitConverter.DoubleToInt64Bits));

    private static Tensor Orthogonal(long n, Generator generator)
    {
        var (q, r) = linalg.qr(randn([n, n], ScalarType.Float64, CPU, generator: generator));
        return q * r.diagonal().sign().unsqueeze(0);
    }
}
