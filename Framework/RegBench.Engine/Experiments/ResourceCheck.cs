using System.Globalization;
using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Engine.Plugins;
using RegBench.Experiments;

namespace RegBench.Engine.Experiments;

/// <summary>
/// The run-time half of validation, which needs the dataset plugins and this machine (the compile-time validator has
/// neither): every batch size at most the training examples of each dataset of its profile, and each dataset's tensors
/// (and one input batch) within the machine's memory. Errors are RB1005 at the offending value, with the numbers.
/// </summary>
public static class ResourceCheck
{
    private const double BytesPerValue = sizeof(float);
    private const double GiB = 1024.0 * 1024 * 1024;

    /// <summary>The problems of a file that passed <see cref="ExperimentValidator"/>; <paramref name="memoryBytes"/> is the machine's memory.</summary>
    public static IReadOnlyList<ConfigurationError> Check(string path, string text, ExperimentDraft draft, IPluginDirectory plugins, long memoryBytes)
    {
        var root = JsonTreeParser.Parse(text);
        var errors = new List<ConfigurationError>();
        foreach (var profile in draft.Profiles)
        {
            var batchNodes = BatchNodes(root, profile.Name);
            foreach (var choice in profile.Datasets)
            {
                if (Describe(plugins, choice) is not (DataShape shape, var datasetSize)) continue;
                var label = choice.Options.Count == 0 ? choice.Name : $"{choice.Name}{choice.WrittenOptions}";
                var features = (double)shape.Features;
                if (datasetSize is { } size)
                {
                    var bytes = (size.TrainExamples + size.TestExamples) * (features * BytesPerValue + sizeof(long));
                    if (bytes > memoryBytes)
                        errors.Add(At(path, choice.Node,
                            $"dataset '{label}' needs {Format(bytes / GiB)} GiB for its tensors ({size.TrainExamples} + {size.TestExamples} examples × {shape.Features} values × 4 bytes), " +
                            $"more than this machine's {Format(memoryBytes / GiB)} GiB of memory; use fewer examples (trainSize/testSize, trainLimit/testLimit)."));
                }
                for (var i = 0; i < profile.BatchSizes.Count; i++)
                {
                    var batch = profile.BatchSizes[i];
                    var at = i < batchNodes.Count ? batchNodes[i] : choice.Node;
                    if (datasetSize is { } limit && batch > limit.TrainExamples)
                        errors.Add(At(path, at,
                            $"batch size {batch} is larger than the {limit.TrainExamples} training examples of dataset '{label}' (profile '{profile.Name}'); " +
                            $"a batch holds at most the whole training split: use at most {limit.TrainExamples}."));
                    else if (batch * features * BytesPerValue > memoryBytes)
                        errors.Add(At(path, at,
                            $"batch size {batch} of dataset '{label}' needs {Format(batch * features * BytesPerValue / GiB)} GiB for one input batch alone, " +
                            $"more than this machine's {Format(memoryBytes / GiB)} GiB of memory; use a smaller batch size."));
                }
            }
        }
        return errors.OrderBy(e => e.Line).ThenBy(e => e.Column).Distinct().ToList();
    }

    /// <summary>This machine's memory as .NET sees it (physical memory, or the container's limit).</summary>
    public static long MachineMemoryBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The batch-size values of a profile as written (its own batchSize/batchSizes, else those of "defaults").</summary>
    private static List<JsonTreeNode> BatchNodes(JsonTreeNode root, string profile)
    {
        foreach (var scope in new[] { root.TryGet("profiles", out var p) && p.TryGet(profile, out var own) ? own : null, root.TryGet("defaults", out var d) ? d : null })
        {
            if (scope is null) continue;
            var node = scope.TryGet("batchSizes", out var sizes) ? sizes : scope.TryGet("batchSize", out var size) ? size : null;
            if (node is not null) return node.Kind == JsonTreeKind.Array ? [.. node.Items] : [node];
        }
        return [];
    }

    /// <summary>The dataset's shape and size from its options, or null when the plugin does not start (that is the cell's error to report, naming the plugin).</summary>
    private static (DataShape Shape, DatasetSize? Size)? Describe(IPluginDirectory plugins, PluginDraft choice)
    {
        try
        {
            var created = plugins.Find(PluginKind.Dataset, choice.Name)?.CreateFrom(Options(choice));
            try
            {
                return created is IDataset dataset ? (dataset.Shape, dataset.Size) : null;
            }
            finally
            {
                (created as IDisposable)?.Dispose();
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static JsonElement Options(PluginDraft draft)
    {
        using var document = JsonDocument.Parse(draft.OptionsJson, new JsonDocumentOptions { MaxDepth = JsonTreeParser.MaxDepth });
        return document.RootElement.Clone();
    }

    private static ConfigurationError At(string path, JsonTreeNode node, string message) =>
        new(path, node.Line, node.Column, ConfigurationCodes.InvalidNumber, message);

    private static string Format(double value) => value.ToString(value < 10 ? "0.##" : "N0", CultureInfo.InvariantCulture);
}
