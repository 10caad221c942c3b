using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.DenseNet;

/// <summary>conv1 [→ 2×2 average pool] → dense1 → trans1 → dense2 → trans2 → dense3 → BN → ReLU → global average pool → fc.</summary>
public sealed class DenseNetModel : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly bool pooledStem;
    private readonly IReadOnlyList<nn.Module<Tensor, Tensor>> body;
    private readonly nn.Module<Tensor, Tensor> bn;
    private readonly nn.Module<Tensor, Tensor> fc;

    /// <summary>Registers conv1, the named stages (dense1, trans1, …), bn and fc.</summary>
    public DenseNetModel(nn.Module<Tensor, Tensor> conv1, bool pooledStem, IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Stage)> stages,
        long channels, nn.Module<Tensor, Tensor> fc) : base("densenet")
    {
        this.conv1 = conv1;
        this.pooledStem = pooledStem;
        body = stages.Select(s => s.Stage).ToList();
        bn = nn.BatchNorm2d(channels);
        this.fc = fc;
        register_module("conv1", conv1);
        foreach (var (name, stage) in stages) register_module(name, stage);
        register_module("bn", bn);
        register_module("fc", fc);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = conv1.call(input);
        if (pooledStem) x = nn.functional.avg_pool2d(x, 2, 2);
        foreach (var stage in body) x = stage.call(x);
        x = nn.functional.adaptive_avg_pool2d(nn.functional.relu(bn.call(x)), 1).flatten(1);
        return fc.call(x).MoveToOuterDisposeScope();
    }
}
