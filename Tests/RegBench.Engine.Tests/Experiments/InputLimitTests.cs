using System.Text;
using RegBench.Engine.Experiments;
using RegBench.Experiments;

namespace RegBench.Engine.Tests.Experiments;

/// <summary>Inputs that used to crash or hang regbench (issue 16) are configuration errors with the numbers in the message.</summary>
public sealed class InputLimitTests
{
    private const string Axes = "\"datasets\": [\"synthetic\"], \"architectures\": [\"mlp\"], \"regularizers\": [\"none\"]";

    private static ConfigurationException Fails(string json) =>
        Assert.Throws<ConfigurationException>(() => ExperimentFileReader.Parse(Encoding.UTF8.GetBytes(json), "experiments.json", BuiltInPlugins.Catalog));

    [Fact]
    public void Json_nested_a_hundred_thousand_levels_is_an_RB1000_error_at_the_first_level_too_deep()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);

        var error = Assert.Single(Fails(deep).Errors);

        Assert.Equal((ConfigurationCodes.Syntax, 1, JsonTreeParser.MaxDepth + 1), (error.Code, error.Line, error.Column));
        Assert.Contains($"nested more than {JsonTreeParser.MaxDepth} levels", error.Message);
    }

    [Fact]
    public void Json_nested_to_the_depth_limit_still_parses()
    {
        var root = JsonTreeParser.Parse(new string('[', JsonTreeParser.MaxDepth) + new string(']', JsonTreeParser.MaxDepth));

        Assert.Equal(JsonTreeKind.Array, root.Kind);
    }

    [Theory]
    [InlineData("\"optimizer\": { \"name\": \"adam\", \"lr\": 1e999 }", "1e999")]
    [InlineData("\"schedule\": { \"name\": \"multistep\", \"milestones\": [1], \"gamma\": -1e999 }", "-1e999")]
    [InlineData("\"epochs\": 2e400", "2e400")]
    public void A_number_that_overflows_to_infinity_is_one_RB1005_error_at_the_number(string setting, string number)
    {
        var json = $"{{ \"profiles\": {{ \"p\": {{ {Axes}, {setting} }} }} }}";

        var error = Assert.Single(Fails(json).Errors);

        Assert.Equal(ConfigurationCodes.InvalidNumber, error.Code);
        Assert.Equal(json.IndexOf(number, StringComparison.Ordinal) + 1, error.Column);
        Assert.Contains($"the number {number} is beyond the range of a double", error.Message);
    }

    [Fact]
    public void A_plugin_option_that_overflows_to_infinity_is_rejected_before_the_plugin_sees_it()
    {
        var error = Assert.Single(Fails($$"""{ "profiles": { "p": { "datasets": ["synthetic"], "architectures": ["mlp"], "regularizers": [{ "name": "weight-decay", "lambda": 1e999 }] } } }""").Errors);

        Assert.Equal(ConfigurationCodes.InvalidNumber, error.Code);
        Assert.Contains("the number 1e999", error.Message);
    }

    [Fact]
    public void A_profile_of_a_million_cells_is_refused_with_its_cell_count_and_axes()
    {
        var seeds = string.Join(",", Enumerable.Range(0, 1000));
        var batches = string.Join(",", Enumerable.Range(1, 500));

        var error = Assert.Single(Fails($$"""{ "profiles": { "big": { "datasets": ["synthetic"], "architectures": ["mlp"], "regularizers": ["none", "weight-decay"], "seeds": [{{seeds}}], "batchSizes": [{{batches}}] } } }""").Errors);

        Assert.Equal(ConfigurationCodes.InvalidNumber, error.Code);
        Assert.Contains("profile 'big' expands to 1,000,000 cells (1 datasets × 1 architectures × 2 regularizers × 500 batch sizes × 1000 seeds)", error.Message);
        Assert.Contains($"more than the {ExperimentFormat.MaxCellsPerProfile:N0}", error.Message);
    }

    [Fact]
    public void A_batch_size_beyond_a_32_bit_integer_is_an_RB1005_error_naming_the_value()
    {
        var error = Assert.Single(Fails($"{{ \"profiles\": {{ \"p\": {{ {Axes}, \"batchSize\": 10000000000 }} }} }}").Errors);

        Assert.Equal(ConfigurationCodes.InvalidNumber, error.Code);
        Assert.Contains("'batchSize' must be ≤ 2147483647, found 10000000000", error.Message);
    }

    [Fact]
    public void A_batch_size_larger_than_the_training_split_names_both_numbers()
    {
        var error = Assert.Single(Fails("""{ "profiles": { "p": { "datasets": [{ "name": "synthetic", "trainSize": 500 }], "architectures": ["mlp"], "regularizers": ["none"], "batchSizes": [64, 1000000000] } } }""").Errors);

        Assert.Equal((ConfigurationCodes.InvalidNumber, 1), (error.Code, error.Line));
        Assert.Contains("batch size 1000000000 is larger than the 500 training examples of dataset 'synthetic{\"trainSize\":500}'", error.Message);
    }

    [Fact]
    public void A_dataset_larger_than_memory_says_how_much_it_needs_and_how_much_there_is()
    {
        var error = Assert.Single(Fails("""{ "profiles": { "p": { "datasets": [{ "name": "synthetic", "trainSize": 2000000000 }], "architectures": ["mlp"], "regularizers": ["none"] } } }""").Errors);

        Assert.Equal(ConfigurationCodes.InvalidNumber, error.Code);
        Assert.Contains("needs 5,856 GiB for its tensors (2000000000 + 2000 examples × 784 values × 4 bytes)", error.Message);
        Assert.Contains("GiB of memory", error.Message);
    }

    [Fact]
    public void A_train_limit_beyond_the_dataset_is_an_option_error_with_the_dataset_size()
    {
        var error = Assert.Single(Fails("""{ "profiles": { "p": { "datasets": [{ "name": "mnist", "trainLimit": 1000000 }], "architectures": ["mlp"], "regularizers": ["none"] } } }""").Errors);

        Assert.Equal(ConfigurationCodes.PluginOption, error.Code);
        Assert.Contains("'trainLimit': must be ≥ 0 and ≤ 60000, found 1000000", error.Message);
    }
}
