namespace RegBench.Abstractions;

/// <summary>
/// A regularizer plugin. It implements one or more phase interfaces (<see cref="IModelTransform"/>,
/// <see cref="ILossTransform"/>, <see cref="IGradientHook"/>, <see cref="IParameterUpdate"/>, <see cref="IWeightProjection"/>); the
/// engine calls them at their point of the training step and never knows plugin types.
/// </summary>
public interface IRegularizer
{
    /// <summary>Called once after the model is built (and after a checkpoint restore), before the first step.</summary>
    void Attach(RegularizationContext context) { }
}
