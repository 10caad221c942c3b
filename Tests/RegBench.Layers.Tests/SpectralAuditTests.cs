using RegBench.Abstractions;
using RegBench.Spectral;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace RegBench.Layers.Tests;

/// <summary>The audit `regbench bench --check-sigma` uses: each training estimate of a slot against exact σ₁, and repeats found.</summary>
public sealed class SpectralAuditTests
{
    private static RegularizedLayer Linear(string name, int seed)
    {
        using var generator = new Generator((ulong)seed, CPU);
        return new RegularizedLayer(name, new Parameter(randn([40, 36], ScalarType.Float64, CPU, generator: generator), requires_grad: true), LayerKind.Linear);
    }

    [Fact]
    public void Each_training_estimate_is_checked_against_svdvals_of_the_weight_it_measured()
    {
        using var scope = NewDisposeScope();
        var layer = Linear("fc", 1);
        var slot = LayerSpectralState.Of(layer).Slot(ConvEstimator.Reshaped);
        using var audit = SpectralAudit.Start();
        var estimate = slot.Estimate(new PowerIterationOptions(MaxIterations: 2), blockSize: 1); // deliberately rough
        double exact = linalg.svdvals(layer.Weight.detach())[0].item<double>();
        using (no_grad()) layer.Weight.mul_(3); // an edit after the estimate must not change what it is checked against
        var check = Assert.Single(audit.Check());
        Assert.Equal("fc", check.Layer);
        Assert.Equal(exact, check.Exact, 9);
        Assert.Equal(estimate.SigmaValue(), check.Estimate, 12);
        Assert.Equal((exact - check.Estimate) / exact, check.RelativeError, 9);
        Assert.False(check.Repeated);
        Assert.Empty(audit.Check());
    }

    [Fact]
    public void A_second_estimate_of_the_same_weight_version_is_reported_as_repeated()
    {
        using var scope = NewDisposeScope();
        var layer = Linear("fc", 2);
        var slot = LayerSpectralState.Of(layer).Slot(ConvEstimator.Reshaped);
        using var audit = SpectralAudit.Start();
        var options = new PowerIterationOptions(MaxIterations: 3);
        slot.Estimate(options);
        slot.Estimate(options);
        LayerSpectralState.Of(layer).WeightChanged();
        slot.Estimate(options);
        Assert.Equal([false, true, false], audit.Check().Select(c => c.Repeated));
    }

    [Fact]
    public void Without_an_audit_nothing_is_recorded_and_the_previous_audit_returns_when_one_ends()
    {
        using var scope = NewDisposeScope();
        var layer = Linear("fc", 3);
        var slot = LayerSpectralState.Of(layer).Slot(ConvEstimator.Reshaped);
        Assert.Null(SpectralAudit.Current);
        slot.Estimate(new PowerIterationOptions(MaxIterations: 1));
        using var outer = SpectralAudit.Start();
        using (var inner = SpectralAudit.Start())
        {
            slot.Estimate(new PowerIterationOptions(MaxIterations: 1));
            Assert.Single(inner.Check());
        }
        Assert.Same(outer, SpectralAudit.Current);
        Assert.Empty(outer.Check());
    }
}
