using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Checkpoints;
using RegBench.Engine.Experiments;
using RegBench.Engine.Running;
using RegBench.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Testing;

/// <summary>
/// A regularizer on a <see cref="NetCase"/> model, set up as the engine's CellRunner does: a fresh plugin instance and the
/// model built by <see cref="CellModel.Build(IRegularizer, IArchitecture, string, DataShape, Generator, Engine.Torch.DevicePlacement)"/>, the engine's <see cref="Trainer"/> (Adam, lr 1e-3, batch 8,
/// three steps per epoch on random data of the case) and <see cref="CheckpointStore"/> for the round trip.
/// </summary>
internal sealed class RegularizerRun : IDisposable
{
    private readonly DatasetSplits data;

    private readonly CellModel built;

    private RegularizerRun(PluginUnderTest plugin, NetCase net)
    {
        Plugin = plugin;
        Net = net;
        using var emptyObject = JsonDocument.Parse("{}");
        var empty = emptyObject.RootElement.Clone();
        Cell = new CellSpec("contracts", new PluginChoice(PluginKind.Dataset, "contract-data", empty, "{}", 1),
            new PluginChoice(PluginKind.Architecture, "contract-net", empty, "{}", 1),
            PluginChoice.Bind(plugin, PluginKind.Regularizer, plugin.Name, plugin.Options),
            net.Seed, NetCase.BatchSize, Epochs: 2, new OptimizerSettings(), new ScheduleSettings());
        var created = plugin.Create();
        var regularizer = created as IRegularizer
            ?? throw new ContractViolationException($"{plugin.Label}: the manifest created a {created.GetType().Name}, not an IRegularizer.");
        using var generator = new Generator((ulong)net.Seed, CPU);
        built = CellModel.Build(regularizer, new ContractNet(net), Cell.Init, net.Shape, generator);
        data = RandomData(net);
        Trainer = new Trainer(Cell, Model, Layers, Regularizer, data);
    }

    /// <summary>The plugin.</summary>
    public PluginUnderTest Plugin { get; }

    /// <summary>The case.</summary>
    public NetCase Net { get; }

    /// <summary>The cell the trainer runs (its canonical JSON goes into checkpoints).</summary>
    public CellSpec Cell { get; }

    /// <summary>The plugin instance.</summary>
    public IRegularizer Regularizer => built.Regularizer;

    /// <summary>The model.</summary>
    public nn.Module<Tensor, Tensor> Model => built.Model;

    /// <summary>Every weight layer of the model, in creation order.</summary>
    public IReadOnlyList<RegularizedLayer> Layers => built.Layers;

    /// <summary>The layers the plugin's <c>exclude</c> option leaves selected.</summary>
    public IReadOnlyList<RegularizedLayer> Selected => LayerSelector.Apply(Layers, Plugin.Exclude());

    /// <summary>The engine's trainer of this run.</summary>
    public Trainer Trainer { get; }

    /// <summary>Builds the run (not yet attached).</summary>
    public static RegularizerRun Start(PluginUnderTest plugin, NetCase net) => new(plugin, net);

    /// <summary>Attaches the plugin as CellRunner does, after any checkpoint restore.</summary>
    public void Attach(bool resumed = false) => built.Attach(resumed, Net.Seed, () => Trainer.CurrentLearningRate);

    /// <summary>One epoch (three steps of every phase, then the engine's evaluation); a non-finite loss is a violation.</summary>
    public void Epoch(int epoch)
    {
        try
        {
            Trainer.RunEpoch(epoch, CancellationToken.None);
        }
        catch (DivergedException diverged)
        {
            throw new ContractViolationException($"{Plugin.Label} on {Net}: {diverged.Message}");
        }
    }

    /// <summary>Writes the checkpoint of <paramref name="epoch"/> into <paramref name="directory"/> exactly as the engine does.</summary>
    public void Save(string directory, int epoch) =>
        new CheckpointStore(directory, Cell.CellId).Write(epoch, Cell.CanonicalJson, Model, Trainer, Layers);

    /// <summary>Restores model, optimizer, RNG and layer state from the checkpoint of <paramref name="epoch"/>, as a resumed cell does.</summary>
    public void Restore(string directory, int epoch) => new CheckpointStore(directory, Cell.CellId).Read(epoch, Model, Trainer, Layers);

    /// <summary>Disposes the trainer, model, layer states, data and the plugin if it is disposable.</summary>
    public void Dispose()
    {
        Trainer.Dispose();
        built.Dispose();
        data.Dispose();
    }

    private static DatasetSplits RandomData(NetCase net)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(unchecked((ulong)net.Seed * 31 + 7), CPU);
        Tensor Images(int count) => randn([count, net.Channels, net.Side, net.Side], generator: generator).MoveToOuterDisposeScope();
        Tensor Labels(int count) => randint(0, net.Classes, [count], generator: generator).MoveToOuterDisposeScope();
        return new DatasetSplits(Images(NetCase.TrainExamples), Labels(NetCase.TrainExamples), Images(NetCase.BatchSize), Labels(NetCase.BatchSize),
            $"random data of {net}");
    }
}
