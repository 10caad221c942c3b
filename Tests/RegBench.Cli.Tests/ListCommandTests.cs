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
}
