using RegBench.Abstractions;

namespace RegBench.Regularizers.SpectralNormRegularization;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Regularizer, SpectralNormRegularization.PluginName, SpectralNormRegularization.PluginDescription,
            PluginOptionsBinder.Describe<SpectralNormRegularizationOptions>(),
            options =>
            {
                var bound = PluginOptionsBinder.Bind<SpectralNormRegularizationOptions>(SpectralNormRegularization.PluginName, options);
                bound.Validate();
                return new SpectralNormRegularization(bound);
            }),
    ];
}
