using System.Text.Json;
using RegBench.Abstractions;
using RegBench.Regularizers.StiefelManifold;
using Manifest = RegBench.Regularizers.StiefelManifold.RegBenchPluginManifest.StiefelReparametrizationPlugin;

namespace RegBench.Regularizers.Stiefel.Tests;

/// <summary>Options as experiments.json gives them, through the generated manifest (binder, ranges, Validate).</summary>
public sealed class StiefelOptionsTests
{
    [Fact]
    public void Enum_options_are_read_in_kebab_case()
    {
        var plugin = Manifest.Create(Manifest.Bind(Json("""{ "spectrum": "fixed", "initialSpectrum": "sigma-max", "retraction": "cayley", "optimizer": "sgd" }""")));
        Assert.Equal(new StiefelOptions { Spectrum = StiefelSpectrum.Fixed, InitialSpectrum = InitialSpectrum.SigmaMax, Retraction = StiefelRetraction.Cayley, Optimizer = RiemannianOptimizer.Sgd }
            with { Exclude = plugin.Options.Exclude }, plugin.Options);
    }

    [Theory]
    [InlineData("""{ "spectrum": "bounded", "lambdaMax": 2 }""", "lambdaMin", "needs lambdaMin and lambdaMax")]
    [InlineData("""{ "spectrum": "bounded", "lambdaMin": 0.5 }""", "lambdaMax", "needs lambdaMin and lambdaMax")]
    [InlineData("""{ "spectrum": "fixed", "lambdaMax": 2 }""", "lambdaMax", "spectrum 'fixed' keeps λ")]
    [InlineData("""{ "lambdaMin": 2, "lambdaMax": 1 }""", "lambdaMax", "must be above lambdaMin")]
    [InlineData("""{ "beta1": 1 }""", "beta1", "must be ≥ 0 and < 1")]
    [InlineData("""{ "retraction": "polar" }""", "retraction", "expected one of qr, cayley")]
    [InlineData("""{ "exclude": [""] }""", "exclude", "non-empty")]
    public void Inconsistent_options_are_errors_naming_the_option(string json, string option, string message)
    {
        var error = Assert.Throws<PluginOptionsException>(() => Manifest.Bind(Json(json)));
        Assert.Contains(option, error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void The_manifest_lists_stiefel_as_a_regularizer_with_its_options()
    {
        Assert.Equal(StiefelReparametrization.Name, Manifest.Name);
        Assert.Equal(PluginKind.Regularizer, Manifest.Descriptor.Kind);
        Assert.Contains(Manifest.Options, o => o.Name == "spectrum");
        Assert.Contains(Manifest.Options, o => o.Name == "retraction");
        Assert.Contains(Manifest.Options, o => o.Name == "exclude");
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
