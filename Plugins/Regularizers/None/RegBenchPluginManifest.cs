using RegBench.Abstractions;

namespace RegBench.Regularizers.None;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Regularizer, "none", "No regularization: the baseline every study compares against.",
            PluginOptionsBinder.Describe<NoRegularizationOptions>(),
            options =>
            {
                PluginOptionsBinder.Bind<NoRegularizationOptions>("none", options);
                return new NoRegularization();
            }),
    ];
}
