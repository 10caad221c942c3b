using RegBench.Abstractions;
using RegBench.Spectral;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.SpectralNormRegularization;

/// <summary>
/// Yoshida &amp; Miyato (2017) spectral norm regularization: the penalty λ/2·Σσ(W)², applied after backward as
/// grad += λ·σ·∇σ with σ, u, v from warm-started power iteration (u, v kept in the layer state between steps).
/// </summary>
[Regularizer(PluginName, Description = PluginDescription)]
public sealed class SpectralNormRegularization(SpectralNormRegularizationOptions options) : IGradientHook, IReportsMetrics
{
    /// <summary>The name experiments.json uses.</summary>
    public const string PluginName = "sn-regularization";

    /// <summary>One line for `regbench list plugins`.</summary>
    public const string PluginDescription = "Yoshida & Miyato 2017: penalty lambda/2 * sum sigma(W)^2, grad += lambda*sigma*u*v^T after backward";

    /// <summary>Layer-state name of the left power-iteration vector u (operator output shape).</summary>
    public const string UName = PluginName + ".u";

    /// <summary>Layer-state name of the right power-iteration vector v (operator input shape).</summary>
    public const string VName = PluginName + ".v";

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

    /// <summary>Draws random unit u, v per selected layer (Algorithm 1, line 2), or keeps restored ones when resumed.</summary>
    public void Attach(RegularizationContext context)
    {
        if (attached) throw new InvalidOperationException($"{PluginName}: Attach was already called; create a new instance per model.");
        attached = true;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var chosen = Selected(context.Layers);
        for (int index = 0; index < chosen.Count; index++)
        {
            var layer = chosen[index];
            var op = LayerOperator.For(layer, layer.Weight, ExactConv);
            if (context.Resumed && Fits(layer, op)) continue;
            using var generator = new Generator(unchecked((ulong)(context.Seed * 1_000_003 + index)), CPU);
            layer.State.Set(UName, LayerOperator.RandomUnit(op.OutputShape, op, generator));
            layer.State.Set(VName, LayerOperator.RandomUnit(op.InputShape, op, generator));
        }
    }

    /// <summary>Adds λ·σ·∇σ(W) to each selected layer's gradient after one warm power-iteration step.</summary>
    public void AfterBackward(IReadOnlyList<RegularizedLayer> layers)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var layer in Selected(layers))
        {
            var estimate = Estimate(layer);
            // ∇(λ/2·σ(W)²) = λ·σ·∇σ, and ∇σ = u vᵀ for the reshaped matrix (Yoshida & Miyato, Algorithm 1, line 9).
            var gradient = layer.Weight.grad ?? ZeroGradient(layer);
            var scaledU = estimate.U * (estimate.Sigma * Options.Lambda);
            if (ExactConv && layer.Kind != LayerKind.Linear)
                gradient.add_(OperatorSigmaGradient(layer, estimate.U, estimate.V).mul_(estimate.Sigma * Options.Lambda));
            else
                AddRankOne(layer, gradient, scaledU, estimate.V);
        }
    }

    /// <summary>"sn-regularization.penalty" = λ/2·Σσ² and "sn-regularization.sigma_max" from the current u, v (one host sync, per epoch).</summary>
    public IReadOnlyDictionary<string, double> CollectEpochMetrics()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var sigmas = selected.Where(l => l.State.Get(UName) is not null)
            .Select(l => Sigma(LayerOperator.For(l, l.Weight, ExactConv), l.State.Get(UName)!, l.State.Get(VName)!).to_type(ScalarType.Float64))
            .ToList();
        if (sigmas.Count == 0) return new Dictionary<string, double>();
        var values = stack(sigmas).cpu().data<double>().ToArray();
        return new Dictionary<string, double>
        {
            [PluginName + ".penalty"] = Options.Lambda / 2 * values.Sum(s => s * s),
            [PluginName + ".sigma_max"] = values.Max(),
        };
    }

    private bool ExactConv => Options.Estimator == SpectralEstimator.Operator;

    private IReadOnlyList<RegularizedLayer> Selected(IReadOnlyList<RegularizedLayer> layers)
    {
        if (!ReferenceEquals(layers, seen)) (seen, selected) = (layers, LayerSelector.Apply(layers, Options.Exclude));
        return selected;
    }

    private SpectralEstimate Estimate(RegularizedLayer layer)
    {
        var op = LayerOperator.For(layer, layer.Weight, ExactConv);
        using var state = Fits(layer, op) ? new PowerIterationState(layer.State.Get(UName)!.clone(), layer.State.Get(VName)!.clone()) : new PowerIterationState();
        var estimate = PowerIteration.Run(op, state, iteration);
        layer.State.CopyFrom(UName, estimate.U);
        layer.State.CopyFrom(VName, estimate.V);
        return estimate;
    }

    private static bool Fits(RegularizedLayer layer, ILinearOperator op) =>
        layer.State.Get(UName) is { } u && layer.State.Get(VName) is { } v &&
        u.shape.SequenceEqual(op.OutputShape) && v.shape.SequenceEqual(op.InputShape);

    /// <summary>σ = uᵀ A v.</summary>
    private static Tensor Sigma(ILinearOperator op, Tensor u, Tensor v) => u.mul(op.Apply(v)).sum();

    /// <summary>∇_K σ_op = ∇_K ⟨u, A(K) v⟩ with u, v constants: the adjoint correlation of v and u, by autograd of the conv.</summary>
    private Tensor OperatorSigmaGradient(RegularizedLayer layer, Tensor u, Tensor v)
    {
        using var grad = enable_grad();
        using var kernel = layer.Weight.detach().requires_grad_(true);
        using var sigma = Sigma(LayerOperator.For(layer, kernel, exactConv: true), u, v);
        return autograd.grad([sigma], [kernel])[0];
    }

    /// <summary>grad += (scaledU) vᵀ on the matrix view: in place for Linear/Conv2d, a broadcast add for the transposed layout.</summary>
    private static void AddRankOne(RegularizedLayer layer, Tensor gradient, Tensor scaledU, Tensor v)
    {
        if (layer.Kind != LayerKind.ConvTranspose2d && gradient.is_contiguous())
        {
            gradient.view(layer.Rows, layer.Columns).addr_(scaledU, v);
            return;
        }
        var rankOne = outer(scaledU, v);
        gradient.add_(layer.Kind == LayerKind.ConvTranspose2d
            ? rankOne.view(layer.Rows, gradient.shape[0], gradient.shape[2], gradient.shape[3]).transpose(0, 1)
            : rankOne.view(gradient.shape));
    }

    private static Tensor ZeroGradient(RegularizedLayer layer)
    {
        layer.Weight.grad = zeros_like(layer.Weight);
        return layer.Weight.grad!;
    }
}
