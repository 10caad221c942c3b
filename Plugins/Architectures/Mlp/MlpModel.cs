using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.Mlp;

/// <summary>Flatten → (Linear → activation) × depth → Linear to the classes. Layers named fc1…fcN and out.</summary>
public sealed class MlpModel : nn.Module<Tensor, Tensor>
{
    private readonly IReadOnlyList<nn.Module<Tensor, Tensor>> hidden;
    private readonly nn.Module<Tensor, Tensor> output;
    private readonly Func<Tensor, Tensor> activation;

    /// <summary>Assembles the model from layers the factory made; registers them under their layer names.</summary>
    public MlpModel(IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Layer)> hiddenLayers, (string Name, nn.Module<Tensor, Tensor> Layer) outputLayer,
        Func<Tensor, Tensor> activation) : base("mlp")
    {
        foreach (var (name, layer) in hiddenLayers.Append(outputLayer)) register_module(name, layer);
        hidden = hiddenLayers.Select(l => l.Layer).ToList();
        output = outputLayer.Layer;
        this.activation = activation;
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.flatten(1);
        foreach (var layer in hidden) x = activation(layer.forward(x));
        return output.forward(x).MoveToOuterDisposeScope();
    }
}
