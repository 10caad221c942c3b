namespace RegBench.Abstractions;

/// <summary>Edits weights after each optimizer step (Frobenius and spectral norm scaling, Stiefel projection).</summary>
public interface IWeightProjection : IRegularizer
{
    /// <summary>Called once per step after optimizer.step(); edit each layer's Weight in place under no_grad.</summary>
    void AfterStep(IReadOnlyList<RegularizedLayer> layers);
}
