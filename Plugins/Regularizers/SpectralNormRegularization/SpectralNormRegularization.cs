using RegBench.Abstractions;
using RegBench.Layers;
using RegBench.Spectral;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.SpectralNormRegularization;

/// <summary>
/// Yoshida &amp; Miyato (2017) spectral norm regularization: the penalty λ/2·Σσ(W)², applied after backward as
/// grad += λ·σ·∇σ with σ, u, v from warm-started power iteration (u, v kept in the layer's shared <see cref="SpectralSlot"/>).
/// </summary>
[Regularizer(PluginName, Description = PluginDescription)]
public sealed class SpectralNormRegularization(SpectralNormRegularizationOptions options) : IGradientHook, IReportsMetrics
{
    /// <summary>The name experiments.json uses.</summary>
    public const string PluginName = "sn-regularization";

    /// <summary>One line for `regbench list plugins`.</summary>
    public const string PluginDescription = "Yoshida & Miyato 2017: penalty lambda/2 * sum sigma(W)^2, grad += lambda*sigma*u*v^T after backward";

    private readonly PowerIterationOptions iteration = new(MaxIterations: options.PowerIterations, WarmStart: true);
    private IReadOnlyList<RegularizedLayer>? seen;
    private IReadOnlyList<RegularizedLayer> selected = [];
    private bool attached;

    /// <summary>The options this instance runs with.</summary>
    public SpectralNormRegularizationOptions Options { get; } = options;

    /// <summary>Every exclude entry must select something: "first", "last" or a non-empty name pattern.</summary>
    internal static void Validate(SpectralNormRegularizationOptions options)
    {
        if (options.Exclude.Any(string.IsNullOrWhiteSpace))
            throw new PluginOptionsException(PluginName, "exclude", "entries must be 'first', 'last' or a non-empty name pattern.");
    }

    /// <summary>The shared slot holding <paramref name="layer"/>'s u, v and last σ for this plugin's estimator.</summary>
    public SpectralSlot SlotOf(RegularizedLayer layer) => LayerSpectralState.Of(layer).Slot(Options.Estimator);

    /// <summary>Draws random unit u, v per selected layer (Algorithm 1, line 2), or keeps restored ones when resumed.</summary>
    public void Attach(RegularizationContext context)
    {
        if (attached) throw new InvalidOperationException($"{PluginName}: Attach was already called; create a new instance per model.");
        attached = true;
        foreach (var layer in Selected(context.Layers))
        {
            var slot = SlotOf(layer);
            slot.AdoptLegacy(PluginName + ".u", PluginName + ".v"); // checkpoints written before the shared slot
            if (context.Resumed && slot.HasVectors) continue;
            using var generator = LayerSeed.Generator(context.Seed, layer.Name);
            slot.Seed(generator);
        }
    }

    /// <summary>Adds λ·σ·∇σ(W) to each selected layer's gradient after one warm power-iteration step.</summary>
    public void AfterBackward(IReadOnlyList<RegularizedLayer> layers)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var layer in Selected(layers))
        {
            var estimate = SlotOf(layer).Estimate(iteration);
            // ∇(λ/2·σ(W)²) = λ·σ·∇σ, and ∇σ = u vᵀ for the reshaped matrix (Yoshida & Miyato, Algorithm 1, line 9).
            var gradient = layer.Weight.grad ?? ZeroGradient(layer);
            if (ExactConv && layer.Kind != LayerKind.Linear)
                gradient.add_(OperatorSigmaGradient(layer, estimate.U, estimate.V).mul_(estimate.Sigma * Options.Lambda));
            else
                layer.AddOuter_(gradient, estimate.U * (estimate.Sigma * Options.Lambda), estimate.V);
        }
    }

    /// <summary>"sn-regularization.penalty" = λ/2·Σσ² and "sn-regularization.sigma_max" of the last step's estimates (one host sync, per epoch, no new estimate).</summary>
    public IReadOnlyDictionary<string, double> CollectEpochMetrics()
    {
        using var scope = NewDisposeScope();
        var sigmas = selected.Select(l => SlotOf(l).LastSigma).OfType<Tensor>().Select(s => s.to_type(ScalarType.Float64)).ToList();
        if (sigmas.Count == 0) return new Dictionary<string, double>();
        var values = stack(sigmas).cpu().data<double>().ToArray();
        return new Dictionary<string, double>
        {
            [PluginName + ".penalty"] = Options.Lambda / 2 * values.Sum(s => s * s),
            [PluginName + ".sigma_max"] = values.Max(),
        };
    }

    private bool ExactConv => Options.Estimator == ConvEstimator.Operator;

    private IReadOnlyList<RegularizedLayer> Selected(IReadOnlyList<RegularizedLayer> layers)
    {
        if (!ReferenceEquals(layers, seen)) (seen, selected) = (layers, LayerSelector.Apply(layers, Options.Exclude));
        return selected;
    }

    /// <summary>∇_K σ_op = ∇_K ⟨u, A(K) v⟩ with u, v constants: the adjoint correlation of v and u, by autograd of the conv.</summary>
    private Tensor OperatorSigmaGradient(RegularizedLayer layer, Tensor u, Tensor v)
    {
        using var grad = enable_grad();
        using var kernel = layer.Weight.detach().requires_grad_(true);
        using var sigma = u.mul(SlotOf(layer).Operator(kernel).Apply(v)).sum();
        return autograd.grad([sigma], [kernel])[0];
    }

    private static Tensor ZeroGradient(RegularizedLayer layer)
    {
        layer.Weight.grad = zeros_like(layer.Weight);
        return layer.Weight.grad!;
    }
}
