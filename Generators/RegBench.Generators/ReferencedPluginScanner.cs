using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace RegBench.Generators;

/// <summary>
/// In a compilation marked <c>[assembly: RegBench.Testing.GeneratePluginContractTests]</c>, finds every plugin class of the
/// referenced assemblies (those that reference RegBench.Abstractions) and turns it into a <see cref="ContractPluginModel"/>.
/// </summary>
internal static class ReferencedPluginScanner
{
    public const string OptInAttribute = "RegBench.Testing.GeneratePluginContractTestsAttribute";
    public const string OptionsAttribute = "RegBench.Testing.PluginContractOptionsAttribute";
    private const string Abstractions = "RegBench.Abstractions";
    private static readonly string[] KindOrder = ["Regularizer", "Architecture", "Dataset"];
    private static readonly string[] KindByValue = ["Regularizer", "Architecture", "Dataset"]; // RegBench.Abstractions.PluginKind

    /// <summary>The scan, or null when the compilation does not opt in.</summary>
    public static ContractScan? Scan(Compilation compilation, CancellationToken cancellationToken)
    {
        var assemblyAttributes = compilation.Assembly.GetAttributes();
        var optIn = assemblyAttributes.FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == OptInAttribute);
        if (optIn is null) return null;
        var optInLocation = LocationOf(optIn, cancellationToken);
        var maxTest = optIn.NamedArguments.FirstOrDefault(a => a.Key == "MaxTest").Value.Value as int? ?? 3;
        var seed = optIn.NamedArguments.FirstOrDefault(a => a.Key == "Seed").Value.Value as int? ?? 20250701;

        var diagnostics = new List<DiagnosticInfo>();
        var plugins = new List<ContractPluginModel>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (assembly.Name == Abstractions || !assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == Abstractions))) continue;
            var found = new List<ContractPluginModel>();
            foreach (var type in Types(assembly.GlobalNamespace))
            {
                var plugin = InvariantParser.PluginOf(type);
                var display = $"{type.ToDisplayString()} (in {assembly.Name})";
                var invariants = InvariantParser.Parse(type, display, declaration: null, optInLocation, diagnostics, cancellationToken);
                if (plugin is null || type.TypeKind != TypeKind.Class) continue;
                found.Add(new ContractPluginModel(plugin.Value.Kind, plugin.Value.Name, assembly.Name, type.ToDisplayString(), "{}", invariants));
            }
            if (found.Count == 0) continue;
            if (!assembly.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "RegBench.Abstractions.PluginManifestAttribute"))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PluginAssemblyWithoutManifest, optInLocation, assembly.Name));
                continue;
            }
            plugins.AddRange(found);
        }

        foreach (var options in assemblyAttributes.Where(a => a.AttributeClass?.ToDisplayString() == OptionsAttribute))
        {
            if (options.ConstructorArguments.Length != 3 || options.ConstructorArguments[0].Value is not int kindValue ||
                kindValue < 0 || kindValue >= KindByValue.Length || options.ConstructorArguments[1].Value is not string name ||
                options.ConstructorArguments[2].Value is not string json)
                continue;
            var kind = KindByValue[kindValue];
            var index = plugins.FindIndex(p => p.Kind == kind && p.Name == name);
            if (index < 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownContractOptionsTarget, LocationOf(options, cancellationToken) ?? optInLocation,
                    kind.ToLowerInvariant(), name));
            else
                plugins[index] = plugins[index] with { OptionsJson = json };
        }

        if (plugins.Count == 0 && !diagnostics.Any(d => d.Id == DiagnosticDescriptors.PluginAssemblyWithoutManifest.Id))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoPluginsReferenced, optInLocation));

        var sorted = plugins.OrderBy(p => System.Array.IndexOf(KindOrder, p.Kind)).ThenBy(p => p.Name, System.StringComparer.Ordinal)
            .ThenBy(p => p.AssemblyName, System.StringComparer.Ordinal);
        return new ContractScan(maxTest, seed, sorted.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    private static LocationInfo? LocationOf(AttributeData attribute, CancellationToken cancellationToken) =>
        LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken));

    /// <summary>Every type of a namespace, nested types included (how both generators walk referenced assemblies).</summary>
    public static IEnumerable<INamedTypeSymbol> Types(INamespaceSymbol ns)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol child)
                foreach (var type in Types(child)) yield return type;
            else if (member is INamedTypeSymbol type)
                foreach (var nested in WithNested(type)) yield return nested;
        }
    }

    private static IEnumerable<INamedTypeSymbol> WithNested(INamedTypeSymbol type)
    {
        yield return type;
        foreach (var nested in type.GetTypeMembers())
            foreach (var inner in WithNested(nested)) yield return inner;
    }
}
