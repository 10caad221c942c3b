using System.Text.Json;

namespace RegBench.Cli.Tests;

public sealed class SchemaCommandTests
{
    private static JsonElement Schema(out string text)
    {
        var result = Regbench.Run(AppContext.BaseDirectory, "schema");
        Assert.True(result.ExitCode == 0, result.ToString());
        text = result.Output;
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public void Schema_lists_every_built_in_plugin_per_axis_with_its_options_and_defaults()
    {
        var profile = Schema(out _).GetProperty("$defs").GetProperty("profile").GetProperty("properties");
        string[] Names(string axis) => profile.GetProperty(axis).GetProperty("items").GetProperty("anyOf")[0].GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Contains("spectral-scaling", Names("regularizers"));
        Assert.Contains("resnet", Names("architectures"));
        Assert.Contains("fashion-mnist", Names("datasets"));
        var mlp = profile.GetProperty("architectures").GetProperty("items").GetProperty("anyOf").EnumerateArray()
            .Single(c => c.TryGetProperty("properties", out var p) && p.TryGetProperty("name", out var n) && n.TryGetProperty("const", out var k) && k.GetString() == "mlp");
        Assert.Equal(256, mlp.GetProperty("properties").GetProperty("width").GetProperty("default").GetInt32());
    }

    [Fact]
    public void The_committed_experiments_schema_matches_the_loaded_plugins()
    {
        Schema(out var text);
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "RegBench.sln"))) root = Path.GetDirectoryName(root)!;
        var committed = File.ReadAllText(Path.Combine(root, "experiments.schema.json"));
        Assert.True(committed.Trim() == text.Trim(),
            "experiments.schema.json is stale: run `regbench schema --out experiments.schema.json` at the repository root and commit it.");
    }
}
