using System.Text.Json;
using RegBench.Abstractions;

namespace RegBench.Architectures.Tests;

/// <summary>The generated manifests check the options ([OptionRange], then Validate) before creating the architecture.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("mlp", """{"depth": -1}""", "depth", "must be ≥ 0, found -1.")]
    [InlineData("mlp", """{"width": 0}""", "width", "must be ≥ 1, found 0.")]
    [InlineData("mlp", """{"activation": "swish"}""", "activation", "unknown value 'swish'; expected one of relu, tanh, gelu.")]
    [InlineData("resnet", """{"depth": 19}""", "depth", "must be one of 18, 34, 50, 101, 152, found 19.")]
    [InlineData("resnet", """{"stem": "tiny"}""", "stem", "unknown value 'tiny'; expected one of cifar, imagenet.")]
    [InlineData("resnet", """{"width": 5000}""", "width", "must be ≥ 1 and ≤ 4096, found 5000.")]
    [InlineData("vgg", """{"depth": 12}""", "depth", "must be one of 11, 13, 16, 19, found 12.")]
    [InlineData("vgg", """{"classifier": "conv"}""", "classifier", "unknown value 'conv'; expected one of linear, mlp.")]
    [InlineData("nin", """{"dropout": 1}""", "dropout", "must be ≥ 0 and < 1, found 1.")]
    [InlineData("densenet", """{"depth": 41}""", "depth", "must be 6n + 4 with n ≥ 1 (e.g. 40, 100, 190), found 41.")]
    [InlineData("densenet", """{"growthRate": 0}""", "growthRate", "must be ≥ 1, found 0.")]
    [InlineData("densenet", """{"compression": 0}""", "compression", "must be > 0 and ≤ 1, found 0.")]
    [InlineData("densenet", """{"stem": "imagenet"}""", "stem", "unknown value 'imagenet'; expected one of auto, cifar, pooled.")]
    public void Invalid_options_fail_naming_the_option(string architecture, string json, string option, string message)
    {
        var descriptor = BuiltModel.Descriptors.Single(d => d.Name == architecture);
        using var document = JsonDocument.Parse(json);
        var error = Assert.Throws<PluginOptionsException>(() => descriptor.Bind(document.RootElement));
        Assert.Equal((architecture, option), (error.PluginName, error.PropertyPath));
        Assert.EndsWith(message, error.Message);
    }

    [Fact]
    public void Default_options_create_every_architecture()
    {
        using var document = JsonDocument.Parse("{}");
        Assert.All(BuiltModel.Descriptors, d => Assert.IsAssignableFrom<IArchitecture>(d.CreateFrom(document.RootElement)));
    }
}
