using FsCheck;
using FsCheck.Fluent;
using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Testing;

/// <summary>
/// What every regularizer must do, and the checks of the <see cref="Invariant"/>s a regularizer declares. Each
/// <c>Property</c> runs its <c>Check…</c> on <see cref="NetCase.Arbitrary"/> cases; each check builds the model, attaches the
/// plugin and trains one epoch (three steps of every phase) as the engine does (<see cref="RegularizerRun"/>), and throws
/// <see cref="ContractViolationException"/> naming plugin, case, layer and value when the contract does not hold.
/// </summary>
public static class RegularizerContracts
{
    /// <summary>The case <see cref="AttachTwiceThrows"/> uses: a conv layer and a Linear layer.</summary>
    public static NetCase SmallConvNet { get; } = new(true, 2, 4, 3, [3], 3, 1, 7);

    /// <summary>No NaN/Inf in weights, gradients, effective weights or layer state after a step of every phase.</summary>
    public static Property StaysFinite(PluginUnderTest plugin) => Prop.ForAll(NetCase.Arbitrary, net => CheckStaysFinite(plugin, net));

    /// <summary>The layer state survives the engine's checkpoint round trip bitwise, and the resumed run's next epoch equals the uninterrupted one bitwise.</summary>
    public static Property StateSurvivesCheckpoint(PluginUnderTest plugin) =>
        Prop.ForAll(NetCase.Arbitrary, net => CheckStateSurvivesCheckpoint(plugin, net));

    /// <summary><see cref="Invariant.SpectralNormAtMostAttribute"/> as declared (<paramref name="invariant"/>).</summary>
    public static Property SpectralNormAtMost(PluginUnderTest plugin, Invariant.SpectralNormAtMostAttribute invariant) =>
        Prop.ForAll(NetCase.Arbitrary, net => CheckSpectralNormAtMost(plugin, net, invariant));

    /// <summary><see cref="Invariant.ProjectionIsIdempotentAttribute"/> as declared (<paramref name="invariant"/>).</summary>
    public static Property ProjectionIsIdempotent(PluginUnderTest plugin, Invariant.ProjectionIsIdempotentAttribute invariant) =>
        Prop.ForAll(NetCase.Arbitrary, net => CheckProjectionIsIdempotent(plugin, net, invariant));

    /// <summary><see cref="Invariant.FrobeniusNormPreservedAttribute"/> as declared (<paramref name="invariant"/>).</summary>
    public static Property FrobeniusNormPreserved(PluginUnderTest plugin, Invariant.FrobeniusNormPreservedAttribute invariant) =>
        Prop.ForAll(NetCase.Arbitrary, net => CheckFrobeniusNormPreserved(plugin, net, invariant));

    /// <summary>A second <see cref="IRegularizer.Attach"/> on the same instance throws <see cref="InvalidOperationException"/> (one instance per model).</summary>
    public static void AttachTwiceThrows(PluginUnderTest plugin) => ContractScope.Run(() =>
    {
        using var run = RegularizerRun.Start(plugin, SmallConvNet);
        run.Attach();
        try
        {
            run.Attach();
        }
        catch (InvalidOperationException)
        {
            return;
        }
        throw new ContractViolationException($"{plugin.Label}: a second Attach on the same instance returned normally; it must throw " +
                                             "InvalidOperationException (the host creates one instance per model).");
    });

    /// <inheritdoc cref="StaysFinite"/>
    public static void CheckStaysFinite(PluginUnderTest plugin, NetCase net) => ContractScope.Run(() =>
    {
        using var run = RegularizerRun.Start(plugin, net);
        run.Attach();
        run.Epoch(1);
        foreach (var (name, parameter) in run.Model.named_parameters())
        {
            if (!TensorChecks.AllFinite(parameter)) Fail(run, $"parameter '{name}' has NaN/Inf values");
            if (!TensorChecks.AllFinite(parameter.grad)) Fail(run, $"the gradient of parameter '{name}' has NaN/Inf values");
        }
        foreach (var layer in run.Layers)
        {
            if (layer.EffectiveWeight is { } effective && !TensorChecks.AllFinite(effective())) Fail(run, $"layer '{layer.Name}': the effective weight has NaN/Inf values");
            foreach (var state in layer.State.Names)
                if (layer.State.Get(state)!.is_floating_point() && !TensorChecks.AllFinite(layer.State.Get(state)))
                    Fail(run, $"layer '{layer.Name}': state '{state}' has NaN/Inf values");
        }
    });

    /// <inheritdoc cref="StateSurvivesCheckpoint"/>
    public static void CheckStateSurvivesCheckpoint(PluginUnderTest plugin, NetCase net) => ContractScope.Run(() =>
    {
        using var folder = ContractScope.TemporaryDirectory();
        using var original = RegularizerRun.Start(plugin, net);
        original.Attach();
        original.Epoch(1);
        original.Save(folder.Path, 1);

        using var resumed = RegularizerRun.Start(plugin, net);
        resumed.Restore(folder.Path, 1);
        AssertSameState(original, resumed, "the checkpoint did not restore it");
        resumed.Attach(resumed: true);
        AssertSameState(original, resumed, "Attach(Resumed: true) changed the restored state");

        original.Epoch(2);
        resumed.Epoch(2);
        foreach (var ((name, a), (_, b)) in original.Model.named_parameters().Zip(resumed.Model.named_parameters()))
            if (!TensorChecks.BitwiseEqual(a, b)) Fail(original, $"after resuming from the checkpoint, parameter '{name}' differs from the uninterrupted run's after the next epoch");
        AssertSameState(original, resumed, "the next epoch after resuming differs from the uninterrupted run's");
    });

    /// <inheritdoc cref="SpectralNormAtMost"/>
    public static void CheckSpectralNormAtMost(PluginUnderTest plugin, NetCase net, Invariant.SpectralNormAtMostAttribute invariant) => ContractScope.Run(() =>
    {
        var (bound, relativeTolerance) = (invariant.Bound, invariant.RelativeTolerance);
        using var run = RegularizerRun.Start(plugin, net);
        run.Attach();
        run.Epoch(1);
        foreach (var layer in run.Selected)
        {
            var sigma1 = TensorChecks.EffectiveSigma1(layer);
            if (!(sigma1 <= bound * (1 + relativeTolerance)))
                Fail(run, $"layer '{layer.Name}': σ₁ of the effective weight is {sigma1:R}, above the declared bound {bound:R}·(1 + {relativeTolerance:R})");
        }
    });

    /// <inheritdoc cref="ProjectionIsIdempotent"/>
    public static void CheckProjectionIsIdempotent(PluginUnderTest plugin, NetCase net, Invariant.ProjectionIsIdempotentAttribute invariant) => ContractScope.Run(() =>
    {
        var relativeTolerance = invariant.RelativeTolerance;
        using var run = RegularizerRun.Start(plugin, net);
        var projection = run.Regularizer as IWeightProjection
            ?? throw new ContractViolationException($"{plugin.Label} declares [Invariant.ProjectionIsIdempotent] but is not an IWeightProjection.");
        run.Attach();
        run.Epoch(1);
        var before = run.Selected.Select(l => TensorChecks.Snapshot(l.Weight)).ToList();
        try
        {
            projection.AfterStep(run.Layers);
            foreach (var (layer, weight) in run.Selected.Zip(before))
            {
                using var change = layer.Weight.detach() - weight;
                double changed = TensorChecks.Frobenius(change), norm = TensorChecks.Frobenius(weight);
                if (!(changed <= relativeTolerance * norm))
                    Fail(run, $"layer '{layer.Name}': a second AfterStep changed the weight by {changed:R} (‖W‖F = {norm:R}; relative {changed / norm:R} > {relativeTolerance:R})");
            }
        }
        finally
        {
            foreach (var weight in before) weight.Dispose();
        }
    });

    /// <inheritdoc cref="FrobeniusNormPreserved"/>
    public static void CheckFrobeniusNormPreserved(PluginUnderTest plugin, NetCase net, Invariant.FrobeniusNormPreservedAttribute invariant) => ContractScope.Run(() =>
    {
        var relativeTolerance = invariant.RelativeTolerance;
        using var run = RegularizerRun.Start(plugin, net);
        run.Attach();
        var initial = run.Selected.Select(l => TensorChecks.Frobenius(l.Weight)).ToList();
        run.Epoch(1);
        foreach (var (layer, norm0) in run.Selected.Zip(initial))
        {
            var norm = TensorChecks.Frobenius(layer.Weight);
            if (!(Math.Abs(norm - norm0) <= relativeTolerance * norm0))
                Fail(run, $"layer '{layer.Name}': ‖W‖F is {norm:R} after the epoch, {norm0:R} at Attach (relative change {Math.Abs(norm - norm0) / norm0:R} > {relativeTolerance:R})");
        }
    });

    private static void AssertSameState(RegularizerRun expected, RegularizerRun actual, string what)
    {
        foreach (var (a, b) in expected.Layers.Zip(actual.Layers))
        {
            var names = a.State.Names.ToList();
            if (!names.SequenceEqual(b.State.Names))
                Fail(expected, $"layer '{a.Name}': state names [{string.Join(", ", b.State.Names)}], expected [{string.Join(", ", names)}]: {what}");
            foreach (var name in names)
                if (!TensorChecks.BitwiseEqual(a.State.Get(name)!, b.State.Get(name)!))
                    Fail(expected, $"layer '{a.Name}': state '{name}' differs bitwise: {what}");
        }
    }

    private static void Fail(RegularizerRun run, string what) =>
        throw new ContractViolationException($"{run.Plugin.Label} on {run.Net}: {what}.");
}
