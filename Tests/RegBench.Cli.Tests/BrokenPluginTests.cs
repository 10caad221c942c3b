using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RegBench.Cli.Tests;

/// <summary>Deliberately broken plugin assemblies, compiled here with Roslyn, loaded by the real host through --plugins.</summary>
public sealed class BrokenPluginTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    private static IEnumerable<MetadataReference> Framework() => PluginCompiler.Framework();

    private string Build(string name, string source, bool generateManifest, IEnumerable<MetadataReference> references) =>
        PluginCompiler.Build(folder.File("plugins"), name, source, generateManifest, references);

    [Fact]
    public void A_plugin_whose_constructor_throws_fails_its_cells_naming_plugin_and_cell_and_the_other_cells_run()
    {
        var plugins = Build("Broken.Plugins", """
            using RegBench.Abstractions;
            namespace Broken.Plugins;
            [Regularizer("throws-on-create", Description = "test plugin: its constructor throws")]
            public sealed class ThrowsOnCreate : IRegularizer
            {
                public ThrowsOnCreate() => throw new System.InvalidOperationException("deliberate failure in the constructor");
            }
            """, generateManifest: true, Framework());
        folder.Write("experiments.json", """
            { "profiles": { "tiny": {
                "datasets": [{ "name": "synthetic", "trainSize": 128, "testSize": 32, "height": 4, "width": 4 }],
                "architectures": [{ "name": "mlp", "depth": 1, "width": 8 }],
                "regularizers": ["throws-on-create", "none"], "epochs": 1, "batchSize": 64 } } }
            """);

        var result = Regbench.Run(folder.Path, "run", "--profile", "tiny", "--plugins", plugins);

        Assert.True(result.ExitCode == 1, result.ToString());
        var cells = ResultsDatabase.Query(folder.File("results/regbench.db"), "SELECT cell_id, regularizer, status, error FROM cells ORDER BY regularizer");
        Assert.Equal([("none", "done"), ("throws-on-create", "failed")], cells.Select(c => ((string)c["regularizer"]!, (string)c["status"]!)));
        Assert.Contains("regularizer plugin 'throws-on-create' failed to start: deliberate failure in the constructor", (string)cells[1]["error"]!);
        Assert.Contains((string)cells[1]["cell_id"]!, result.Output + result.Error);
    }

    // A plugin compiled against a RegBench.Abstractions of version MAJOR.0.0.0 (a stand-in assembly of that identity).
    private string BuildAgainstAbstractions(string name, int major)
    {
        using var stream = new MemoryStream();
        var abstractions = CSharpCompilation.Create("RegBench.Abstractions",
            [CSharpSyntaxTree.ParseText($"[assembly: System.Reflection.AssemblyVersion(\"{major}.0.0.0\")] namespace RegBench.Abstractions {{ public sealed class Marker {{ }} }}")],
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Where(p => p.Length > 0 && !p.Contains("RegBench.", StringComparison.Ordinal))
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)).Emit(stream);
        Assert.True(abstractions.Success);
        return Build(name, $"namespace {name}; public static class Uses {{ public static object Marker = new RegBench.Abstractions.Marker(); }}",
            generateManifest: false,
            Framework().Where(r => !r.Display!.Contains("RegBench.Abstractions", StringComparison.Ordinal)).Append(MetadataReference.CreateFromImage(stream.ToArray())));
    }

    [Fact]
    public void A_plugin_built_against_a_newer_Abstractions_major_is_refused_naming_both_versions()
    {
        var plugins = BuildAgainstAbstractions("Future.Plugins", RegBench.Abstractions.AbstractionsVersion.Major + 1);

        var result = Regbench.Run(folder.Path, "list", "plugins", "--plugins", plugins);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"was built against RegBench.Abstractions {RegBench.Abstractions.AbstractionsVersion.Major + 1}.x, this host provides {RegBench.Abstractions.AbstractionsVersion.Major}.x.", result.Error);
        Assert.Contains("Future.Plugins.dll", result.Error);
    }

    [Fact]
    public void A_plugin_built_against_the_older_Abstractions_1_is_refused_saying_the_contract_changed_and_how_to_rebuild()
    {
        var plugins = BuildAgainstAbstractions("Past.Plugins", 1);

        var result = Regbench.Run(folder.Path, "list", "plugins", "--plugins", plugins);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"was built against RegBench.Abstractions 1.x, older than this host's {RegBench.Abstractions.AbstractionsVersion.Major}.x", result.Error);
        Assert.Contains("update its RegBench.Abstractions reference and build it again with the RegBench generators", result.Error);
        Assert.Contains("Past.Plugins.dll", result.Error);
    }
}
