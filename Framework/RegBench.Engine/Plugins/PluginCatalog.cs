using System.Reflection;
using McMaster.NETCore.Plugins;
using RegBench.Abstractions;
using TorchSharp;

namespace RegBench.Engine.Plugins;

/// <summary>
/// Loads plugin assemblies with McMaster.NETCore.Plugins, each in its own load context that shares Abstractions,
/// Spectral, Layers, Datasets.Images and TorchSharp with the host (one copy of the natives), and reads each assembly's manifest.
/// </summary>
public sealed class PluginCatalog : IPluginDirectory
{
    private readonly List<LoadedPlugin> plugins = [];

    private PluginCatalog() { }

    /// <summary>Every loaded plugin, sorted by kind and name.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins => plugins;

    /// <summary>The host's built-in plugin folder (beside the executable).</summary>
    public static string BuiltInDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>
    /// Loads every plugin assembly under <paramref name="directories"/>: in a folder holding X.dll + X.deps.json (a
    /// build output) each such X.dll; else each .dll that references RegBench.Abstractions (an assembly dropped in
    /// on its own); else each subfolder is searched. Throws <see cref="PluginLoadException"/> on any unusable plugin,
    /// and when a folder other than the built-in one holds no plugin assembly at all.
    /// </summary>
    public static PluginCatalog Load(IEnumerable<string> directories)
    {
        var catalog = new PluginCatalog();
        foreach (var directory in directories.Select(Path.GetFullPath).Distinct())
        {
            if (!Directory.Exists(directory))
                throw new PluginLoadException($"Plugin directory '{directory}' does not exist. Check --plugins or the \"plugins\" entry of experiments.json.");
            var found = FindPluginAssemblies(directory).ToList();
            if (found.Count == 0 && directory != Path.GetFullPath(BuiltInDirectory))
                throw new PluginLoadException(
                    $"Plugin directory '{directory}' holds no plugin assembly (a .dll that references RegBench.Abstractions, in it or a subfolder). " +
                    "Point --plugins at the plugin's build output (bin/<Configuration>/net10.0) or copy the built .dll there.");
            foreach (var assembly in found) catalog.LoadAssembly(assembly);
        }
        catalog.plugins.Sort((a, b) => (a.Descriptor.Kind, a.Descriptor.Name).CompareTo((b.Descriptor.Kind, b.Descriptor.Name)));
        return catalog;
    }

    /// <inheritdoc />
    public PluginDescriptor? Find(PluginKind kind, string name) =>
        plugins.FirstOrDefault(p => p.Descriptor.Kind == kind && p.Descriptor.Name == name)?.Descriptor;

    /// <inheritdoc />
    public IReadOnlyList<string> Names(PluginKind kind) =>
        plugins.Where(p => p.Descriptor.Kind == kind).Select(p => p.Descriptor.Name).ToList();

    // The runtime's native deps.json reader aborts the whole process on some malformed files, so check first.
    private static void CheckDependencyFile(string assemblyPath)
    {
        var deps = Path.ChangeExtension(assemblyPath, ".deps.json");
        if (!File.Exists(deps)) return; // an assembly dropped in on its own: its load context resolves from its folder
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(deps));
            var root = document.RootElement;
            if (root.ValueKind == System.Text.Json.JsonValueKind.Object &&
                root.TryGetProperty("runtimeTarget", out var target) && target.TryGetProperty("name", out _) &&
                root.TryGetProperty("targets", out _) && root.TryGetProperty("libraries", out _))
                return;
        }
        catch (System.Text.Json.JsonException) { }
        throw new PluginLoadException(
            $"Plugin dependency file '{deps}' is malformed (needs runtimeTarget, targets and libraries). Rebuild the plugin with 'dotnet build' so the SDK writes it again.");
    }

    private static IEnumerable<string> FindPluginAssemblies(string directory)
    {
        var own = Directory.EnumerateFiles(directory, "*.deps.json")
            .Select(deps => Path.Combine(directory, Path.GetFileName(deps)[..^".deps.json".Length] + ".dll"))
            .Where(File.Exists).ToList();
        if (own.Count == 0)
            own = Directory.EnumerateFiles(directory, "*.dll").Order(StringComparer.Ordinal).Where(ReferencesAbstractions).ToList();
        return own.Count > 0 ? own : Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal).SelectMany(FindPluginAssemblies);
    }

    // Reads the assembly's references from metadata without loading it.
    private static bool ReferencesAbstractions(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var image = new System.Reflection.PortableExecutable.PEReader(stream);
            if (!image.HasMetadata) return false;
            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(image);
            return metadata.AssemblyReferences.Any(h => metadata.GetString(metadata.GetAssemblyReference(h).Name) == "RegBench.Abstractions");
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private void LoadAssembly(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (File.Exists(Path.Combine(folder, "TorchSharp.dll")) || Directory.Exists(Path.Combine(folder, "runtimes")))
            throw new PluginLoadException(
                $"Plugin folder '{folder}' carries its own TorchSharp (TorchSharp.dll or runtimes/). A plugin must use the host's copy: " +
                "in its csproj reference TorchSharp with ExcludeAssets=\"runtime;native\" and RegBench.Abstractions/Spectral/Layers with Private=\"false\" ExcludeAssets=\"runtime\" " +
                "(the template and Plugins/Directory.Build.props do this), then rebuild.");
        CheckDependencyFile(path);
        var loader = PluginLoader.CreateFromAssemblyFile(path,
            sharedTypes: [typeof(IPluginManifest), typeof(torch), typeof(Spectral.SpectrumStats), typeof(Layers.LayerSpectralState), typeof(Datasets.Images.DatasetFolder)],
            configure: config => config.PreferSharedTypes = true);
        Assembly assembly;
        try
        {
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception error) when (error is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw new PluginLoadException($"Cannot load plugin assembly '{path}': {error.Message}");
        }
        var built = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == "RegBench.Abstractions")?.Version;
        if (built is not null && built.Major != AbstractionsVersion.Major)
            throw new PluginLoadException(
                $"Plugin assembly '{path}' was built against RegBench.Abstractions {built.Major}.x, this host provides {AbstractionsVersion.Major}.x. Rebuild the plugin against this version.");
        var manifestType = assembly.GetCustomAttribute<PluginManifestAttribute>()?.ManifestType
            ?? throw new PluginLoadException(
                $"Assembly '{path}' has no RegBench plugin manifest. Mark its plugin classes with [Regularizer], [Architecture] or [Dataset] and build it with the RegBench generators, or remove it from the plugins folder.");
        var manifest = (IPluginManifest)Activator.CreateInstance(manifestType)!;
        var version = assembly.GetName().Version?.ToString() ?? "0.0.0";
        foreach (var descriptor in manifest.Plugins)
        {
            var clash = plugins.FirstOrDefault(p => p.Descriptor.Kind == descriptor.Kind && p.Descriptor.Name == descriptor.Name);
            if (clash is not null)
                throw new PluginLoadException(
                    $"Two {descriptor.Kind.ToString().ToLowerInvariant()} plugins are named '{descriptor.Name}': in '{clash.AssemblyPath}' and in '{path}'. Rename one, or remove one assembly from the plugin folders.");
            plugins.Add(new LoadedPlugin(descriptor, path, version,
                (manifest as IPluginOptionsSchemaProvider)?.GetOptionsSchema(descriptor.Kind, descriptor.Name)));
        }
    }
}
