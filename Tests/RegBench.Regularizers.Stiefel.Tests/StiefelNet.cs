using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Training;
using RegBench.Regularizers.StiefelManifold;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Stiefel.Tests;

/// <summary>
/// A small model built through stiefel's decorated <see cref="LayerFactory"/> and trained by the engine's <see cref="Trainer"/>
/// (Adam, lr 1e-3 unless given) on random data, as a cell runs it.
/// </summary>
internal sealed class StiefelNet : IDisposable
{
    private readonly DatasetSplits data;
    private readonly Tensor correct = zeros(1, ScalarType.Int64);
    private long stepsRun;

    private StiefelNet(StiefelOptions options, Func<ILayerFactory, nn.Module<Tensor, Tensor>> build, long[] inputShape, int classes, long seed, double lr, int batchSize = 32)
    {
        Plugin = new StiefelReparametrization(options);
        var factory = Plugin.Decorate(new LayerFactory());
        torch.manual_seed(seed);
        Model = build(factory);
        Layers = factory.Layers;
        using (var generator = new Generator((ulong)seed, CPU))
            data = new DatasetSplits(randn([8 * batchSize, .. inputShape], generator: generator), randint(0, classes, [8 * batchSize], generator: generator),
                randn([32, .. inputShape], generator: generator), randint(0, classes, [32], generator: generator), "random");
        var empty = JsonSerializer.SerializeToElement(new { });
        var cell = new CellSpec("test", new PluginChoice(PluginKind.Dataset, "random", empty, "{}", 1), new PluginChoice(PluginKind.Architecture, "net", empty, "{}", 1),
            new PluginChoice(PluginKind.Regularizer, StiefelReparametrization.Name, empty, "{}", 1), seed, batchSize, Epochs: 1,
            new OptimizerSettings(Lr: lr), new ScheduleSettings());
        Trainer = new Trainer(cell, Model, Layers, Plugin, data);
        BatchSize = batchSize;
    }

    /// <summary>Examples per step.</summary>
    public int BatchSize { get; }


    /// <summary>The plugin instance.</summary>
    public StiefelReparametrization Plugin { get; }

    /// <summary>The model.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>Its weight layers, in creation order.</summary>
    public IReadOnlyList<RegularizedLayer> Layers { get; }

    /// <summary>The engine's trainer.</summary>
    public Trainer Trainer { get; }

    /// <summary>Linear layers "fc1"…, "out" through <paramref name="widths"/> (ReLU between), on flat inputs of widths[0] features.</summary>
    public static StiefelNet Mlp(StiefelOptions options, long seed, long[] widths, double lr = 1e-3, bool bias = true, int batchSize = 32) =>
        new(options, factory =>
        {
            var modules = new List<nn.Module<Tensor, Tensor>>();
            for (var i = 0; i < widths.Length - 1; i++)
            {
                modules.Add(factory.Linear(i == widths.Length - 2 ? "out" : $"fc{i + 1}", widths[i], widths[i + 1], bias));
                if (i < widths.Length - 2) modules.Add(nn.ReLU());
            }
            return nn.Sequential(modules.ToArray());
        }, [widths[0]], (int)widths[^1], seed, lr, batchSize);

    /// <summary>"conv" (<paramref name="inChannels"/>→<paramref name="outChannels"/>, k×k, padding k/2, on 4×4 inputs), ReLU, then "out" to 3 classes.</summary>
    public static StiefelNet ConvNet(StiefelOptions options, long seed, int inChannels, int outChannels, int kernel, double lr = 1e-3) =>
        new(options, factory => nn.Sequential(
            factory.Conv2d("conv", inChannels, outChannels, kernel, padding: kernel / 2, inputSize: (4, 4)),
            nn.ReLU(), nn.Flatten(),
            factory.Linear("out", outChannels * 16, 3)), [inChannels, 4, 4], 3, seed, lr);

    /// <summary>Attaches the plugin as CellRunner does (fresh cell).</summary>
    public void Attach() =>
        Plugin.Attach(new RegularizationContext(Layers, false, 0) { LearningRate = () => Trainer.CurrentLearningRate });

    /// <summary>One engine training step on the next batch of the random training set.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        Model.train();
        var start = stepsRun++ * BatchSize % data.TrainCount;
        var loss = Trainer.Step(arange(start, start + BatchSize, ScalarType.Int64), correct);
        if (!float.IsFinite(loss)) throw new InvalidOperationException($"loss {loss} at step {stepsRun}");
    }

    /// <summary>The factor of the layer named <paramref name="name"/>.</summary>
    public StiefelFactor Factor(string name) => Plugin.Factors.Single(f => f.Layer.Name == name);

    /// <summary>Disposes trainer, model, data and layer state.</summary>
    public void Dispose()
    {
        Trainer.Dispose();
        foreach (var layer in Layers) layer.State.Dispose();
        Plugin.Dispose();
        Model.Dispose();
        data.Dispose();
        correct.Dispose();
    }
}
