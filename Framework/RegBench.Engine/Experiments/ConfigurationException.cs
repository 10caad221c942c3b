using RegBench.Experiments;

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

    /// <summary>One error located at a named setting instead of a file position ("--batch-size: error RB1005: …").</summary>
    public static ConfigurationException At(string setting, string code, string message) => new(new ConfigurationError(setting, 0, 0, code, message));

    /// <summary>Every error found, in file order.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; } = errors;
}
