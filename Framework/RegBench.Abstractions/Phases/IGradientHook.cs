namespace RegBench.Abstractions;

/// <summary>Edits gradients after backward and before the optimizer step (weight decay, SN regularization).</summary>
public interface IGradientHook : IRegularizer
{
    /// <summary>Called once per step after loss.backward(); add to each layer's Weight.grad in place.</summary>
    void AfterBackward(IReadOnlyList<RegularizedLayer> layers);
}
