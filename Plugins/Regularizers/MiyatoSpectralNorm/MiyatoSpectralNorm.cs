using RegBench.Abstractions;
using RegBench.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.MiyatoSpectralNorm;

/// <summary>
/// Miyato et al. (2018) spectral normalization with PyTorch's spectral_norm parametrization semantics: every weight
/// is used as W/σ(W) in the forward pass; σ = uᵀWv from persistent u, v, one power step per training forward.
/// </summary>
[Regularizer(PluginName, Description = PluginDescription)]
[Invariant.SpectralNormAtMost(1.0, RelativeTolerance = 0.2)] // σ̂ approaches σ₁ from below: measured ≤ 1.11 after 18 power steps
public sealed class MiyatoSpectralNorm(MiyatoSpectralNormOptions options) : IModelTransform, IReportsMetrics
{
    /// <summary>The name experiments.json uses.</summary>
    public const string PluginName = "miyato-sn";

    /// <summary>One line for `regbench list plugins`.</summary>
    public const string PluginDescription = "Miyato et al. 2018: forward uses W/sigma(W), sigma = u^T W v by one power step per training forward (PyTorch spectral_norm)";

    private readonly List<SpectralNormalizer> normalizers = [];
    private bool attached;

    /// <summary>The options this instance runs with.</summary>
    public MiyatoSpectralNormOptions Options { get; } = options;

    /// <summary>Every exclude entry must select something: "first", "last" or a non-empty name pattern.</summary>
    internal static void Validate(MiyatoSpectralNormOptions options)
    {
        if (options.Exclude.Any(string.IsNullOrWhiteSpace))
            throw new PluginOptionsException(PluginName, "exclude", "entries must be 'first', 'last' or a non-empty name pattern.");
    }

    /// <summary>The normalizers of the layers wrapped so far, in creation order.</summary>
    public IReadOnlyList<SpectralNormalizer> Normalizers => normalizers;

    /// <inheritdoc />
    public ILayerFactory Decorate(ILayerFactory inner) => new WrappingLayerFactory(inner, PluginName, Options.Exclude, (layer, module) =>
    {
        var normalizer = new SpectralNormalizer(layer, Options);
        // PyTorch draws u, v when the parametrization is registered; the seed here is the layer name, attach redraws from the cell seed.
        using (var generator = LayerSeed.Generator(0, layer.Name)) normalizer.Initialize(generator, Options.InitIterations);
        layer.EffectiveWeight = normalizer.EffectiveWeight;
        normalizers.Add(normalizer);
        return new SpectrallyNormalizedLayer(module, normalizer, Options.PowerIterations);
    });

    /// <summary>
    /// Switches off wrapped layers the exclude option drops from <see cref="RegularizationContext.Layers"/> ("last");
    /// redraws u, v from the cell seed and runs the init power steps on the final initial weights, or keeps restored u, v.
    /// </summary>
    public void Attach(RegularizationContext context)
    {
        if (attached) throw new InvalidOperationException($"{PluginName}: Attach was already called; create a new instance per model.");
        attached = true;
        var chosen = LayerSelector.Apply(context.Layers, Options.Exclude);
        foreach (var normalizer in normalizers)
        {
            int index = IndexOf(context.Layers, normalizer.Layer);
            if (index < 0 || !chosen.Contains(normalizer.Layer))
            {
                normalizer.Disable();
                continue;
            }
            if (context.Resumed && normalizer.HasState) continue;
            using var generator = LayerSeed.Generator(context.Seed, normalizer.Layer.Name);
            normalizer.Initialize(generator, Options.InitIterations);
        }
    }

    /// <summary>"miyato-sn.sigma_mean" and "miyato-sn.sigma_max": σ(W) of the raw weights from the current u, v (one host sync, per epoch).</summary>
    public IReadOnlyDictionary<string, double> CollectEpochMetrics()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var enabled = normalizers.Where(n => n.Enabled).ToList();
        if (enabled.Count == 0) return new Dictionary<string, double>();
        var sigmas = stack(enabled.Select(n => n.Sigma(n.Layer.Weight).to_type(ScalarType.Float64).cpu()).ToList()).data<double>().ToArray();
        return new Dictionary<string, double>
        {
            [PluginName + ".sigma_mean"] = sigmas.Average(),
            [PluginName + ".sigma_max"] = sigmas.Max(),
        };
    }

    private static int IndexOf(IReadOnlyList<RegularizedLayer> layers, RegularizedLayer layer)
    {
        for (int i = 0; i < layers.Count; i++)
            if (ReferenceEquals(layers[i], layer)) return i;
        return -1;
    }
}
