using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RegBench.Generators;

/// <summary>
/// Reads and checks the <c>RegBench.Abstractions.Invariant.*Attribute</c>s of a class, in source (diagnostics at the attribute)
/// or in a referenced assembly (diagnostics at a fallback location, the class named with its assembly).
/// </summary>
internal static class InvariantParser
{
    public const string InvariantContainer = "RegBench.Abstractions.Invariant";
    private const string SpectralNormAtMost = nameof(SpectralNormAtMost);
    private const string ProjectionIsIdempotent = nameof(ProjectionIsIdempotent);
    private const string FrobeniusNormPreserved = nameof(FrobeniusNormPreserved);
    private const string LoadsWithoutFiles = nameof(LoadsWithoutFiles);

    /// <summary>Invariant name → the plugin kind it is checked on.</summary>
    private static readonly Dictionary<string, string> KindOf = new()
    {
        [SpectralNormAtMost] = "Regularizer",
        [ProjectionIsIdempotent] = "Regularizer",
        [FrobeniusNormPreserved] = "Regularizer",
        [LoadsWithoutFiles] = "Dataset",
    };

    /// <summary>The simple names an attribute can be written with ("SpectralNormAtMost", "SpectralNormAtMostAttribute").</summary>
    public static bool IsInvariantName(string name) =>
        KindOf.ContainsKey(name) || (name.EndsWith("Attribute") && KindOf.ContainsKey(name.Substring(0, name.Length - "Attribute".Length)));

    /// <summary>The plugin kind and name of a class from its [Regularizer]/[Architecture]/[Dataset] attribute, or null.</summary>
    public static (string Kind, string Name)? PluginOf(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            var name = attribute.AttributeClass?.ToDisplayString();
            var kind = name switch
            {
                "RegBench.Abstractions.RegularizerAttribute" => "Regularizer",
                "RegBench.Abstractions.ArchitectureAttribute" => "Architecture",
                "RegBench.Abstractions.DatasetAttribute" => "Dataset",
                _ => null,
            };
            if (kind is not null)
                return (kind, attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? "" : "");
        }
        return null;
    }

    /// <summary>Whether the class implements RegBench.Abstractions.IWeightProjection.</summary>
    public static bool IsProjection(INamedTypeSymbol type) =>
        type.AllInterfaces.Any(i => i.ToDisplayString() == "RegBench.Abstractions.IWeightProjection");

    /// <summary>
    /// The valid invariants of <paramref name="type"/> (declared on <paramref name="declaration"/> when given, else anywhere),
    /// adding a diagnostic for each misuse. <paramref name="fallback"/> locates diagnostics of attributes without source.
    /// </summary>
    public static EquatableArray<InvariantModel> Parse(INamedTypeSymbol type, string displayName, ClassDeclarationSyntax? declaration,
        LocationInfo? fallback, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var plugin = PluginOf(type);
        var result = new List<InvariantModel>();
        foreach (var attribute in type.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (attribute.AttributeClass is not { ContainingType: { } container } attributeClass || container.ToDisplayString() != InvariantContainer) continue;
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            if (declaration is not null && (syntax is null || !declaration.Span.Contains(syntax.Span))) continue;
            var name = attributeClass.Name.EndsWith("Attribute") ? attributeClass.Name.Substring(0, attributeClass.Name.Length - "Attribute".Length) : attributeClass.Name;
            if (!KindOf.TryGetValue(name, out var kind)) continue;
            var location = LocationInfo.From(syntax) ?? fallback;

            if (plugin is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvariantOnNonPlugin, location, displayName, name));
                continue;
            }
            if (plugin.Value.Kind != kind)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvariantWrongKind, location, name,
                    plugin.Value.Kind.ToLowerInvariant(), plugin.Value.Name, kind.ToLowerInvariant() + "s"));
                continue;
            }
            if (name == ProjectionIsIdempotent && !IsProjection(type))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvariantMissingPhase, location, name, plugin.Value.Name, "IWeightProjection"));
                continue;
            }

            var valid = true;
            double? bound = null;
            if (name == SpectralNormAtMost)
            {
                bound = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is double b ? b : double.NaN;
                valid &= Check(name, "the bound", bound.Value, positive: true,
                    LocationInfo.From((SyntaxNode?)syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null)?.Expression) ?? location, diagnostics);
            }
            double? tolerance = null;
            foreach (var argument in attribute.NamedArguments.Where(a => a.Key == "RelativeTolerance"))
            {
                tolerance = argument.Value.Value is double t ? t : double.NaN;
                valid &= Check(name, "RelativeTolerance", tolerance.Value, positive: false,
                    LocationInfo.From((SyntaxNode?)syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "RelativeTolerance")?.Expression) ?? location,
                    diagnostics);
            }
            if (valid) result.Add(new InvariantModel(name, bound, tolerance));
        }
        return result.ToEquatableArray();
    }

    private static bool Check(string invariant, string what, double value, bool positive, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        var ok = !double.IsNaN(value) && !double.IsInfinity(value) && (positive ? value > 0 : value >= 0);
        if (!ok)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvariantArgumentOutOfRange, location, invariant, what,
                positive ? "finite and > 0" : "finite and ≥ 0", value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        return ok;
    }
}
