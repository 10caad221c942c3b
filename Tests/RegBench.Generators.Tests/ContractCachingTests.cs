using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RegBench.Generators.Tests;

/// <summary>Unrelated edits leave the contract generator's tracked steps cached, in a test project and in a plugin project.</summary>
public sealed class ContractCachingTests
{
    private static readonly Lazy<MetadataReference> SamplePlugins = new(() => ContractHarness.PluginAssembly("Sample.Plugins", ContractSamples.Plugins));

    private static readonly string[] TestProjectSteps =
    [
        ContractTestGenerator.Steps.ReferencedPlugins, ContractTestGenerator.Steps.ContractNamespace, ContractTestGenerator.Steps.ContractInput,
    ];

    [Fact]
    public void Adding_an_unrelated_file_to_the_test_project_leaves_the_steps_cached()
    {
        var compilation = ContractHarness.TestCompilation([SamplePlugins.Value], ContractSamples.TestProject);
        var driver = ContractHarness.Driver(track: true).RunGenerators(compilation);

        var result = driver.RunGenerators(compilation.AddSyntaxTrees(Unrelated())).GetRunResult().Results.Single();

        AssertCached(result, TestProjectSteps);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Adding_an_unrelated_file_to_a_plugin_project_leaves_the_invariant_checks_cached()
    {
        var compilation = GeneratorHarness.Compile(ContractSamples.Plugins);
        var driver = ContractHarness.Driver(track: true).RunGenerators(compilation);

        var result = driver.RunGenerators(compilation.AddSyntaxTrees(Unrelated())).GetRunResult().Results.Single();

        AssertCached(result, [ContractTestGenerator.Steps.InvariantDeclarations, .. TestProjectSteps]);
    }

    [Fact]
    public void Changing_contract_options_reruns_the_emitter()
    {
        var compilation = ContractHarness.TestCompilation([SamplePlugins.Value], ContractSamples.TestProject);
        var driver = ContractHarness.Driver(track: true).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            tree.ToString().Replace("\\\"width\\\": 3", "\\\"width\\\": 5"), GeneratorHarness.ParseOptions, path: tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[ContractTestGenerator.Steps.ContractInput].SelectMany(s => s.Outputs),
            o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("\\\"width\\\": 5", result.GeneratedSources.Single(s => s.HintName.Contains("TinyNet")).SourceText.ToString());
    }

    private static SyntaxTree Unrelated() =>
        CSharpSyntaxTree.ParseText("namespace Other; // unrelated\npublic sealed class Helper { public int Value => 1; }", GeneratorHarness.ParseOptions, path: "Other.cs");

    private static void AssertCached(GeneratorRunResult result, IEnumerable<string> steps)
    {
        foreach (var step in steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs),
                o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
    }
}
