using System.Reflection;
using RegBench.Abstractions;

namespace RegBench.Regularizers.Scaling.Tests;

/// <summary>Each assembly's manifest: names, options with defaults and descriptions, and validation naming the property.</summary>
public sealed class ManifestTests
{
    private static readonly IPluginManifest[] Manifests =
    [
        new WeightDecay.RegBenchPluginManifest(),
        new FrobeniusScaling.RegBenchPluginManifest(),
        new SpectralScaling.RegBenchPluginManifest(),
    ];

    [Fact]
    public void Each_assembly_names_its_manifest_and_lists_one_regularizer()
    {
        Assert.Equal(["weight-decay", "frobenius-scaling", "spectral-scaling"], Manifests.Select(m => m.Plugins.Single().Name));
        foreach (var manifest in Manifests)
        {
            var attribute = manifest.GetType().Assembly.GetCustomAttribute<PluginManifestAttribute>();
            Assert.Equal(manifest.GetType(), attribute?.ManifestType);
            Assert.Equal(PluginKind.Regularizer, manifest.Plugins.Single().Kind);
            Assert.All(manifest.Plugins.Single().Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Description), $"option '{o.Name}' has no description"));
        }
    }

    [Theory]
    [InlineData(0, "lambda", "0.0001")]
    [InlineData(0, "decoupled", "false")]
    [InlineData(0, "lr", "null")]
    [InlineData(0, "exclude", "[]")]
    [InlineData(1, "target", "null")]
    [InlineData(2, "target", "null")]
    [InlineData(2, "mode", "\"adaptive\"")]
    [InlineData(2, "estimator", "\"reshaped\"")]
    [InlineData(2, "maxIterations", "500")]
    [InlineData(2, "tolerance", "0.0001")]
    public void Options_are_listed_with_their_paper_defaults(int manifest, string option, string defaultJson)
    {
        Assert.Equal(defaultJson, Manifests[manifest].Plugins.Single().Options.Single(o => o.Name == option).Default);
    }

    [Theory]
    [InlineData(0, """{ "lambda": -1 }""", "lambda")]
    [InlineData(0, """{ "lr": 0 }""", "lr")]
    [InlineData(0, """{ "decoupled": true, "lambda": 10, "lr": 0.5 }""", "lambda")]
    [InlineData(1, """{ "target": 0 }""", "target")]
    [InlineData(1, """{ "scale": 2 }""", "scale")]
    [InlineData(2, """{ "target": -1 }""", "target")]
    [InlineData(2, """{ "maxIterations": 0 }""", "maxIterations")]
    [InlineData(2, """{ "tolerance": -1e-4 }""", "tolerance")]
    [InlineData(2, """{ "checkInterval": 0 }""", "checkInterval")]
    [InlineData(2, """{ "sigmaTolerance": -1e-7 }""", "sigmaTolerance")]
    [InlineData(2, """{ "blockSize": 0 }""", "blockSize")]
    [InlineData(2, """{ "mode": "fast" }""", "mode")]
    [InlineData(2, """{ "estimator": "fft" }""", "estimator")]
    public void Invalid_options_fail_naming_the_property(int manifest, string json, string property)
    {
        var error = Assert.Throws<PluginOptionsException>(() => Manifests[manifest].Plugins.Single().Create(Fixture.Json(json)));
        Assert.Equal(property, error.PropertyPath);
    }

    [Fact]
    public void Weight_decay_rejects_a_fixed_decoupled_rate_that_would_flip_the_weights()
    {
        var error = Assert.Throws<PluginOptionsException>(() => Fixture.WeightDecay("""{ "decoupled": true, "lambda": 10, "lr": 0.5 }"""));
        Assert.Contains("lr·λ = 5 ≥ 1 would flip or zero the weights each step", error.Message);
    }

    [Fact]
    public void Spectral_scaling_binds_kebab_case_modes_and_estimators()
    {
        var plugin = Fixture.Spectral("""{ "mode": "faithful", "estimator": "operator", "exclude": ["last"] }""");
        Assert.Equal(SpectralScaling.SpectralScalingMode.Faithful, plugin.Options.Mode);
        Assert.Equal(RegBench.Layers.ConvEstimator.Operator, plugin.Options.Estimator);
        Assert.Equal(["last"], plugin.Options.Exclude);
    }
}
