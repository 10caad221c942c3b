namespace RegBench.Cli.Tests;

public sealed class ListCommandTests
{
    [Fact]
    public void List_plugins_verbose_shows_every_built_in_plugin_with_options_and_defaults()
    {
        var result = Regbench.Run(AppContext.BaseDirectory, "list", "plugins", "--verbose");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"regularizer\s+none\s+RegBench\.Regularizers\.None", result.Output);
        Assert.Matches(@"architecture\s+mlp", result.Output);
        Assert.Matches(@"dataset\s+fashion-mnist", result.Output);
        Assert.Contains("width : integer = 256", result.Output);
    }

    [Fact]
    public void List_cells_pages_with_offset_and_limit_and_says_where_the_next_page_starts()
    {
        using var folder = new TempDirectory();
        folder.Write("experiments.json", $$"""
            { "profiles": { "p": { "datasets": ["synthetic"], "architectures": ["mlp"], "regularizers": ["none"],
              "seeds": [{{string.Join(",", Enumerable.Range(0, 25))}}] } } }
            """);

        var all = Regbench.Run(folder.Path, "list", "cells", "--profile", "p");
        var page = Regbench.Run(folder.Path, "list", "cells", "--profile", "p", "--offset", "10", "--limit", "5");

        Assert.True(page.ExitCode == 0, page.ToString());
        Assert.Equal(all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(10).Take(5), page.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cells 11-15 of 25; --offset 15 for the next page", page.Error);
        Assert.DoesNotContain("--offset", all.Error);
    }
}
