using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RegBench.Generators;

/// <summary>
/// Emits one <c>RegBenchPluginManifest</c> per assembly listing every class marked [Regularizer], [Architecture] or
/// [Dataset]: kind, name, description, options with defaults and JSON Schema, a reflection-free strict binder and a
/// factory, plus <c>[assembly: PluginManifest(typeof(RegBenchPluginManifest))]</c>. docs/generators.md describes it.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PluginManifestGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps (tests assert they stay cached on unrelated edits).</summary>
    public static class Steps
    {
        /// <summary>Classes marked [Regularizer], parsed into models.</summary>
        public const string Regularizers = nameof(Regularizers);
        /// <summary>Classes marked [Architecture], parsed into models.</summary>
        public const string Architectures = nameof(Architectures);
        /// <summary>Classes marked [Dataset], parsed into models.</summary>
        public const string Datasets = nameof(Datasets);
        /// <summary>Hand-written [assembly: PluginManifest] attributes.</summary>
        public const string HandWrittenManifests = nameof(HandWrittenManifests);
        /// <summary>The namespace the manifest is emitted in.</summary>
        public const string ManifestNamespace = nameof(ManifestNamespace);
        /// <summary>Everything the emitter needs, combined.</summary>
        public const string ManifestInput = nameof(ManifestInput);
    }

    internal const string PluginManifestAttribute = "RegBench.Abstractions.PluginManifestAttribute";
    internal const string DefaultNamespace = "RegBench.Generated";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var regularizers = Plugins(context, "Regularizer", "RegBench.Abstractions.IRegularizer", Steps.Regularizers);
        var architectures = Plugins(context, "Architecture", "RegBench.Abstractions.IArchitecture", Steps.Architectures);
        var datasets = Plugins(context, "Dataset", "RegBench.Abstractions.IDataset", Steps.Datasets);

        var handWritten = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is AttributeListSyntax { Target.Identifier.ValueText: "assembly" },
                static (syntax, cancellationToken) =>
                {
                    foreach (var attribute in ((AttributeListSyntax)syntax.Node).Attributes)
                    {
                        var symbol = syntax.SemanticModel.GetSymbolInfo(attribute, cancellationToken).Symbol;
                        if (symbol?.ContainingType?.ToDisplayString() == PluginManifestAttribute)
                            return new ManualManifest(LocationInfo.From(attribute));
                    }
                    return null;
                })
            .Where(static manifest => manifest is not null)
            .Select(static (manifest, _) => manifest!)
            .Collect()
            .WithTrackingName(Steps.HandWrittenManifests);

        var manifestNamespace = RootNamespace(context)
            .WithTrackingName(Steps.ManifestNamespace);

        var input = regularizers.Combine(architectures).Combine(datasets).Combine(handWritten).Combine(manifestNamespace)
            .Select(static (all, _) => new ManifestInput(
                all.Left.Left.Left.Left.AddRange(all.Left.Left.Left.Right).AddRange(all.Left.Left.Right).ToEquatableArray(),
                all.Left.Right.ToEquatableArray(),
                all.Right))
            .WithTrackingName(Steps.ManifestInput);

        context.RegisterSourceOutput(input, static (production, manifest) => ManifestEmitter.Execute(production, manifest));
    }

    private static IncrementalValueProvider<ImmutableArray<PluginResult>> Plugins(
        IncrementalGeneratorInitializationContext context, string kind, string interfaceName, string step) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(
                $"RegBench.Abstractions.{kind}Attribute",
                static (node, _) => node is ClassDeclarationSyntax,
                (syntax, cancellationToken) => PluginParser.Parse(syntax, kind, interfaceName, cancellationToken))
            .WithTrackingName(step)
            .Collect();

    /// <summary>The project's RootNamespace when it is a valid namespace, else <see cref="DefaultNamespace"/>: where every generator emits.</summary>
    internal static IncrementalValueProvider<string> RootNamespace(IncrementalGeneratorInitializationContext context) =>
        context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
            options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var root) && IsNamespace(root) ? root!.Trim() : DefaultNamespace);

    internal static bool IsNamespace(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        return text!.Trim().Split('.').All(part =>
            part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_') && part.All(c => char.IsLetterOrDigit(c) || c == '_'));
    }
}

/// <summary>The emitter's input: every plugin result, hand-written manifest attributes and the namespace.</summary>
internal sealed record ManifestInput(EquatableArray<PluginResult> Plugins, EquatableArray<ManualManifest> HandWritten, string Namespace);
