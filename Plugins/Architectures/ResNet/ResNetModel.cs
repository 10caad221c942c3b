using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.ResNet;

/// <summary>
/// stem (conv1 → bn1 → relu [→ max pool]) → layer1…layer4 (residual blocks "layerN.M") → global average pool → fc.
/// </summary>
public sealed class ResNetModel : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly bool maxPool;
    private readonly IReadOnlyList<nn.Module<Tensor, Tensor>> stages;
    private readonly nn.Module<Tensor, Tensor> fc;

    /// <summary>Assembles the model from factory-made layers; registers them under their layer names.</summary>
    public ResNetModel(nn.Module<Tensor, Tensor> conv1, long stemChannels, bool maxPool,
        IReadOnlyList<IReadOnlyList<nn.Module<Tensor, Tensor>>> stageBlocks, nn.Module<Tensor, Tensor> fc) : base("resnet")
    {
        this.conv1 = conv1;
        bn1 = nn.BatchNorm2d(stemChannels);
        this.maxPool = maxPool;
        stages = stageBlocks.Select(blocks => (nn.Module<Tensor, Tensor>)nn.Sequential(blocks.Select((b, i) => (i.ToString(), b)))).ToList();
        this.fc = fc;
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        for (var i = 0; i < stages.Count; i++) register_module($"layer{i + 1}", stages[i]);
        register_module("fc", fc);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        if (maxPool) x = nn.functional.max_pool2d(x, 3, 2, 1);
        foreach (var stage in stages) x = stage.call(x);
        x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return fc.call(x).MoveToOuterDisposeScope();
    }
}
