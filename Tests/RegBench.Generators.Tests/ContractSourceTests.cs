using Microsoft.CodeAnalysis;

namespace RegBench.Generators.Tests;

/// <summary>The generated contract-test classes, compared with Approved/Contracts.*.g.cs and compiled against RegBench.Testing.</summary>
public sealed class ContractSourceTests
{
    private static readonly Lazy<MetadataReference> SamplePlugins = new(() => ContractHarness.PluginAssembly("Sample.Plugins", ContractSamples.Plugins));

    [Fact]
    public void Each_referenced_plugin_gets_the_approved_contract_class()
    {
        var compilation = ContractHarness.TestCompilation([SamplePlugins.Value], ContractSamples.TestProject);
        var (output, diagnostics, run) = ContractHarness.Run(compilation);

        Assert.Empty(diagnostics);
        Assert.Equal(
            ["Contracts.SampleScalingRegularizerContracts.g.cs", "Contracts.TinyNetArchitectureContracts.g.cs",
             "Contracts.FileDataDatasetContracts.g.cs", "Contracts.GeneratedDataDatasetContracts.g.cs"],
            run.Results.Single().GeneratedSources.Select(s => s.HintName));
        foreach (var source in run.Results.Single().GeneratedSources)
            GeneratorHarness.Verify(source.HintName, source.SourceText.ToString());
        var generated = output.SyntaxTrees.Except(compilation.SyntaxTrees).ToList();
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error ||
                                                        (d.Severity == DiagnosticSeverity.Warning && generated.Contains(d.Location.SourceTree!))));
    }

    [Fact]
    public void A_compilation_that_does_not_opt_in_gets_no_contract_tests()
    {
        var (_, diagnostics, run) = ContractHarness.Run(ContractHarness.TestCompilation([SamplePlugins.Value], "namespace X; public sealed class SomeTests;"));

        Assert.Empty(diagnostics);
        Assert.Empty(run.GeneratedTrees);
    }

    [Fact]
    public void A_plugin_compilation_gets_no_contract_tests_of_its_own_plugins()
    {
        var (_, diagnostics, run) = ContractHarness.Run(GeneratorHarness.Compile(ContractSamples.Plugins));

        Assert.Empty(diagnostics);
        Assert.Empty(run.GeneratedTrees);
    }
}
