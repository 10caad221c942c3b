using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace RegBench.Layers;

/// <summary>The forward pass of an engine-built Linear or Conv2d module with another weight, for reparametrizing layers.</summary>
public static class FunctionalLayer
{
    /// <summary>
    /// (input, weight) → F.linear or F.conv2d with <paramref name="inner"/>'s bias and <paramref name="layer"/>'s geometry; any
    /// other module is an error naming <paramref name="pluginName"/>, the layer and <paramref name="hint"/>.
    /// </summary>
    public static Func<Tensor, Tensor, Tensor> Of(nn.Module<Tensor, Tensor> inner, RegularizedLayer layer, string pluginName, string hint = "")
    {
        switch (inner, layer.Conv)
        {
            case (TorchSharp.Modules.Linear linear, null):
                return (x, w) => F.linear(x, w, linear.bias);
            case (TorchSharp.Modules.Conv2d conv, { } g) when layer.Kind == LayerKind.Conv2d:
                long[] stride = [g.Stride.Height, g.Stride.Width], padding = [g.Padding.Height, g.Padding.Width];
                long[] dilation = [g.Dilation.Height, g.Dilation.Width];
                return (x, w) => F.conv2d(x, w, conv.bias, stride, padding, dilation, g.Groups);
            default:
                throw new InvalidOperationException(
                    $"{pluginName} can wrap the Linear and Conv2d modules of the engine's layer factory; " +
                    $"layer '{layer.Name}' came as {inner.GetType().Name}.{hint}");
        }
    }
}
