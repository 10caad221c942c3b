using RegBench.Abstractions;
using RegBench.Testing;

namespace RegBench.PluginContracts.Tests;

/// <summary>
/// The checks behind the generated tests fail when a contract is broken or an invariant is declared wrongly, naming the
/// plugin and what was measured; so a generated test that passes means something.
/// </summary>
public sealed class ContractCheckTests
{
    private static readonly NetCase Mlp = new(false, 1, 3, 3, [4], 1, 1, 11);
    private static readonly NetCase ConvNet = new(true, 2, 4, 3, [3], 3, 1, 5);

    private static PluginUnderTest BuiltIn(string assembly, string name, string optionsJson = "{}") =>
        PluginUnderTest.Find($"RegBench.Regularizers.{assembly}", PluginKind.Regularizer, name, optionsJson);

    private static PluginUnderTest Broken(string name) =>
        PluginUnderTest.Find(typeof(ContractCheckTests).Assembly.GetName().Name!, PluginKind.Regularizer, name);

    [Fact]
    public void A_plugin_that_accepts_a_second_attach_fails_the_attach_contract()
    {
        var error = Assert.Throws<ContractViolationException>(() => RegularizerContracts.AttachTwiceThrows(Broken("broken-reattachable")));
        Assert.Contains("second Attach", error.Message);
    }

    [Fact]
    public void A_plugin_that_writes_nan_fails_the_finite_contract()
    {
        var error = Assert.Throws<ContractViolationException>(() => RegularizerContracts.CheckStaysFinite(Broken("broken-nan"), ConvNet));
        Assert.Contains("loss became NaN", error.Message); // the NaN weight reached the next step's loss: the engine's divergence check
    }

    [Fact]
    public void A_plugin_that_keeps_state_outside_the_layer_state_fails_the_checkpoint_contract()
    {
        var error = Assert.Throws<ContractViolationException>(() => RegularizerContracts.CheckStateSurvivesCheckpoint(Broken("broken-forgetful"), Mlp));
        Assert.Contains("differs from the uninterrupted run's", error.Message);
    }

    [Theory]
    [InlineData("None", "none", 0.5)]
    [InlineData("MiyatoSpectralNorm", "miyato-sn", 0.9)]
    public void A_spectral_bound_the_plugin_does_not_keep_fails(string assembly, string name, double bound)
    {
        var error = Assert.Throws<ContractViolationException>(() =>
            RegularizerContracts.CheckSpectralNormAtMost(BuiltIn(assembly, name), ConvNet, new Invariant.SpectralNormAtMostAttribute(bound)));
        Assert.Contains("above the declared bound", error.Message);
    }

    [Fact]
    public void A_projection_that_is_not_idempotent_fails()
    {
        var decay = BuiltIn("WeightDecay", "weight-decay", """{ "decoupled": true, "lambda": 0.1, "lr": 0.5 }""");
        var error = Assert.Throws<ContractViolationException>(() =>
            RegularizerContracts.CheckProjectionIsIdempotent(decay, Mlp, new Invariant.ProjectionIsIdempotentAttribute()));
        Assert.Contains("a second AfterStep changed the weight", error.Message);
    }

    [Fact]
    public void Idempotence_declared_on_a_plugin_without_a_projection_fails() =>
        Assert.Throws<ContractViolationException>(() =>
            RegularizerContracts.CheckProjectionIsIdempotent(BuiltIn("None", "none"), Mlp, new Invariant.ProjectionIsIdempotentAttribute()));

    [Fact]
    public void A_frobenius_norm_the_plugin_does_not_preserve_fails()
    {
        var error = Assert.Throws<ContractViolationException>(() =>
            RegularizerContracts.CheckFrobeniusNormPreserved(BuiltIn("None", "none"), Mlp, new Invariant.FrobeniusNormPreservedAttribute()));
        Assert.Contains("at Attach", error.Message);
    }

    [Fact]
    public void A_generated_property_fails_when_its_check_fails()
    {
        var property = RegularizerContracts.StaysFinite(Broken("broken-nan"));
        Assert.ThrowsAny<Exception>(() => FsCheck.Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(2), property));
    }
}
