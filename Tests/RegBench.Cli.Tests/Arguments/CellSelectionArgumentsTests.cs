using RegBench.Cli.Arguments;
using RegBench.Engine.Experiments;

namespace RegBench.Cli.Tests.Arguments;

public sealed class CellSelectionArgumentsTests
{
    [Fact]
    public void Filters_parse_into_value_sets_per_axis_and_a_shard_into_K_of_N()
    {
        var selection = CellSelectionArguments.Parse(["seed=1,3", "batchSize=64"], "2/4");

        Assert.Equal(["1", "3"], selection.Filters["seed"].Order());
        Assert.Equal(["64"], selection.Filters["batchSize"]);
        Assert.Equal((2, 4), (selection.Shard, selection.ShardCount));
    }

    [Fact]
    public void A_label_with_commas_inside_its_parentheses_is_one_filter_value()
    {
        var selection = CellSelectionArguments.Parse(["architecture=mlp(bias=false,depth=5,width=128), resnet"], null);

        Assert.Equal(["mlp(bias=false,depth=5,width=128)", "resnet"], selection.Filters["architecture"].Order());
    }

    [Fact]
    public void A_filter_on_an_unknown_axis_is_a_usage_error_listing_the_axes() =>
        Assert.Contains("batchSize", Assert.Throws<ConfigurationException>(() => CellSelectionArguments.Parse(["color=red"], null)).Message);

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("a/b")]
    public void A_bad_shard_is_a_usage_error_naming_the_value(string shard) =>
        Assert.Contains(shard, Assert.Throws<ConfigurationException>(() => CellSelectionArguments.Parse([], shard)).Message);

}
