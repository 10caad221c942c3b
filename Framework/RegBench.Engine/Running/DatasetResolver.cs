using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Torch;

namespace RegBench.Engine.Running;

/// <summary>
/// Loads each dataset of a run once. When a dataset is not installed and no --data-dir was given, it falls back to the
/// embedded synthetic dataset of the same shape with one warning; a given directory with missing or malformed files
/// is an <see cref="EnvironmentException"/> (exit 3), never a silent fallback.
/// </summary>
public sealed class DatasetResolver(IPluginDirectory plugins, string? dataDirectory, IRunProgress progress) : IDisposable
{
    private readonly Dictionary<PluginChoice, ResolvedDataset> loaded = [];

    /// <summary>The loaded dataset for <paramref name="choice"/>, loading (or falling back) on first use.</summary>
    public ResolvedDataset Resolve(PluginChoice choice)
    {
        if (loaded.TryGetValue(choice, out var cached)) return cached;
        var dataset = (IDataset)Create(choice.Name, choice.Options);
        ResolvedDataset resolved;
        try
        {
            var splits = dataset.Load(new DatasetLoadContext(dataDirectory, Seed: 0));
            resolved = new ResolvedDataset(splits, dataset.Shape, $"{choice.Label}: {splits.Source}");
        }
        catch (DatasetException error) when (error.Unavailable && dataDirectory is null && choice.Name != "synthetic")
        {
            resolved = Fallback(choice, dataset.Shape, error);
        }
        catch (DatasetException error)
        {
            throw new EnvironmentException(error.Message);
        }
        loaded[choice] = resolved;
        return resolved;
    }

    /// <summary>Disposes every loaded dataset's tensors.</summary>
    public void Dispose()
    {
        foreach (var dataset in loaded.Values) dataset.Splits.Dispose();
        loaded.Clear();
    }

    private ResolvedDataset Fallback(PluginChoice choice, DataShape shape, DatasetException error)
    {
        var options = JsonSerializer.SerializeToElement(new { channels = shape.Channels, height = shape.Height, width = shape.Width, classes = shape.Classes });
        var synthetic = (IDataset)Create("synthetic", options);
        var splits = synthetic.Load(new DatasetLoadContext(null, Seed: 0));
        progress.Warning($"{error.Message} Using the embedded synthetic dataset ({shape}) instead; cells record dataset_used = 'synthetic (fallback for {choice.Name})'.");
        return new ResolvedDataset(splits, shape, $"synthetic (fallback for {choice.Name}): {splits.Source}");
    }

    // A dataset that is not loaded is an environment error (exit 3): the host's plugins/ folder is incomplete.
    private object Create(string name, JsonElement options)
    {
        try
        {
            return plugins.Create(PluginKind.Dataset, name, options);
        }
        catch (PluginLoadException error)
        {
            throw new EnvironmentException(error.Message);
        }
    }
}
