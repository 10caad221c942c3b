using RegBench.Abstractions;
using RegBench.Layers;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace RegBench.Regularizers.StiefelManifold;

/// <summary>
/// W = diag(λ)·X with X on the Stiefel manifold (orthonormal rows, or columns when the layer has more rows than columns), so
/// the singular values of W are exactly |λ| (the "Spectral Normalization Demystified" reparametrization). The engine's
/// optimizer trains λ (and biases); this regularizer owns X (<see cref="IParameterUpdate"/>) and moves it by Riemannian
/// Adam or SGD with a QR or Cayley retraction, so X stays on the manifold after every step.
/// </summary>
[Regularizer(Name, Description = Description)]
[Invariant.ProjectionIsIdempotent] // AfterStep only clips λ; a second clip changes nothing
public sealed class StiefelReparametrization(StiefelOptions options)
    : IModelTransform, IParameterUpdate, IWeightProjection, IReportsMetrics, IDisposable
{
    /// <summary>The name experiments.json uses.</summary>
    public const string Name = "stiefel";

    /// <summary>One line for `regbench list plugins`.</summary>
    public const string Description = "W = diag(λ)·X, X on the Stiefel manifold by Riemannian Adam/SGD + QR or Cayley retraction: singular values exactly |λ|";

    /// <summary>The metric: the largest ‖XXᵀ − I‖F (or ‖XᵀX − I‖F) of any layer after any step since the last collection.</summary>
    public const string OrthogonalityErrorMetric = Name + ".orthogonality_error_max";

    private readonly List<StiefelFactor> factors = [];
    private readonly RiemannianStep step = new(options);
    private List<StiefelFactor>? selected;
    private bool attached;
    private Tensor? orthogonalityErrorMax;

    /// <summary>The options this instance runs with.</summary>
    public StiefelOptions Options { get; } = options;

    /// <summary>The factors of the layers wrapped so far, in creation order (excluded layers' ones disabled).</summary>
    public IReadOnlyList<StiefelFactor> Factors => factors;

    /// <summary>Bounded needs both ends, in order; fixed takes no clip; exclude entries must select something.</summary>
    internal static void Validate(StiefelOptions options)
    {
        if (options.Spectrum == StiefelSpectrum.Bounded && options.LambdaMin is null)
            throw new PluginOptionsException(Name, "lambdaMin", "spectrum 'bounded' needs lambdaMin and lambdaMax.");
        if (options.Spectrum == StiefelSpectrum.Bounded && options.LambdaMax is null)
            throw new PluginOptionsException(Name, "lambdaMax", "spectrum 'bounded' needs lambdaMin and lambdaMax.");
        if (options.Spectrum == StiefelSpectrum.Fixed && (options.LambdaMin is not null || options.LambdaMax is not null))
            throw new PluginOptionsException(Name, options.LambdaMin is not null ? "lambdaMin" : "lambdaMax",
                "spectrum 'fixed' keeps λ at its initial profile; choose it with lambda or initialSpectrum, or use spectrum 'learned' to clip.");
        if (options.LambdaMin is { } low && options.LambdaMax is { } high && !(low < high))
            throw new PluginOptionsException(Name, "lambdaMax", $"must be above lambdaMin ({low}), found {high}.");
        if (options.Exclude.Any(string.IsNullOrWhiteSpace))
            throw new PluginOptionsException(Name, "exclude", "entries must be 'first', 'last' or a non-empty name pattern.");
    }

    /// <inheritdoc />
    public ILayerFactory Decorate(ILayerFactory inner) => new WrappingLayerFactory(inner, Name, Options.Exclude, (layer, module) =>
    {
        var factor = new StiefelFactor(layer, Options);
        layer.EffectiveWeight = () =>
        {
            using var noGrad = no_grad();
            return factor.EffectiveWeight();
        };
        factors.Add(factor);
        return new StiefelLayer(module, factor);
    });

    /// <summary>The selected layers' weights X: the engine's optimizer leaves them to <see cref="Update"/>.</summary>
    public IReadOnlyList<Parameter> OwnedParameters(IReadOnlyList<RegularizedLayer> layers) =>
        Select(layers).Select(f => f.Layer.Weight).ToList();

    /// <summary>
    /// Decomposes each selected layer's initial weight W₀ into X (its polar factor) and λ (the chosen profile) and starts the
    /// optimizer state, or keeps what a checkpoint restored; a resumed layer without its state is an error naming it.
    /// </summary>
    public void Attach(RegularizationContext context)
    {
        if (attached) throw new InvalidOperationException($"{Name}: Attach was already called; create a new instance per model.");
        attached = true;
        foreach (var factor in Select(context.Layers))
        {
            if (context.Resumed)
            {
                if (!factor.Spectrum.HasState || !step.HasState(factor))
                    throw new InvalidOperationException(
                        $"{Name}: layer '{factor.Layer.Name}' was restored without its Stiefel state (λ or the optimizer's moments); " +
                        "they cannot be recovered from the weights. Restart the cell.");
                continue;
            }
            factor.Initialize(Options);
            step.Initialize(factor);
        }
        if (Selected.Count == 0) return;
        orthogonalityErrorMax = zeros([], ScalarType.Float64, Selected[0].Layer.Weight.device).DetachFromDisposeScope();
        using var scope = NewDisposeScope();
        Record(Selected.Select(f => f.OrthogonalityError()));
    }

    /// <summary>
    /// One Riemannian step of every selected X that has a gradient. Each step checks the X it starts from (its float64 Gram
    /// is also the retraction's), so every X a step leaves is checked by the next step or by <see cref="CollectEpochMetrics"/>.
    /// </summary>
    public void Update(IReadOnlyList<RegularizedLayer> layers, double learningRate)
    {
        using var scope = NewDisposeScope();
        foreach (var factor in Selected)
        {
            if (factor.Layer.Weight.grad is not { } gradient) continue;
            Record([step.Step(factor, gradient, learningRate)]); // the error of the X this step started from
        }
    }

    /// <summary>Learned spectrum with bounds: clips λ to [lambdaMin, lambdaMax]; X is left as it is.</summary>
    public void AfterStep(IReadOnlyList<RegularizedLayer> layers)
    {
        foreach (var factor in Selected) factor.Spectrum.Clip();
    }

    /// <summary>"stiefel.orthogonality_error_max" since the last collection, the current X included (one host sync); then resets.</summary>
    public IReadOnlyDictionary<string, double> CollectEpochMetrics()
    {
        if (selected is null || orthogonalityErrorMax is null) return new Dictionary<string, double>();
        using var scope = NewDisposeScope();
        Record(selected.Select(f => f.OrthogonalityError()));
        var worst = orthogonalityErrorMax.item<double>();
        orthogonalityErrorMax.zero_();
        return new Dictionary<string, double> { [OrthogonalityErrorMetric] = worst };
    }

    /// <summary>Frees the metric's device accumulator (the layer state belongs to the layers).</summary>
    public void Dispose()
    {
        orthogonalityErrorMax?.Dispose();
        orthogonalityErrorMax = null;
    }

    private List<StiefelFactor> Selected =>
        selected ?? throw new InvalidOperationException($"{Name}: Attach must be called before the first step.");

    /// <summary>Chooses the layers once (exclude applied to the model's layers) and switches the other wrappers off.</summary>
    private List<StiefelFactor> Select(IReadOnlyList<RegularizedLayer> layers)
    {
        if (selected is not null) return selected;
        var chosen = LayerSelector.Apply(layers, Options.Exclude);
        var unwrapped = chosen.FirstOrDefault(layer => factors.All(f => !ReferenceEquals(f.Layer, layer)));
        if (unwrapped is not null)
            throw new InvalidOperationException(
                $"{Name}: layer '{unwrapped.Name}' was not built through the layer factory this regularizer decorates (IModelTransform), " +
                "so its weight cannot be reparametrized; build the model with ModelContext.Layers after Decorate.");
        selected = factors.Where(f => chosen.Any(layer => ReferenceEquals(layer, f.Layer))).ToList();
        foreach (var factor in factors.Where(f => !selected.Contains(f))) factor.Disable();
        return selected;
    }

    /// <summary>Keeps the running maximum in place on the device (no host sync, no tensor outliving the step).</summary>
    private void Record(IEnumerable<Tensor> errors)
    {
        foreach (var error in errors) orthogonalityErrorMax?.copy_(maximum(orthogonalityErrorMax, error));
    }
}
