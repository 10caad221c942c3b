using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using RegBench.Abstractions;

namespace RegBench.Testing;

/// <summary>
/// One plugin as the generated contract tests see it: found through its assembly's <see cref="IPluginManifest"/> (hand-written
/// or generated, exactly as the host loads it) and created from an options object, as experiments.json would.
/// </summary>
public sealed class PluginUnderTest : RegBench.Engine.Plugins.IPluginDirectory
{
    private static readonly ConcurrentDictionary<(string, PluginKind, string, string), PluginUnderTest> Found = new();

    private PluginUnderTest(PluginDescriptor descriptor, string assemblyName, string optionsJson)
    {
        Descriptor = descriptor;
        AssemblyName = assemblyName;
        OptionsJson = optionsJson;
    }

    /// <summary>The manifest's descriptor of the plugin.</summary>
    public PluginDescriptor Descriptor { get; }

    /// <summary>The plugin's assembly.</summary>
    public string AssemblyName { get; }

    /// <summary>The options object every instance is created with.</summary>
    public string OptionsJson { get; }

    /// <summary>The plugin's name.</summary>
    public string Name => Descriptor.Name;

    /// <summary>"regularizer 'spectral-scaling'", for messages.</summary>
    public string Label => $"{Descriptor.Kind.ToString().ToLowerInvariant()} '{Name}'" + (OptionsJson.Trim() is "{}" ? "" : $" {OptionsJson}");

    /// <summary>
    /// The plugin <paramref name="kind"/>/<paramref name="name"/> of assembly <paramref name="assemblyName"/>, read from the
    /// manifest its <see cref="PluginManifestAttribute"/> names; throws <see cref="ContractViolationException"/> when there is none.
    /// </summary>
    public static PluginUnderTest Find(string assemblyName, PluginKind kind, string name, string optionsJson = "{}") =>
        Found.GetOrAdd((assemblyName, kind, name, optionsJson), key => Load(key.Item1, key.Item2, key.Item3, key.Item4));

    /// <summary>The options object as JSON.</summary>
    public JsonElement Options
    {
        get
        {
            using var options = JsonDocument.Parse(OptionsJson);
            return options.RootElement.Clone();
        }
    }

    /// <summary>A new instance from <see cref="OptionsJson"/>, through the host's one create path (<see cref="RegBench.Engine.Plugins.IPluginDirectory.Create"/>).</summary>
    public object Create() => ((RegBench.Engine.Plugins.IPluginDirectory)this).Create(Descriptor.Kind, Name, Options);

    /// <summary>This plugin when <paramref name="kind"/> and <paramref name="name"/> are its own; a directory of one.</summary>
    public PluginDescriptor? Find(PluginKind kind, string name) => kind == Descriptor.Kind && name == Name ? Descriptor : null;

    /// <summary>The plugin's name when <paramref name="kind"/> is its kind.</summary>
    public IReadOnlyList<string> Names(PluginKind kind) => kind == Descriptor.Kind ? [Name] : [];

    /// <summary>The plugin's <c>exclude</c> option (name patterns, "first", "last"), or none.</summary>
    public IReadOnlyList<string> Exclude()
    {
        using var options = JsonDocument.Parse(OptionsJson);
        return options.RootElement.ValueKind == JsonValueKind.Object && options.RootElement.TryGetProperty("exclude", out var exclude) &&
               exclude.ValueKind == JsonValueKind.Array
            ? exclude.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : [];
    }

    /// <inheritdoc />
    public override string ToString() => Label;

    private static PluginUnderTest Load(string assemblyName, PluginKind kind, string name, string optionsJson)
    {
        var assembly = Assembly.Load(new AssemblyName(assemblyName));
        var manifestType = assembly.GetCustomAttribute<PluginManifestAttribute>()?.ManifestType
            ?? throw new ContractViolationException($"{assemblyName} has no [assembly: PluginManifest]: the host could not load its plugins either.");
        var manifest = (IPluginManifest)Activator.CreateInstance(manifestType)!;
        var descriptor = manifest.Plugins.SingleOrDefault(p => p.Kind == kind && p.Name == name)
            ?? throw new ContractViolationException(
                $"The manifest of {assemblyName} ({manifestType.FullName}) lists no {kind.ToString().ToLowerInvariant()} named '{name}', " +
                $"though a class of the assembly is marked with that name; it lists: {string.Join(", ", manifest.Plugins.Select(p => p.Name))}.");
        return new PluginUnderTest(descriptor, assemblyName, optionsJson);
    }
}
