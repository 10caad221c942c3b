using System.Text.Json;

namespace RegBench.Cli.Tests;

public sealed class DescribeCommandTests
{
    [Fact]
    public void Describe_resnet18_for_cifar10_as_json_gives_11173962_parameters_and_its_layers()
    {
        var result = Regbench.Run(AppContext.BaseDirectory, "describe", "resnet", "--set", "depth=18", "--dataset", "cifar10", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(11_173_962, json.RootElement.GetProperty("parameters").GetInt64());
        var layers = json.RootElement.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(21, layers.Count);
        Assert.Equal("conv1", layers[0].GetProperty("name").GetString());
        Assert.Equal("Conv2d", layers[0].GetProperty("kind").GetString());
        Assert.Equal([64, 3, 3, 3], layers[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("fc", layers[^1].GetProperty("name").GetString());
        Assert.Equal("Linear", layers[^1].GetProperty("kind").GetString());
    }

    [Fact]
    public void Describe_prints_a_layer_table_with_geometry_and_the_total()
    {
        var result = Regbench.Run(AppContext.BaseDirectory, "describe", "vgg", "--set", "batchNorm=false", "--dataset", "cifar100");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"conv13\s+Conv2d\s+512x512x3x3\s+s1 p1 d1 g1 @2x2", result.Output);
        Assert.Contains("total trainable parameters: 14,765,988", result.Output);
    }

    [Theory]
    [InlineData("resnett", "unknown architecture 'resnett'")]
    [InlineData("resnet --dataset cifar11", "unknown dataset 'cifar11'")]
    [InlineData("resnet --set depth=19", "option 'depth': must be one of 18, 34, 50")]
    public void Unknown_plugins_and_bad_options_exit_2_with_the_reason(string arguments, string message)
    {
        var result = Regbench.Run(AppContext.BaseDirectory, ["describe", .. arguments.Split(' ')]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }
}
