using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using RegBench.Experiments;

namespace RegBench.Generators.Experiments;

/// <summary>A plugin found in a referenced assembly: kind ("dataset", ...), name, assembly and its options.</summary>
internal sealed record ReferencedPlugin(string Kind, string Name, string Assembly, EquatableArray<OptionModel> Options);

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
            if (!assembly.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == PluginManifestGenerator.PluginManifestAttribute)) continue;
            foreach (var type in ReferencedPluginScanner.Types(assembly.GlobalNamespace))
            {
                if (InvariantParser.PluginOf(type) is not { } plugin || plugin.Name.Length == 0) continue;
                var optionsType = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length == 1)
                    .Select(c => c.Parameters[0].Type).OfType<INamedTypeSymbol>().FirstOrDefault(t => t.IsRecord);
                var options = optionsType is null
                    ? EquatableArray<OptionModel>.Empty
                    : PluginParser.ParseOptions(optionsType, [], Nowhere, cancellationToken);
                result.Add(new ReferencedPlugin(plugin.Kind.ToLowerInvariant(), plugin.Name, assembly.Name, options));
            }
        }
        return result.OrderBy(p => p.Kind, System.StringComparer.Ordinal).ThenBy(p => p.Name, System.StringComparer.Ordinal).ToEquatableArray();
    }
}
