using RegBench.Abstractions;

namespace RegBench.Regularizers.AdversarialTraining;

/// <summary>The plugins of this assembly (hand-written until the manifest generator emits it).</summary>
public sealed class RegBenchPluginManifest : IPluginManifest
{
    /// <inheritdoc />
    public IReadOnlyList<PluginDescriptor> Plugins { get; } =
    [
        new(PluginKind.Regularizer, AdversarialTraining.PluginName, AdversarialTraining.PluginDescription,
            PluginOptionsBinder.Describe<AdversarialTrainingOptions>(),
            options =>
            {
                var bound = PluginOptionsBinder.Bind<AdversarialTrainingOptions>(AdversarialTraining.PluginName, options);
                bound.Validate();
                return new AdversarialTraining(bound);
            }),
    ];
}
