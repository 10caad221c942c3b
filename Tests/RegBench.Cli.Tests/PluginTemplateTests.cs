using System.Text.Json;
using static RegBench.Cli.Tests.PluginTemplateFixture;

namespace RegBench.Cli.Tests;

/// <summary>
/// Adding a regularizer as the README says: `dotnet new regbench-plugin`, build and test it against this checkout, then
/// `regbench run --plugins`; and the compiler, not the run, catches a mistake. The slowest tests of the suite (a restore,
/// builds of a plugin and its tests, a test run, one cell): the fixture does the expensive part once, and the
/// collection runs alone so its builds do not take the cores from the timed runs of the other tests.
/// </summary>
[Trait("Duration", "slow")]
[Collection(PluginTemplateCollection.Name)]
public sealed class PluginTemplateTests(PluginTemplateFixture template) : IClassFixture<PluginTemplateFixture>, IDisposable
{
    private readonly TempDirectory folder = new();

    [Fact]
    public void A_plugin_made_from_the_template_passes_its_tests_and_trains_a_one_epoch_cell_through_run_plugins()
    {
        Assert.True(template.Test.ExitCode == 0, template.Test.ToString());
        Assert.Equal([$"{ProjectName}.deps.json", $"{ProjectName}.dll", $"{ProjectName}.pdb", $"{ProjectName}.runtimeconfig.json", $"{ProjectName}.xml"],
            Directory.EnumerateFileSystemEntries(template.PluginOutput).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var config = folder.Write("experiments.json", $$"""
            { "profiles": { "template": {
                "datasets": [{ "name": "synthetic", "trainSize": 256, "testSize": 64 }],
                "architectures": [{ "name": "mlp", "depth": 1, "width": 32 }],
                "regularizers": [{ "name": "{{PluginName}}", "maxNorm": 1 }], "epochs": 1, "seeds": [0], "batchSize": 64 } } }
            """);

        var run = Regbench.Run(folder.Path, "run", "--plugins", template.PluginOutput, "--config", config, "--profile", "template");

        Assert.True(run.ExitCode == 0, run.ToString());
        var cell = Assert.Single(ExportRows("cells"));
        Assert.Equal($"{PluginName}(maxNorm=1)", cell.GetProperty("regularizer").GetString());
        Assert.Equal("done", cell.GetProperty("status").GetString());
        var epoch = Assert.Single(ExportRows("epochs"));
        Assert.InRange(epoch.GetProperty("test_acc").GetDouble(), 0, 1);
    }

    [Fact]
    public void A_plugin_class_that_is_not_sealed_fails_the_build_with_RB0001_at_the_class_name()
    {
        const string project = "Contoso.Unsealed";
        var created = template.New(project, "--regbench-root", RepoRoot);
        Assert.True(created.ExitCode == 0, created.ToString());
        var source = Path.Combine(template.Folder(project), "src", project, "MaxNormConstraint.cs");
        File.WriteAllText(source, File.ReadAllText(source).Replace("public sealed class MaxNormConstraint", "public class MaxNormConstraint"));

        var build = Dotnet(template.Folder(project), "build", Path.Combine("src", project), "-c", Configuration);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(@"MaxNormConstraint\.cs\(\d+,\d+\): error RB0001: Plugin class 'MaxNormConstraint' must be sealed", build.Output);
    }

    [Fact]
    public void Without_a_regbench_root_the_build_fails_saying_how_to_set_one()
    {
        const string project = "Contoso.Rootless";
        var created = template.New(project);
        Assert.True(created.ExitCode == 0, created.ToString());

        var build = Dotnet(template.Folder(project), "build", Path.Combine("src", project), "-c", Configuration);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error : RegBenchRoot is not set", build.Output);
        Assert.Contains("export REGBENCH_ROOT=", build.Output);
    }

    private List<JsonElement> ExportRows(string table)
    {
        var export = Regbench.Run(folder.Path, "export", "--format", "json", "--table", table);
        Assert.True(export.ExitCode == 0, export.ToString());
        return [.. JsonDocument.Parse(export.Output).RootElement.EnumerateArray().Select(row => row.Clone())];
    }

    /// <inheritdoc />
    public void Dispose() => folder.Dispose();
}

/// <summary>The plugin template tests, run after the parallel collections, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PluginTemplateCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "plugin template";
}
