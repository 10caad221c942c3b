using Microsoft.CodeAnalysis;

namespace RegBench.Generators;

/// <summary>RB2xxx: declared invariants (reported where the attribute is written) and the contract-test generator.</summary>
public static partial class DiagnosticDescriptors
{
    private const string ContractsCategory = "RegBench.Contracts";

    /// <summary>RB2001: an invariant on a plugin of a kind it is not checked for.</summary>
    public static readonly DiagnosticDescriptor InvariantWrongKind = Create(
        "RB2001", "Invariant does not apply to this kind of plugin",
        "Invariant '{0}' does not apply to {1} '{2}': it is checked on {3}",
        "Remove the attribute: SpectralNormAtMost, ProjectionIsIdempotent and FrobeniusNormPreserved are checked on regularizers, LoadsWithoutFiles on datasets.",
        category: ContractsCategory);

    /// <summary>RB2002: [Invariant.ProjectionIsIdempotent] on a regularizer without a weight projection.</summary>
    public static readonly DiagnosticDescriptor InvariantMissingPhase = Create(
        "RB2002", "Invariant needs a phase the regularizer does not implement",
        "Invariant '{0}' on regularizer '{1}' needs {2}, which it does not implement",
        "Implement the phase interface (IWeightProjection for ProjectionIsIdempotent) or remove the attribute.",
        category: ContractsCategory);

    /// <summary>RB2003: an invariant on a class that is not a plugin.</summary>
    public static readonly DiagnosticDescriptor InvariantOnNonPlugin = Create(
        "RB2003", "Invariant on a class that is not a plugin",
        "Class '{0}' declares invariant '{1}' but is not marked [Regularizer], [Architecture] or [Dataset]",
        "Put invariants on the plugin class itself (the one marked [Regularizer], [Architecture] or [Dataset]); the contract tests only look there.",
        category: ContractsCategory);

    /// <summary>RB2004: an invariant argument out of its range.</summary>
    public static readonly DiagnosticDescriptor InvariantArgumentOutOfRange = Create(
        "RB2004", "Invariant argument out of range",
        "Invariant '{0}': {1} must be {2}, found {3}",
        "Bounds are finite and > 0; RelativeTolerance is finite and ≥ 0.",
        category: ContractsCategory);

    /// <summary>RB2005: a test project opted in to contract tests but references no plugin.</summary>
    public static readonly DiagnosticDescriptor NoPluginsReferenced = Create(
        "RB2005", "No plugin to generate contract tests for",
        "[assembly: GeneratePluginContractTests] found no class marked [Regularizer], [Architecture] or [Dataset] in the referenced assemblies",
        "Reference the plugin projects (ProjectReference) from this test project, or remove the attribute.",
        DiagnosticSeverity.Warning, ContractsCategory);

    /// <summary>RB2006: contract options for a plugin no reference has.</summary>
    public static readonly DiagnosticDescriptor UnknownContractOptionsTarget = Create(
        "RB2006", "Contract options name an unknown plugin",
        "[assembly: PluginContractOptions] names {0} '{1}', which no referenced assembly has",
        "Fix the kind or name (as in experiments.json), or reference the plugin's project.",
        DiagnosticSeverity.Warning, ContractsCategory);

    /// <summary>RB2007: a referenced assembly with plugin classes but no manifest.</summary>
    public static readonly DiagnosticDescriptor PluginAssemblyWithoutManifest = Create(
        "RB2007", "Referenced plugin assembly has no manifest",
        "Referenced assembly '{0}' has plugin classes but no [assembly: PluginManifest]; no contract tests were generated for them",
        "Reference RegBench.Generators as an analyzer from the plugin project so its manifest is generated (or write one), as the host needs it too.",
        category: ContractsCategory);

    private static DiagnosticDescriptor[] ContractDescriptors =>
    [
        InvariantWrongKind, InvariantMissingPhase, InvariantOnNonPlugin, InvariantArgumentOutOfRange, NoPluginsReferenced,
        UnknownContractOptionsTarget, PluginAssemblyWithoutManifest,
    ];
}
