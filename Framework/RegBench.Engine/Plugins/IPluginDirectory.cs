using System.Text.Json;
using RegBench.Abstractions;

namespace RegBench.Engine.Plugins;

/// <summary>Looks up loaded plugins by kind and name (the catalog; tests may pass their own), binds their options and creates them.</summary>
public interface IPluginDirectory
{
    /// <summary>The plugin of <paramref name="kind"/> named <paramref name="name"/>, or null.</summary>
    PluginDescriptor? Find(PluginKind kind, string name);

    /// <summary>Every loaded name of <paramref name="kind"/>, sorted.</summary>
    IReadOnlyList<string> Names(PluginKind kind);

    /// <summary>
    /// The one way a plugin is made: finds <paramref name="name"/> (a <see cref="PluginLoadException"/> naming kind,
    /// name and the loaded ones when it is not loaded), binds <paramref name="options"/> (a
    /// <see cref="PluginOptionsException"/> naming the option) and creates it; a plugin that throws while starting is an
    /// <see cref="InvalidOperationException"/> "&lt;kind&gt; plugin '&lt;name&gt;' failed to start: …".
    /// </summary>
    object Create(PluginKind kind, string name, JsonElement options)
    {
        var bound = Bind(kind, name, options);
        try
        {
            return bound.Descriptor.Create(bound.Options);
        }
        catch (Exception error) when (error is not (PluginOptionsException or OutOfMemoryException))
        {
            throw new InvalidOperationException($"{Noun(kind)} plugin '{name}' failed to start: {error.Message}", error);
        }
    }

    /// <summary>Finds and binds without creating (validation): the descriptor and the bound options; errors as <see cref="Create"/>'s.</summary>
    BoundPlugin Bind(PluginKind kind, string name, JsonElement options)
    {
        var descriptor = Find(kind, name) ?? throw new PluginLoadException(
            $"The {Noun(kind)} plugin '{name}' is not loaded (loaded: {string.Join(", ", Names(kind))}). " +
            "Pass --plugins DIR with the folder of its build output, or rebuild the host's plugins/ folder with 'dotnet build'.");
        return new BoundPlugin(descriptor, descriptor.Bind(options));
    }

    private static string Noun(PluginKind kind) => kind.ToString().ToLowerInvariant();
}

/// <summary>A loaded plugin and options it bound (not yet created).</summary>
public sealed record BoundPlugin(PluginDescriptor Descriptor, BoundOptions Options);
