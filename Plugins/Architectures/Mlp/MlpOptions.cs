using System.ComponentModel;
using RegBench.Abstractions;

namespace RegBench.Architectures.Mlp;

/// <summary>Options of the MLP: the seed study's medium and large nets are 5×2000 and 7×4000, bias-free.</summary>
public sealed record MlpOptions
{
    /// <summary>Number of hidden layers.</summary>
    [Description("Number of hidden layers.")]
    [OptionRange(Minimum = 0)]
    public int Depth { get; init; } = 3;

    /// <summary>Units per hidden layer.</summary>
    [Description("Units per hidden layer.")]
    [OptionRange(Minimum = 1)]
    public int Width { get; init; } = 256;

    /// <summary>Whether layers have biases (the seed study uses none).</summary>
    [Description("Whether layers have biases (the seed study uses none).")]
    public bool Bias { get; init; }

    /// <summary>Hidden activation.</summary>
    [Description("Hidden activation: relu, tanh or gelu.")]
    public MlpActivation Activation { get; init; } = MlpActivation.Relu;
}

/// <summary>The hidden activation of the MLP ("relu", "tanh", "gelu" in experiments.json).</summary>
public enum MlpActivation
{
    /// <summary>max(0, x).</summary>
    Relu,
    /// <summary>tanh(x).</summary>
    Tanh,
    /// <summary>Gaussian error linear unit.</summary>
    Gelu,
}
