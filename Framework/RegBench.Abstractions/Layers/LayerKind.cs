namespace RegBench.Abstractions;

/// <summary>The kinds of weight layer a regularizer can see.</summary>
public enum LayerKind
{
    /// <summary>A fully connected layer; weight shape (out, in).</summary>
    Linear,
    /// <summary>A 2-D convolution; weight shape (out, in/groups, kh, kw).</summary>
    Conv2d,
    /// <summary>A 2-D transposed convolution; weight shape (in, out/groups, kh, kw).</summary>
    ConvTranspose2d,
}
