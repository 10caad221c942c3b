using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Regularizers.AdversarialTraining;

/// <summary>
/// Adversarial training (Goodfellow et al. 2015, as compared by Yoshida &amp; Miyato 2017): the loss
/// α·L(x, y) + (1 − α)·L(x + η, y) with η = ε·g/‖g‖₂ per example and g = ∇ₓL(x, y), η a constant.
/// Per step: one forward and one backward of α·L(x, y) on the clean batch (giving g and the clean term's parameter
/// gradients), then one forward on the perturbed batch; the trainer's backward of the returned loss is the second backward.
/// </summary>
[Regularizer(PluginName, Description = PluginDescription)]
public sealed class AdversarialTraining(AdversarialTrainingOptions options) : ILossTransform, IReportsMetrics, IDisposable
{
    /// <summary>The name experiments.json uses.</summary>
    public const string PluginName = "adversarial";

    /// <summary>One line for `regbench list plugins`.</summary>
    public const string PluginDescription = "Goodfellow et al. via Yoshida & Miyato: alpha*L(x,y) + (1-alpha)*L(x+eta,y), eta = epsilon*g/||g||2 per example";

    private Tensor? cleanLossSum;
    private Tensor? perturbedLossSum;
    private int cleanSteps;
    private int perturbedSteps;
    private bool attached;

    /// <summary>The options this instance runs with.</summary>
    public AdversarialTrainingOptions Options { get; } = options;

    /// <summary>Keeps no layer state; like every regularizer refuses a second call (one instance per model).</summary>
    public void Attach(RegularizationContext context)
    {
        if (attached) throw new InvalidOperationException($"{PluginName}: Attach was already called; create a new instance per model.");
        attached = true;
    }

    /// <inheritdoc />
    public Tensor Loss(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, Func<Tensor, Tensor, Tensor> criterion)
    {
        using var scope = NewDisposeScope();
        var x = inputs.detach().requires_grad_(true);
        var cleanLogits = model.forward(x);
        var clean = criterion(cleanLogits, labels); // first call: the trainer reads train accuracy from these logits
        scope.MoveToOuter(cleanLogits);
        if (Options.Alpha == 1)
        {
            Accumulate(clean, null);
            return clean.MoveToOuterDisposeScope(); // α = 1: L(x + η, y) has weight 0, so skip computing it
        }
        // One backward of α·L(x, y) gives both α·g (g = ∇ₓL(x, y); η only needs its direction) and α·∇_θL(x, y), accumulated
        // into the parameters' gradients, which the trainer zeroed before this call. The returned loss then carries L(x, y) as
        // a constant, so the trainer's backward runs through the perturbed graph only: two forward and two backward passes
        // per step, not a third (input-only) backward of the clean graph.
        Tensor g;
        if (Options.Alpha > 0)
        {
            (clean * Options.Alpha).backward();
            g = x.grad!;
        }
        else
        {
            g = autograd.grad([clean], [x])[0];
        }
        var eta = PerExampleUnit(g).mul_(Options.Epsilon);
        var perturbed = criterion(model.forward(inputs.detach() + eta), labels);
        Accumulate(clean, perturbed);
        // α·L(x, y) + (1 − α)·L(x + η, y), the first term's gradient already in place
        return (Options.Alpha * clean.detach() + (1 - Options.Alpha) * perturbed).MoveToOuterDisposeScope();
    }

    /// <summary>g/‖g‖₂ with the norm over all dimensions but the batch; 0 for an example whose gradient is 0.</summary>
    public static Tensor PerExampleUnit(Tensor g)
    {
        using var scope = NewDisposeScope();
        var flat = g.detach().flatten(1);
        var norm = linalg.vector_norm(flat, dims: [1], keepdim: true);
        return where(norm > 0, flat / norm, zeros_like(flat)).view_as(g).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// "adversarial.clean_loss" and "adversarial.perturbed_loss": means of L(x, y) and L(x + η, y) over the epoch's steps
    /// (the latter absent when α = 1); one host sync, per epoch.
    /// </summary>
    public IReadOnlyDictionary<string, double> CollectEpochMetrics()
    {
        var metrics = new Dictionary<string, double>();
        if (cleanSteps > 0 && cleanLossSum is not null) metrics[PluginName + ".clean_loss"] = cleanLossSum.item<double>() / cleanSteps;
        if (perturbedSteps > 0 && perturbedLossSum is not null) metrics[PluginName + ".perturbed_loss"] = perturbedLossSum.item<double>() / perturbedSteps;
        using (no_grad())
        {
            cleanLossSum?.zero_();
            perturbedLossSum?.zero_();
        }
        (cleanSteps, perturbedSteps) = (0, 0);
        return metrics;
    }

    /// <summary>Frees the metric accumulators.</summary>
    public void Dispose()
    {
        cleanLossSum?.Dispose();
        perturbedLossSum?.Dispose();
    }

    /// <summary>Adds the step's losses to device-side sums (no host sync).</summary>
    private void Accumulate(Tensor clean, Tensor? perturbed)
    {
        using var noGrad = no_grad();
        cleanLossSum ??= zeros(Array.Empty<long>(), ScalarType.Float64, clean.device).DetachFromDisposeScope();
        perturbedLossSum ??= zeros(Array.Empty<long>(), ScalarType.Float64, clean.device).DetachFromDisposeScope();
        cleanLossSum.add_(clean.detach());
        cleanSteps++;
        if (perturbed is null) return;
        perturbedLossSum.add_(perturbed.detach());
        perturbedSteps++;
    }
}
