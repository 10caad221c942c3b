namespace RegBench.Testing;

/// <summary>
/// Opts a test project in to the contract-test generator of RegBench.Generators: for every plugin class marked
/// [Regularizer], [Architecture] or [Dataset] in the assemblies the project references, it emits one xunit class of
/// FsCheck properties (the contracts of the plugin's kind plus its declared <c>Invariant</c>s) that call
/// <see cref="RegularizerContracts"/>, <see cref="ArchitectureContracts"/> and <see cref="DatasetContracts"/>.
/// Write <c>[assembly: GeneratePluginContractTests]</c> once in the test project (docs/generators.md).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class GeneratePluginContractTestsAttribute : Attribute
{
    /// <summary>FsCheck cases per property (default 3): each case trains a small model, so keep it low.</summary>
    public int MaxTest { get; init; } = 3;

    /// <summary>The fixed replay seed of every property (FsCheck <c>Replay = "(Seed,1)"</c>), so CI runs the same cases every time.</summary>
    public int Seed { get; init; } = 20250701;
}
