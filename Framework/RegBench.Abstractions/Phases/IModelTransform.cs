namespace RegBench.Abstractions;

/// <summary>Changes how layers are built, e.g. reparametrizes each weight as W/σ(W) (Miyato SN).</summary>
public interface IModelTransform : IRegularizer
{
    /// <summary>Returns a factory that wraps <paramref name="inner"/>; the architecture builds through it.</summary>
    ILayerFactory Decorate(ILayerFactory inner);
}
