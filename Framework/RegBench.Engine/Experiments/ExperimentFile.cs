using RegBench.Experiments;

namespace RegBench.Engine.Experiments;

/// <summary>A validated experiments.json: its profiles in file order and extra plugin directories.</summary>
/// <param name="Path">The file it was read from.</param>
/// <param name="Profiles">Profiles in the order the file lists them.</param>
/// <param name="PluginDirectories">Directories from the "plugins" entry, resolved against the file's folder.</param>
public sealed record ExperimentFile(string Path, IReadOnlyList<ExperimentProfile> Profiles, IReadOnlyList<string> PluginDirectories)
{
    /// <summary>The profile named <paramref name="name"/>; a configuration error (RB1008) listing the known ones if absent.</summary>
    public ExperimentProfile Profile(string name) =>
        Profiles.FirstOrDefault(p => p.Name == name) ?? throw new ConfigurationException(new ConfigurationError(
            Path, 0, 0, ConfigurationCodes.UnknownProfile,
            $"no profile '{name}'{Suggest.DidYouMean(name, Profiles.Select(p => p.Name))}. Profiles in this file: {string.Join(", ", Profiles.Select(p => p.Name))}."));
}
