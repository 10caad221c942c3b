using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Checkpoints;
using RegBench.Engine.Diagnostics;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Torch;
using RegBench.Engine.Training;
using TorchSharp;

namespace RegBench.Cli.Inspect;

/// <summary>
/// Rebuilds a checkpoint's model as CellRunner does (the regularizer's transform decorates the layer factory, the
/// architecture is built for the dataset plugin's shape — no dataset files are read), loads its weights and layer
/// state, and measures every layer with <see cref="LayerDiagnostics"/>. The initial weights are overwritten by the
/// checkpoint, so the cell's `init` choice is not replayed. A file that is missing, not a checkpoint, or does not fit
/// the rebuilt model is an <see cref="InvalidDataException"/> naming it; a plugin that is not loaded a <see cref="PluginLoadException"/>.
/// </summary>
public static class CheckpointInspector
{
    /// <summary>Inspects the checkpoint at <paramref name="path"/> with the plugins under <paramref name="pluginDirectories"/>.</summary>
    public static CheckpointReport Inspect(string path, IEnumerable<string> pluginDirectories)
    {
        var header = ReadHeader(path);
        var cell = ParseCell(path, header);
        TorchRuntime.EnsureLoaded();
        var catalog = PluginCatalog.Load(pluginDirectories);
        var regularizer = (IRegularizer)Create(catalog, cell.Regularizer, path);
        var architecture = (IArchitecture)Create(catalog, cell.Architecture, path);
        var shape = ((IDataset)Create(catalog, cell.Dataset, path)).Shape;
        var engineLayers = new LayerFactory();
        var layers = regularizer is IModelTransform transform ? transform.Decorate(engineLayers) : engineLayers;
        using var generator = new torch.Generator((ulong)cell.Seed);
        using var model = architecture.Build(new ModelContext(shape, layers, generator));
        try
        {
            Load(path, model, layers.Layers, cell);
            var diagnostics = new LayerDiagnostics();
            var records = diagnostics.Measure(header.CellId, header.Epoch, layers.Layers, lastEpoch: true); // always the full spectrum
            return new CheckpointReport(path, header.CellId, header.Epoch, cell.Label,
                [.. records.Zip(layers.Layers, (record, layer) => new InspectedLayer(record, layer.Conv))]);
        }
        finally
        {
            foreach (var layer in layers.Layers) layer.State.Dispose();
            (regularizer as IDisposable)?.Dispose();
        }
    }

    private static CheckpointStore.Header ReadHeader(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path} does not exist; checkpoints are under RESULTS/checkpoints/<cell id>/epoch-NNNN.ckpt.");
        try
        {
            return CheckpointStore.ReadHeader(path);
        }
        catch (Exception error) when (error is EndOfStreamException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path} is not a readable RegBench checkpoint ({error.Message}).", error);
        }
    }

    private static CellSpec ParseCell(string path, CheckpointStore.Header header)
    {
        try
        {
            return CellSpec.FromCanonicalJson(header.CellJson);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: the cell description in its header is not valid ({error.Message}); the file may come from an older regbench.", error);
        }
    }

    private static void Load(string path, torch.nn.Module model, IReadOnlyList<RegularizedLayer> layers, CellSpec cell)
    {
        try
        {
            CheckpointStore.ReadModel(path, model, layers);
        }
        catch (Exception error) when (error is FormatException or ArgumentException or IOException)
        {
            throw new InvalidDataException($"{path} does not load into the rebuilt model of {cell.Label}: {error.Message}", error);
        }
    }

    private static object Create(IPluginDirectory catalog, PluginChoice choice, string path)
    {
        var noun = choice.Kind.ToString().ToLowerInvariant();
        var descriptor = catalog.Find(choice.Kind, choice.Name) ?? throw new PluginLoadException(
            $"{path} was written with {noun} '{choice.Name}', which is not loaded (known: {string.Join(", ", catalog.Names(choice.Kind))}); pass --plugins DIR with its folder.");
        try
        {
            return descriptor.Create(choice.Options);
        }
        catch (PluginOptionsException error)
        {
            throw new PluginLoadException($"{path}: {noun} '{choice.Name}' rejects the checkpoint's options ({error.Message}); the plugin changed since the file was written.");
        }
    }
}
