// RegBench.Experiments (netstandard2.0): referenced by RegBench.Engine and loaded beside the experiment-matrix generator.
namespace RegBench.Experiments;

/// <summary>Stable ids of experiment-file errors (RB1xxx); the same ids at compile time and at run time.</summary>
public static class ConfigurationCodes
{
    /// <summary>The file is missing or is not valid JSON.</summary>
    public const string Syntax = "RB1000";
    /// <summary>A plugin name that no loaded plugin has.</summary>
    public const string UnknownPlugin = "RB1001";
    /// <summary>A plugin option that is unknown or of the wrong type.</summary>
    public const string PluginOption = "RB1002";
    /// <summary>A profile or property defined twice.</summary>
    public const string Duplicate = "RB1003";
    /// <summary>An axis of the matrix (datasets, architectures, regularizers, seeds, batch sizes) is empty.</summary>
    public const string EmptyAxis = "RB1004";
    /// <summary>A number out of range (epochs ≤ 0, lr ≤ 0, batch size ≤ 0).</summary>
    public const string InvalidNumber = "RB1005";
    /// <summary>A property the format does not know.</summary>
    public const string UnknownProperty = "RB1006";
    /// <summary>A value of the wrong JSON type.</summary>
    public const string WrongType = "RB1007";
    /// <summary>A profile name that the file does not define.</summary>
    public const string UnknownProfile = "RB1008";
}
