using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Regularizers.Scaling.Tests;

/// <summary>Every plugin honours the shared "exclude" option: first, last, and name patterns.</summary>
public sealed class ExcludeTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var plugin in new[] { "weight-decay", "frobenius-scaling", "spectral-scaling" })
        {
            data.Add(plugin, """["first"]""", "in");
            data.Add(plugin, """["last"]""", "out");
            data.Add(plugin, """["hidden.*"]""", "hidden.0,hidden.1");
            data.Add(plugin, """["first", "h*.1"]""", "in,hidden.1");
            data.Add(plugin, "[]", "");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Excluded_layers_are_left_untouched_and_the_others_are_regularized(string plugin, string exclude, string excludedNames)
    {
        using var scope = NewDisposeScope();
        using var model = TestModel.Mlp(seed: 5, 4, 6, 6, 5, 3);
        var excluded = excludedNames.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var json = $$"""{ "exclude": {{exclude}} }""";
        IRegularizer regularizer = plugin switch
        {
            "weight-decay" => Fixture.WeightDecay(json),
            "frobenius-scaling" => Fixture.Frobenius(json),
            _ => Fixture.Spectral(json),
        };
        Fixture.Attach(regularizer, model.Layers);
        using (no_grad())
        {
            foreach (var layer in model.Layers)
            {
                layer.Weight.mul_(1.7);
                layer.Weight.grad = zeros_like(layer.Weight);
            }
        }
        var before = model.Layers.Select(l => (Weight: l.Weight.detach().clone(), Grad: l.Weight.grad!.clone())).ToList();

        (regularizer as IGradientHook)?.AfterBackward(model.Layers);
        (regularizer as IWeightProjection)?.AfterStep(model.Layers);

        foreach (var (layer, (weight, grad)) in model.Layers.Zip(before))
        {
            var untouched = Fixture.BitwiseEqual(weight, layer.Weight) && Fixture.BitwiseEqual(grad, layer.Weight.grad!);
            Assert.True(untouched == excluded.Contains(layer.Name),
                $"{plugin} exclude {exclude}: layer '{layer.Name}' was {(untouched ? "untouched" : "changed")}");
        }
    }
}
