using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Abstractions;

/// <summary>An architecture plugin: builds a classifier mapping (N, C, H, W) images to (N, classes) logits.</summary>
public interface IArchitecture
{
    /// <summary>Builds the model, creating every weight layer through <see cref="ModelContext.Layers"/>.</summary>
    nn.Module<Tensor, Tensor> Build(ModelContext context);
}
