using RegBench.Abstractions;

namespace RegBench.Abstractions.Tests;

public sealed class PluginOptionsExceptionTests
{
    [Fact]
    public void The_message_names_the_plugin_the_option_and_the_problem()
    {
        var error = new PluginOptionsException("weight-decay", "lambda", "must be ≥ 0, found -1.");

        Assert.Equal("weight-decay: option 'lambda': must be ≥ 0, found -1.", error.Message);
        Assert.Equal(("weight-decay", "lambda"), (error.PluginName, error.PropertyPath));
    }
}
