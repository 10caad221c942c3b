using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace RegBench.Abstractions;

/// <summary>
/// One weight layer as regularizers and diagnostics see it: a stable name, the trainable weight,
/// its kind and conv geometry, and a state bag that survives checkpoints.
/// </summary>
public sealed class RegularizedLayer
{
    /// <summary>Creates the view of a layer built by an <see cref="ILayerFactory"/>.</summary>
    public RegularizedLayer(string name, Parameter weight, LayerKind kind, ConvGeometry? conv = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Weight = weight;
        Kind = kind;
        Conv = kind == LayerKind.Linear ? null : conv ?? ConvGeometry.Default;
        var expectedRank = kind == LayerKind.Linear ? 2 : 4;
        if (weight.dim() != expectedRank)
            throw new ArgumentException($"Layer '{name}' of kind {kind} needs a {expectedRank}-D weight, got shape [{string.Join(", ", weight.shape)}].");
    }

    /// <summary>Dotted path of the layer in the model, e.g. "block2.conv1".</summary>
    public string Name { get; }

    /// <summary>The trainable weight; regularizers edit it in place under no_grad.</summary>
    public Parameter Weight { get; }

    /// <summary>Linear, Conv2d or ConvTranspose2d.</summary>
    public LayerKind Kind { get; }

    /// <summary>Stride, padding, dilation, groups and input size for conv layers; null for Linear.</summary>
    public ConvGeometry? Conv { get; }

    /// <summary>Per-layer regularizer state saved in checkpoints (e.g. power-iteration vectors).</summary>
    public LayerState State { get; } = new();

    /// <summary>
    /// The weight the forward pass really uses when a model transform reparametrizes it (e.g. W/σ for Miyato SN);
    /// null means the forward pass uses <see cref="Weight"/>. Diagnostics report this effective weight.
    /// </summary>
    public Func<Tensor>? EffectiveWeight { get; set; }

    /// <summary>Rows of the matrix view (RegBench.Layers' <c>AsMatrix</c>): out features, out channels, or (transposed conv) dim 1.</summary>
    public long Rows => Kind == LayerKind.ConvTranspose2d ? Weight.shape[1] : Weight.shape[0];

    /// <summary>Columns of the matrix view: the product of the remaining dimensions.</summary>
    public long Columns => Weight.numel() / Rows;

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Kind} [{string.Join("x", Weight.shape)}])";
}
