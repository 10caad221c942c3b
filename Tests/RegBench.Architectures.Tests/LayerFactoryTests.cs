using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.Tests;

/// <summary>Every weight layer of every architecture is made through the factory, under its module path, with true geometry.</summary>
public sealed class LayerFactoryTests
{
    public static readonly TheoryData<string, string, int> Models = new()
    {
        { "mlp", "{}", 28 },
        { "resnet", """{"depth":18}""", 32 },
        { "resnet", """{"depth":50,"width":8}""", 32 },
        { "resnet", """{"depth":18,"stem":"imagenet","width":8}""", 96 },
        { "vgg", """{"depth":13,"classifier":"mlp"}""", 32 },
        { "nin", "{}", 32 },
        { "densenet", """{"depth":40}""", 32 },
        { "densenet", """{"depth":40}""", 96 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_linear_and_conv_module_is_a_factory_layer_registered_under_its_name(string name, string options, int side)
    {
        using var built = BuiltModel.Build(name, options, new DataShape(3, side, side, 10));
        var modules = built.Model.named_modules().ToDictionary(m => m.name, m => m.module);
        var weightModules = modules.Where(m => m.Value is TorchSharp.Modules.Linear or TorchSharp.Modules.Conv2d).ToList();

        Assert.Equal(weightModules.Count, built.Factory.Layers.Count);
        foreach (var layer in built.Factory.Layers)
        {
            Assert.True(modules.TryGetValue(layer.Name, out var module), $"no module registered as '{layer.Name}'");
            Assert.Equal(layer.Kind == LayerKind.Linear ? typeof(TorchSharp.Modules.Linear) : typeof(TorchSharp.Modules.Conv2d), module!.GetType());
            var weight = module.named_parameters().Single(p => p.name == "weight").parameter;
            Assert.Equal(weight.Handle, layer.Weight.Handle);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Conv_geometry_and_input_size_match_what_each_conv_sees_in_a_forward_pass(string name, string options, int side)
    {
        using var built = BuiltModel.Build(name, options, new DataShape(3, side, side, 10));
        var modules = built.Model.named_modules().ToDictionary(m => m.name, m => m.module);
        var seen = new Dictionary<string, (long[] Input, long[] Output)>();
        var hooks = built.Factory.Layers.Where(l => l.Kind == LayerKind.Conv2d).Select(layer =>
            ((nn.Module<Tensor, Tensor>)modules[layer.Name]).register_forward_hook((_, input, output) =>
            {
                seen[layer.Name] = (input.shape, output.shape);
                return output;
            })).ToList();

        built.ForwardShape(1);

        foreach (var layer in built.Factory.Layers)
        {
            if (layer.Kind == LayerKind.Linear)
            {
                Assert.Null(layer.Conv);
                continue;
            }
            var (input, output) = seen[layer.Name];
            var conv = layer.Conv!;
            Assert.Equal(((int)input[2], (int)input[3]), conv.InputSize);
            Assert.Equal(input[1], layer.Weight.shape[1] * conv.Groups);
            var (kh, kw) = (layer.Weight.shape[2], layer.Weight.shape[3]);
            Assert.Equal((input[2] + 2 * conv.Padding.Height - conv.Dilation.Height * (kh - 1) - 1) / conv.Stride.Height + 1, output[2]);
            Assert.Equal((input[3] + 2 * conv.Padding.Width - conv.Dilation.Width * (kw - 1) - 1) / conv.Stride.Width + 1, output[3]);
            Assert.Equal(layer.Weight.shape[0], output[1]);
        }
        hooks.ForEach(h => h.remove());
    }

    [Fact]
    public void ResNet_layers_have_the_module_paths_and_shapes_of_the_cifar_resnet()
    {
        using var built = BuiltModel.Build("resnet", """{"depth":18}""", new DataShape(3, 32, 32, 10));
        var layers = built.Factory.Layers.ToDictionary(l => l.Name);

        Assert.Equal(21, layers.Count); // 1 stem + 16 block convs + 3 projection shortcuts + fc
        Assert.Equal([64L, 3, 3, 3], layers["conv1"].Weight.shape);
        Assert.Equal([128L, 64, 1, 1], layers["layer2.0.shortcut.conv"].Weight.shape);
        Assert.Equal((2, 2), layers["layer2.0.shortcut.conv"].Conv!.Stride);
        Assert.Equal((16, 16), layers["layer3.0.conv1"].Conv!.InputSize);
        Assert.Equal([10L, 512], layers["fc"].Weight.shape);
        Assert.Equal(LayerKind.Linear, layers["fc"].Kind);
    }
}
