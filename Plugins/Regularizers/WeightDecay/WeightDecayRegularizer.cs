using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Regularizers.WeightDecay;

/// <summary>
/// Weight decay, the L2 penalty λ/2·Σ‖W‖F² on every selected weight (biases untouched): coupled, it adds λW to the
/// gradient after backward; decoupled (Loshchilov &amp; Hutter's AdamW/SGDW), it shrinks W ← W·(1 − lr·λ) after the
/// optimizer step, with lr the optimizer's current rate (or the fixed <see cref="WeightDecayOptions.Lr"/>).
/// </summary>
/// <remarks>
/// AdamW shrinks θ_{t−1} before adding the step; shrinking after the step differs from it by lr²·λ·(step), i.e. 1e-10
/// relative at the defaults. A layer whose gradient is undefined (not used in the forward pass) is skipped in coupled mode.
/// </remarks>
[Regularizer(Name, Description = Description)]
public sealed class WeightDecayRegularizer(WeightDecayOptions options) : IGradientHook, IWeightProjection
{
    /// <summary>The plugin's name in experiments.json.</summary>
    public const string Name = "weight-decay";

    /// <summary>One line for `regbench list plugins`.</summary>
    public const string Description = "L2 weight decay λ/2·Σ‖W‖F² (gradient += λW), or decoupled W ← W·(1 − lr·λ); λ = 1e-4 (Yoshida & Miyato).";

    private IReadOnlyList<RegularizedLayer>? selected;
    private Func<double> learningRate = () => 0;

    /// <summary>The options this instance runs with.</summary>
    public WeightDecayOptions Options { get; } = options;

    /// <summary>Decoupled decay must shrink, not flip or zero, the weights: lr·λ &lt; 1 when lr is fixed.</summary>
    internal static void Validate(WeightDecayOptions options)
    {
        if (options.Decoupled && options.Lr * options.Lambda >= 1)
            throw new PluginOptionsException(Name, "lambda",
                $"lr·λ = {options.Lr * options.Lambda} ≥ 1 would flip or zero the weights each step; lower lambda or lr.");
    }

    /// <summary>Selects the layers not excluded by <see cref="WeightDecayOptions.Exclude"/>; keeps no state.</summary>
    public void Attach(RegularizationContext context)
    {
        if (selected is not null) throw new InvalidOperationException($"{Name}: Attach was already called; create a new instance per model.");
        selected = LayerSelector.Apply(context.Layers, Options.Exclude);
        learningRate = Options.Lr is { } fixedRate ? () => fixedRate
            : context.LearningRate ?? (Options.Decoupled
                ? throw new InvalidOperationException($"{Name}: decoupled decay needs the optimizer's learning rate; outside the engine set the 'lr' option.")
                : () => 0);
    }

    /// <summary>Coupled mode: adds λW to each selected layer's gradient in place.</summary>
    public void AfterBackward(IReadOnlyList<RegularizedLayer> layers)
    {
        if (Options.Decoupled) return;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var layer in Selected)
        {
            // ∇(λ/2·‖W‖F²) = λW
            layer.Weight.grad?.add_(layer.Weight, alpha: Options.Lambda);
        }
    }

    /// <summary>Decoupled mode: multiplies each selected weight by (1 − lr·λ) in place.</summary>
    public void AfterStep(IReadOnlyList<RegularizedLayer> layers)
    {
        if (!Options.Decoupled) return;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var rate = learningRate();
        foreach (var layer in Selected)
        {
            // W ← W − lr·λ·W
            layer.Weight.mul_(1 - rate * Options.Lambda);
        }
    }

    private IReadOnlyList<RegularizedLayer> Selected =>
        selected ?? throw new InvalidOperationException($"{Name}: Attach must be called before the first step.");
}
