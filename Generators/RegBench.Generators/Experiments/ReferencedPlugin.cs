using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using RegBench.Experiments;

namespace RegBench.Generators.Experiments;

/// <summary>
/// A plugin found in a referenced assembly: kind ("dataset", ...), name, assembly, its options, and from its generated
/// manifest its version and the canonical JSON of its defaults (null when the manifest does not list it).
/// </summary>
internal sealed record ReferencedPlugin(string Kind, string Name, string Assembly, EquatableArray<OptionModel> Options, int Version = 1,
    string? DefaultOptionsJson = null);

/// <summary>Reads the plugins of the compilation's referenced assemblies from metadata (their [Regularizer]/... classes).</summary>
internal static class ReferencedPlugins
{
    private static readonly LocationInfo Nowhere = new("", default(TextSpan), default(LinePositionSpan));

    /// <summary>Every plugin class of every referenced assembly that declares [assembly: PluginManifest], sorted by kind and name.</summary>
    public static EquatableArray<ReferencedPlugin> Collect(Compilation compilation, CancellationToken cancellationToken)
    {
        var result = new List<ReferencedPlugin>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var manifest = assembly.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == PluginManifestGenerator.PluginManifestAttribute);
            if (manifest is null) continue;
            var listed = Listed(manifest);
            foreach (var type in ReferencedPluginScanner.Types(assembly.GlobalNamespace))
            {
                if (InvariantParser.PluginOf(type) is not { } plugin || plugin.Name.Length == 0) continue;
                var optionsType = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length == 1)
                    .Select(c => c.Parameters[0].Type).OfType<INamedTypeSymbol>().FirstOrDefault(t => t.IsRecord);
                var options = optionsType is null
                    ? EquatableArray<OptionModel>.Empty
                    : PluginParser.ParseOptions(optionsType, [], Nowhere, cancellationToken);
                var kind = plugin.Kind.ToLowerInvariant();
                // A manifest that does not list it (hand-written): version 1 and no defaults, so only written options count.
                var fromManifest = listed.TryGetValue((kind, plugin.Name), out var entry) ? entry : (Version: 1, Defaults: null);
                result.Add(new ReferencedPlugin(kind, plugin.Name, assembly.Name, options, fromManifest.Version, fromManifest.Defaults));
            }
        }
        return result.OrderBy(p => p.Kind, System.StringComparer.Ordinal).ThenBy(p => p.Name, System.StringComparer.Ordinal).ToEquatableArray();
    }

    // The generated manifest's nested classes: const Kind, Name, Version and DefaultOptionsJson of each plugin.
    private static Dictionary<(string Kind, string Name), (int Version, string? Defaults)> Listed(AttributeData manifest)
    {
        var listed = new Dictionary<(string, string), (int, string?)>();
        if (manifest.ConstructorArguments.FirstOrDefault().Value is not INamedTypeSymbol type) return listed;
        foreach (var nested in type.GetTypeMembers())
        {
            object? Constant(string name) => nested.GetMembers(name).OfType<IFieldSymbol>().FirstOrDefault(f => f.IsConst)?.ConstantValue;
            if (Constant("Kind") is string kind && Constant("Name") is string name)
                listed[(kind, name)] = (Constant("Version") as int? ?? 1, Constant("DefaultOptionsJson") as string);
        }
        return listed;
    }
}
