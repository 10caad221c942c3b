using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.Vgg;

/// <summary>One conv of the feature extractor, with its optional BN and whether a 2×2 max pool follows it.</summary>
/// <param name="Index">1-based conv number: the layers are "conv{Index}" and "bn{Index}".</param>
/// <param name="Conv">The factory-made 3×3 conv.</param>
/// <param name="Norm">BatchNorm after the conv, or null.</param>
/// <param name="PoolAfter">Whether a max pool ("M" in the configuration) follows.</param>
public sealed record VggConv(int Index, nn.Module<Tensor, Tensor> Conv, nn.Module<Tensor, Tensor>? Norm, bool PoolAfter);

/// <summary>
/// conv1…convN (3×3 [→ bnK] → ReLU, 2×2 max pool where the configuration says "M") → global average pool →
/// classifier ("fc", or "fc1"–"fc3" with dropout before fc1 and fc2 and ReLU between).
/// </summary>
public sealed class VggModel : nn.Module<Tensor, Tensor>
{
    private readonly IReadOnlyList<VggConv> convs;
    private readonly IReadOnlyList<nn.Module<Tensor, Tensor>> classifier;
    private readonly double dropout;

    /// <summary>Assembles the model and registers conv{K}, bn{K} and the classifier under their layer names.</summary>
    public VggModel(IReadOnlyList<VggConv> convs, IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Layer)> classifierLayers, double dropout)
        : base("vgg")
    {
        this.convs = convs;
        this.dropout = dropout;
        classifier = classifierLayers.Select(l => l.Layer).ToList();
        foreach (var conv in convs)
        {
            register_module($"conv{conv.Index}", conv.Conv);
            if (conv.Norm is not null) register_module($"bn{conv.Index}", conv.Norm);
        }
        foreach (var (name, layer) in classifierLayers) register_module(name, layer);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var conv in convs)
        {
            x = conv.Conv.call(x);
            if (conv.Norm is not null) x = conv.Norm.call(x);
            x = nn.functional.relu(x);
            if (conv.PoolAfter) x = nn.functional.max_pool2d(x, 2, 2, ceil_mode: true);
        }
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        for (var i = 0; i < classifier.Count; i++)
        {
            var last = i == classifier.Count - 1;
            if (!last) x = nn.functional.dropout(x, dropout, training);
            x = classifier[i].call(x);
            if (!last) x = nn.functional.relu(x);
        }
        return x.MoveToOuterDisposeScope();
    }
}
