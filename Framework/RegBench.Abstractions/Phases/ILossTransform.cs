using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Abstractions;

/// <summary>Replaces the training loss, e.g. adversarial training's mix of clean and perturbed losses.</summary>
public interface ILossTransform : IRegularizer
{
    /// <summary>
    /// Returns the scalar loss to back-propagate for batch (<paramref name="inputs"/>, <paramref name="labels"/>). The trainer
    /// zeroes the gradients before the call, so a transform may back-propagate part of its objective itself (accumulating into
    /// the parameters' gradients) and return a loss whose graph carries only the rest.
    /// </summary>
    Tensor Loss(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, Func<Tensor, Tensor, Tensor> criterion);
}
