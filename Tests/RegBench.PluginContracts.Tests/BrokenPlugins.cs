using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.PluginContracts.Tests;

// Regularizers that break one contract each, to show the contract checks catch it. This test assembly's manifest is
// generated (the generator is referenced as an analyzer); contract tests are generated only for referenced assemblies,
// so these get none: ContractCheckTests calls the checks on them directly.

/// <summary>Keeps the default no-op Attach, so a second Attach passes silently.</summary>
[Regularizer("broken-reattachable")]
public sealed class ReattachableRegularizer : IRegularizer;

/// <summary>Writes NaN into the first layer's weight after every step.</summary>
[Regularizer("broken-nan")]
public sealed class NanProjection : IWeightProjection
{
    private bool attached;

    public void Attach(RegularizationContext context)
    {
        if (attached) throw new InvalidOperationException("broken-nan: attached twice.");
        attached = true;
    }

    public void AfterStep(IReadOnlyList<RegularizedLayer> layers)
    {
        using var noGrad = no_grad();
        layers[0].Weight.fill_(double.NaN);
    }
}

/// <summary>Frobenius scaling that keeps its targets in a field instead of the layer state, so a resumed run rescales to the trained norms.</summary>
[Regularizer("broken-forgetful")]
public sealed class ForgetfulScaling : IWeightProjection
{
    private Dictionary<RegularizedLayer, double>? targets;

    public void Attach(RegularizationContext context)
    {
        if (targets is not null) throw new InvalidOperationException("broken-forgetful: attached twice.");
        targets = context.Layers.ToDictionary(l => l, l => linalg.vector_norm(l.Weight).item<float>() * 1.5);
    }

    public void AfterStep(IReadOnlyList<RegularizedLayer> layers)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (layer, target) in targets!) layer.Weight.mul_(target / linalg.vector_norm(layer.Weight).item<float>());
    }
}
