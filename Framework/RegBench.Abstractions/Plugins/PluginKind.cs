namespace RegBench.Abstractions;

/// <summary>The three kinds of plugin the host loads.</summary>
public enum PluginKind
{
    /// <summary>Implements <see cref="IRegularizer"/> phase interfaces.</summary>
    Regularizer,
    /// <summary>Implements <see cref="IArchitecture"/>.</summary>
    Architecture,
    /// <summary>Implements <see cref="IDataset"/>.</summary>
    Dataset,
}
