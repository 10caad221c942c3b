namespace RegBench.Engine.Experiments;

/// <summary>
/// One or more configuration errors, each located in the file (path:line:col) with a stable RB1xxx code.
/// The CLI prints <see cref="Exception.Message"/> and exits with code 2.
/// </summary>
public sealed class ConfigurationException(IReadOnlyList<ConfigurationError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    /// <summary>A single error.</summary>
    public ConfigurationException(ConfigurationError error) : this([error]) { }

    /// <summary>Every error found, in file order.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; } = errors;
}
