namespace RegBench.Layers;

/// <summary>Which linear map of a conv layer a spectral consumer measures (option value "reshaped" or "operator").</summary>
public enum ConvEstimator
{
    /// <summary>The reshaped kernel matrix out × (in/groups·kh·kw), dim 1 as rows for ConvTranspose2d (Miyato et al., Yoshida &amp; Miyato, Hess &amp; Hutchison).</summary>
    Reshaped,

    /// <summary>The exact linear map of the convolution on the layer's input size (needs the layer's input size).</summary>
    Operator,
}
