using Parameter = TorchSharp.Modules.Parameter;

namespace RegBench.Abstractions;

/// <summary>
/// Updates some of the model's parameters itself instead of the engine's optimizer, e.g. a Riemannian optimizer that keeps a
/// weight on a manifold (Stiefel). The engine leaves the owned parameters out of its optimizer, zeroes their gradients with the
/// others before each backward, and calls <see cref="Update"/> once per step right after its optimizer step and before
/// <see cref="IWeightProjection.AfterStep"/>. The plugin's optimizer state belongs in the layers' <see cref="LayerState"/>, which
/// checkpoints carry.
/// </summary>
public interface IParameterUpdate : IRegularizer
{
    /// <summary>
    /// The model parameters this regularizer updates. Asked once, by the engine's trainer after the model is built and before it
    /// creates its optimizer: before any checkpoint restore and before <see cref="IRegularizer.Attach"/>.
    /// </summary>
    IReadOnlyList<Parameter> OwnedParameters(IReadOnlyList<RegularizedLayer> layers);

    /// <summary>
    /// Updates every owned parameter in place under no_grad from its gradient (null when the parameter took no part in the loss),
    /// with the learning rate the engine's optimizer uses in this epoch (its schedule applied).
    /// </summary>
    void Update(IReadOnlyList<RegularizedLayer> layers, double learningRate);
}
