using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.NetworkInNetwork;

/// <summary>block1 → 3×3/2 max pool → dropout → block2 → 3×3/2 average pool → dropout → block3 → global average pool.</summary>
public sealed class NinModel : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> block1;
    private readonly nn.Module<Tensor, Tensor> block2;
    private readonly nn.Module<Tensor, Tensor> block3;
    private readonly double dropout;

    /// <summary>Registers the three mlpconv blocks as "block1"–"block3".</summary>
    public NinModel(nn.Module<Tensor, Tensor> block1, nn.Module<Tensor, Tensor> block2, nn.Module<Tensor, Tensor> block3, double dropout) : base("nin")
    {
        this.block1 = block1;
        this.block2 = block2;
        this.block3 = block3;
        this.dropout = dropout;
        register_module("block1", block1);
        register_module("block2", block2);
        register_module("block3", block3);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.max_pool2d(block1.call(input), 3, 2, 1);
        x = nn.functional.dropout(x, dropout, training);
        x = nn.functional.avg_pool2d(block2.call(x), 3, 2, 1);
        x = nn.functional.dropout(x, dropout, training);
        x = nn.functional.adaptive_avg_pool2d(block3.call(x), 1).flatten(1);
        return x.MoveToOuterDisposeScope();
    }
}
