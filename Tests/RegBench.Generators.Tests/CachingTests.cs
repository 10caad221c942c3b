using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RegBench.Generators.Tests;

/// <summary>Unrelated edits leave every tracked step of the pipeline cached, so the IDE does not regenerate the manifest.</summary>
public sealed class CachingTests
{
    private static readonly string[] TrackedSteps =
    [
        PluginManifestGenerator.Steps.Regularizers, PluginManifestGenerator.Steps.HandWrittenManifests,
        PluginManifestGenerator.Steps.ManifestNamespace, PluginManifestGenerator.Steps.ManifestInput,
    ];

    [Fact]
    public void Adding_an_unrelated_file_leaves_the_steps_cached()
    {
        var compilation = GeneratorHarness.Compile(Samples.Regularizers);
        var driver = GeneratorHarness.Driver(track: true).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Other; // unrelated\npublic sealed class Helper { public int Value => 1; }", GeneratorHarness.ParseOptions, path: "Other.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertCached(result);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void A_comment_after_the_plugins_leaves_the_steps_unchanged()
    {
        var compilation = GeneratorHarness.Compile(Samples.Regularizers);
        var driver = GeneratorHarness.Driver(track: true).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(tree.ToString() + "\n// a comment at the end\n", GeneratorHarness.ParseOptions, path: tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertCached(result);
    }

    [Fact]
    public void Renaming_a_plugin_reruns_the_pipeline()
    {
        var compilation = GeneratorHarness.Compile(Samples.Regularizers);
        var driver = GeneratorHarness.Driver(track: true).RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree,
            CSharpSyntaxTree.ParseText(tree.ToString().Replace("\"sample-none\"", "\"sample-nothing\""), GeneratorHarness.ParseOptions, path: tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[PluginManifestGenerator.Steps.ManifestInput].SelectMany(s => s.Outputs),
            o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("\"sample-nothing\"", result.GeneratedSources.Single().SourceText.ToString());
    }

    private static void AssertCached(GeneratorRunResult result)
    {
        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs),
                o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
    }
}
