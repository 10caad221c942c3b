using Microsoft.CodeAnalysis;

namespace RegBench.Generators.Tests;

/// <summary>The generated manifest source, compared with Approved/*.g.cs.</summary>
public sealed class ManifestSourceTests
{
    [Fact]
    public void Regularizers_manifest_matches_the_approved_source()
    {
        var (output, diagnostics, run) = GeneratorHarness.Run(GeneratorHarness.Compile(Samples.Regularizers));

        Assert.Empty(diagnostics);
        var source = Assert.Single(run.GeneratedTrees);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error ||
                                                        (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree == source)));
        Assert.EndsWith("RegBenchPluginManifest.g.cs", source.FilePath);
        GeneratorHarness.Verify("Regularizers.g.cs", source.ToString());
    }

    [Fact]
    public void Manifest_goes_in_the_root_namespace_when_the_build_gives_one()
    {
        var (output, diagnostics, run) = GeneratorHarness.Run(GeneratorHarness.Compile(Samples.Regularizers), rootNamespace: "My.Plugins");

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.NotNull(output.GetTypeByMetadataName("My.Plugins.RegBenchPluginManifest"));
        Assert.Contains("[assembly: global::RegBench.Abstractions.PluginManifest(typeof(global::My.Plugins.RegBenchPluginManifest))]",
            run.GeneratedTrees[0].ToString());
    }

    [Fact]
    public void An_assembly_without_plugins_gets_no_manifest()
    {
        var (_, diagnostics, run) = GeneratorHarness.Run(GeneratorHarness.Compile("namespace X; public sealed class NotAPlugin;"));

        Assert.Empty(diagnostics);
        Assert.Empty(run.GeneratedTrees);
    }
}
