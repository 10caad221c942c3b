using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Checkpoints;
using RegBench.Engine.Diagnostics;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Running;
using RegBench.Engine.Torch;
using RegBench.Engine.Training;
using TorchSharp;

namespace RegBench.Cli.Inspect;

/// <summary>
/// Rebuilds a checkpoint's model with <see cref="CellModel.Build(IPluginDirectory, CellSpec, DataShape, torch.Generator, DevicePlacement)"/> on the CPU, as
/// CellRunner does (the architecture is built for the dataset plugin's shape — no dataset files are read), loads its
/// weights and layer state, and measures every layer with <see cref="LayerDiagnostics"/>. The checkpoint overwrites
/// the initial weights. A file that is missing, not a checkpoint, or does not fit
/// the rebuilt model is an <see cref="InvalidDataException"/> naming it; a plugin that is not loaded a <see cref="PluginLoadException"/>.
/// </summary>
public static class CheckpointInspector
{
    /// <summary>Inspects the checkpoint at <paramref name="path"/> with the plugins under <paramref name="pluginDirectories"/>.</summary>
    public static CheckpointReport Inspect(string path, IEnumerable<string> pluginDirectories)
    {
        var header = ReadHeader(path);
        TorchRuntime.EnsureLoaded();
        IPluginDirectory catalog = PluginCatalog.Load(pluginDirectories);
        var cell = ParseCell(path, header, catalog);
        var shape = ((IDataset)Create(catalog, cell.Dataset, path)).Shape;
        using var generator = new torch.Generator((ulong)cell.Seed);
        using var built = Build(catalog, cell, shape, generator, path);
        Load(path, built.Model, built.Layers, cell);
        var diagnostics = new LayerDiagnostics();
        var records = diagnostics.Measure(header.CellId, header.Epoch, built.Layers, lastEpoch: true); // always the full spectrum
        return new CheckpointReport(path, header.CellId, header.Epoch, cell.Label,
            [.. records.Zip(built.Layers, (record, layer) => new InspectedLayer(record, layer.Conv))]);
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

    private static CellSpec ParseCell(string path, CheckpointStore.Header header, IPluginDirectory catalog)
    {
        try
        {
            return CellSpec.FromStoredJson(header.CellJson, catalog);
        }
        catch (Exception error) when (error is PluginLoadException or PluginOptionsException)
        {
            throw new PluginLoadException($"{path} was written with plugins this host cannot bind: {error.Message}");
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"{path}: the cell description in its header is {error.Message}; the file may come from an older regbench.", error);
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

    // The one Create path, with the checkpoint's path in front of a plugin that is missing or rejects the stored options.
    private static object Create(IPluginDirectory catalog, PluginChoice choice, string path) => Named(path, () => choice.Create(catalog));

    private static CellModel Build(IPluginDirectory catalog, CellSpec cell, DataShape shape, torch.Generator generator, string path) =>
        Named(path, () => CellModel.Build(catalog, cell, shape, generator));

    private static T Named<T>(string path, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (PluginLoadException error)
        {
            throw new PluginLoadException($"{path}: {error.Message}");
        }
        catch (PluginOptionsException error)
        {
            throw new PluginLoadException($"{path}: the checkpoint's options are rejected ({error.Message}); the plugin changed since the file was written.");
        }
    }
}
