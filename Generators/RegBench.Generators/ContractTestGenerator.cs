using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace RegBench.Generators;

/// <summary>
/// The plugin contract-test generator (docs/generators.md). In every compilation it checks the <c>Invariant.*</c> attributes
/// written on classes (RB2001–RB2004 at the attribute). In a compilation marked
/// <c>[assembly: RegBench.Testing.GeneratePluginContractTests]</c> it emits, for every plugin class of the referenced
/// assemblies, one xunit class of FsCheck properties: the contracts of the plugin's kind plus one per declared invariant,
/// each calling RegBench.Testing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ContractTestGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps (tests assert they stay cached on unrelated edits).</summary>
    public static class Steps
    {
        /// <summary>Classes of this compilation with invariant attributes, checked.</summary>
        public const string InvariantDeclarations = nameof(InvariantDeclarations);
        /// <summary>The opt-in and the referenced plugins.</summary>
        public const string ReferencedPlugins = nameof(ReferencedPlugins);
        /// <summary>The namespace of the generated classes.</summary>
        public const string ContractNamespace = nameof(ContractNamespace);
        /// <summary>Everything the emitter needs, combined.</summary>
        public const string ContractInput = nameof(ContractInput);
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var declarations = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax { AttributeLists.Count: > 0 } type && type.AttributeLists
                    .SelectMany(list => list.Attributes).Any(attribute => InvariantParser.IsInvariantName(RightmostName(attribute.Name))),
                static (syntax, cancellationToken) =>
                {
                    var declaration = (ClassDeclarationSyntax)syntax.Node;
                    if (syntax.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type)
                        return EquatableArray<DiagnosticInfo>.Empty;
                    var diagnostics = new List<DiagnosticInfo>();
                    InvariantParser.Parse(type, type.Name, declaration, LocationInfo.From(declaration.Identifier.GetLocation()), diagnostics, cancellationToken);
                    return diagnostics.ToEquatableArray();
                })
            .WithTrackingName(Steps.InvariantDeclarations);
        context.RegisterSourceOutput(declarations, static (production, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics) production.ReportDiagnostic(diagnostic.ToDiagnostic());
        });

        var scan = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => ReferencedPluginScanner.Scan(compilation, cancellationToken))
            .WithTrackingName(Steps.ReferencedPlugins);
        var ns = PluginManifestGenerator.RootNamespace(context)
            .WithTrackingName(Steps.ContractNamespace);
        var input = scan.Combine(ns)
            .Select(static (pair, _) => pair.Left is null ? null : new ContractInput(pair.Left, pair.Right))
            .WithTrackingName(Steps.ContractInput);
        context.RegisterSourceOutput(input, static (production, contract) =>
        {
            if (contract is not null) ContractEmitter.Execute(production, contract);
        });
    }

    private static string RightmostName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => "",
    };
}
