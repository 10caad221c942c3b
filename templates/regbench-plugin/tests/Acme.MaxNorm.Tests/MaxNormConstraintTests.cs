using System.Text.Json;
using RegBench.Abstractions;
using static TorchSharp.torch;
using Plugin = Acme.MaxNorm.RegBenchPluginManifest.MaxNormConstraintPlugin;

namespace Acme.MaxNorm.Tests;

/// <summary>The plugin as the host runs it: created from JSON options by the generated manifest, attached, stepped.</summary>
public sealed class MaxNormConstraintTests
{
    [Fact]
    public void After_a_training_step_each_row_is_the_formula_applied_to_the_stepped_weights()
    {
        using var scope = NewDisposeScope();
        const double c = 1;
        manual_seed(1);
        var model = nn.Linear(6, 4, hasBias: false);
        using (no_grad()) model.weight!.mul_(tensor(new float[] { 0.5f, 1, 5, 10 }).unsqueeze(1)); // rows of norm ≈ 0.2 to 3.5
        var layer = new RegularizedLayer("fc", model.weight!, LayerKind.Linear);
        var plugin = Create($$"""{ "maxNorm": {{c}} }""");
        plugin.Attach(new RegularizationContext([layer], Resumed: false, Seed: 0));
        using var optimizer = optim.SGD(model.parameters(), 1.0);
        nn.functional.cross_entropy(model.forward(randn(16, 6)), randint(0, 4, [16])).backward();
        optimizer.step();
        var stepped = layer.Weight.detach().to_type(ScalarType.Float64).clone();

        plugin.AfterStep([layer]);

        // W_i ← W_i·min(1, c/‖W_i‖), computed independently in float64 row by row
        var norms = stepped.pow(2).sum(1).sqrt().data<double>().ToArray();
        Assert.Contains(norms, norm => norm > c);
        Assert.Contains(norms, norm => norm < c);
        var expected = stack(norms.Select((norm, i) => stepped[i] * Math.Min(1, c / norm)).ToArray());
        Assert.True(allclose(layer.Weight.to_type(ScalarType.Float64), expected, rtol: 1e-6, atol: 1e-7), "W ≠ W_i·min(1, c/‖W_i‖)");
    }

    [Fact]
    public void Rows_of_a_conv_are_its_filters_and_a_zero_filter_stays_zero()
    {
        using var scope = NewDisposeScope();
        var conv = nn.Conv2d(2, 3, 3, bias: false);
        using (no_grad()) conv.weight!.copy_(ones(3, 2, 3, 3) * tensor(new float[] { 2, 0.1f, 0 }).reshape(3, 1, 1, 1));
        var layer = new RegularizedLayer("conv", conv.weight!, LayerKind.Conv2d);
        var plugin = Create("""{ "maxNorm": 1 }""");
        plugin.Attach(new RegularizationContext([layer], Resumed: false, Seed: 0));

        plugin.AfterStep([layer]);

        var filterNorms = linalg.vector_norm(layer.Weight, dims: [1, 2, 3]).data<float>().ToArray();
        Assert.Equal(new[] { 1, 0.1 * Math.Sqrt(18), 0 }, filterNorms.Select(n => (double)n), (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Theory]
    [InlineData("""{ "maxNorm": 0 }""", "maxNorm", "must be > 0")]
    [InlineData("""{ "maxNorm": "3" }""", "maxNorm", "wrong type")]
    [InlineData("""{ "maxnorm": 3 }""", "maxnorm", "unknown option")]
    public void Option_errors_name_the_option(string json, string option, string message)
    {
        var error = Assert.Throws<PluginOptionsException>(() => Create(json));

        Assert.Equal(Plugin.Name, error.PluginName);
        Assert.Equal(option, error.PropertyPath);
        Assert.Contains(message, error.Message);
    }

    private static MaxNormConstraint Create(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Plugin.Create(Plugin.Bind(document.RootElement)); // Bind checks the options, Create makes the plugin
    }
}
