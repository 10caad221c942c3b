using RegBench.Abstractions;
using static TorchSharp.torch;

namespace Acme.MaxNorm;

/// <summary>
/// Max norm constraint (Srivastava et al. 2014, "Dropout", §5.1): after every optimizer step each row of a weight (one
/// unit's incoming weights; one filter of a conv) is projected back into the L2 ball of radius c.
/// </summary>
[Regularizer("max-norm", Description = "Max norm constraint: after each step every row W_i ← W_i·min(1, c/‖W_i‖) (Srivastava et al. 2014).")]
public sealed class MaxNormConstraint(MaxNormConstraintOptions options) : IWeightProjection
{
    private IReadOnlyList<RegularizedLayer>? selected;

    /// <summary>Keeps the layers that <see cref="MaxNormConstraintOptions.Exclude"/> does not leave alone.</summary>
    public void Attach(RegularizationContext context) => selected = LayerSelector.Apply(context.Layers, options.Exclude);

    /// <summary>Shrinks every row longer than c to length c, in place; shorter rows are unchanged.</summary>
    public void AfterStep(IReadOnlyList<RegularizedLayer> layers)
    {
        var attached = selected ?? throw new InvalidOperationException($"{nameof(MaxNormConstraint)}: Attach must be called before the first step.");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var layer in attached)
        {
            // W_i ← W_i·min(1, c/‖W_i‖)
            var rowNorms = linalg.vector_norm(layer.Weight, dims: RowDimensions(layer), keepdim: true);
            layer.Weight.mul_((options.MaxNorm / rowNorms).clamp_max_(1));
        }
    }

    /// <summary>The dimensions one row spans: all but the output one (dim 0; dim 1 of a transposed conv's weight).</summary>
    private static long[] RowDimensions(RegularizedLayer layer)
    {
        var output = layer.Kind == LayerKind.ConvTranspose2d ? 1 : 0;
        return Enumerable.Range(0, (int)layer.Weight.dim()).Where(d => d != output).Select(d => (long)d).ToArray();
    }
}
