namespace RegBench.Generators;

/// <summary>A declared invariant: its name without "Attribute", the bound (SpectralNormAtMost) and relative tolerance.</summary>
internal sealed record InvariantModel(string Name, double? Bound, double? RelativeTolerance);

/// <summary>One referenced plugin to emit contract tests for; no symbols.</summary>
/// <param name="Kind">"Regularizer", "Architecture" or "Dataset".</param>
/// <param name="Name">The plugin name.</param>
/// <param name="AssemblyName">The plugin's assembly (the runtime finds its manifest there).</param>
/// <param name="ClassName">The plugin class, for comments.</param>
/// <param name="OptionsJson">The options object of [assembly: PluginContractOptions], or "{}".</param>
/// <param name="Invariants">The valid declared invariants, in declaration order.</param>
internal sealed record ContractPluginModel(
    string Kind,
    string Name,
    string AssemblyName,
    string ClassName,
    string OptionsJson,
    EquatableArray<InvariantModel> Invariants);

/// <summary>What the opted-in compilation asks for: FsCheck settings, the referenced plugins and the diagnostics found on the way.</summary>
internal sealed record ContractScan(int MaxTest, int Seed, EquatableArray<ContractPluginModel> Plugins, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The emitter's input: the scan and the namespace of the generated classes.</summary>
internal sealed record ContractInput(ContractScan Scan, string Namespace);
