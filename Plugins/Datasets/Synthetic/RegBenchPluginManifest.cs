using RegBench.Abstractions;

[assembly: PluginManifest(typeof(RegBench.Datasets.Synthetic.RegBenchPluginManifest))]

namespace RegBench.Datasets.Synthetic;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    private const string Description = "Embedded synthetic images labelled by a random teacher network; no files; deterministic.";

    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Dataset, "synthetic", Description, PluginOptionsBinder.Describe<SyntheticOptions>(), Create),
    ];

    private static SyntheticDataset Create(System.Text.Json.JsonElement json)
    {
        var options = PluginOptionsBinder.Bind<SyntheticOptions>("synthetic", json);
        foreach (var (name, value) in new (string, long)[]
                 {
                     ("channels", options.Channels), ("height", options.Height), ("width", options.Width),
                     ("trainSize", options.TrainSize), ("testSize", options.TestSize), ("teacherWidth", options.TeacherWidth),
                 })
            if (value < 1) throw new PluginOptionsException("synthetic", name, $"must be ≥ 1, found {value}.");
        if (options.Classes < 2) throw new PluginOptionsException("synthetic", "classes", $"must be ≥ 2, found {options.Classes}.");
        return new SyntheticDataset(options);
    }
}
