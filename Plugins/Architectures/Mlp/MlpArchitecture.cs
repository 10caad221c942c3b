using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.Mlp;

/// <summary>A fully connected classifier of the flattened image, every layer made through the layer factory.</summary>
[Architecture("mlp", Description = "Multilayer perceptron (Hess & Hutchison: 5x2000 and 7x4000, no biases).")]
public sealed class MlpArchitecture(MlpOptions options) : IArchitecture
{
    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Build(ModelContext context)
    {
        var hidden = new List<(string, nn.Module<Tensor, Tensor>)>();
        long inputs = context.Data.Features;
        for (var i = 1; i <= options.Depth; i++)
        {
            hidden.Add(($"fc{i}", context.Layers.Linear($"fc{i}", inputs, options.Width, options.Bias)));
            inputs = options.Width;
        }
        var output = ("out", context.Layers.Linear("out", inputs, context.Data.Classes, options.Bias));
        Func<Tensor, Tensor> activation = options.Activation switch
        {
            MlpActivation.Tanh => x => x.tanh(),
            MlpActivation.Gelu => x => nn.functional.gelu(x),
            MlpActivation.Relu => x => nn.functional.relu(x),
            var other => throw new InvalidOperationException($"mlp: activation {other} has no implementation."),
        };
        return new MlpModel(hidden, output, activation);
    }
}
