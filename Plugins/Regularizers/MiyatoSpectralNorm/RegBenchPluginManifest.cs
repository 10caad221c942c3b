using RegBench.Abstractions;

namespace RegBench.Regularizers.MiyatoSpectralNorm;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Regularizer, MiyatoSpectralNorm.PluginName, MiyatoSpectralNorm.PluginDescription,
            PluginOptionsBinder.Describe<MiyatoSpectralNormOptions>(),
            options =>
            {
                var bound = PluginOptionsBinder.Bind<MiyatoSpectralNormOptions>(MiyatoSpectralNorm.PluginName, options);
                bound.Validate();
                return new MiyatoSpectralNorm(bound);
            }),
    ];
}
