using RegBench.Cli.Arguments;
using RegBench.Engine.Benchmarks;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;

namespace RegBench.Cli.Tests.Arguments;

/// <summary>`regbench bench`'s --extras, --epoch-examples and --compare-pytorch as parsed into the request: accepted forms and the errors of the others.</summary>
public sealed class BenchExtrasArgumentsTests
{
    private static readonly Lazy<PluginCatalog> Catalog = new(() => PluginCatalog.Load([PluginCatalog.BuiltInDirectory]));

    private static BenchmarkArguments Tiny() =>
        new([], """{"name":"mlp","depth":1,"width":16}""", BenchmarkRequest.DefaultDataset, BatchSize: 8, TimedSteps: 3, WarmupSteps: 1,
            Threads: null, [], null, OutputPath: null);

    [Fact]
    public void Extras_all_selects_every_row_once_in_the_documented_order()
    {
        var request = (Tiny() with { Extras = ["conv-sigma,all", "epoch"] }).ToRequest(Catalog.Value);

        Assert.Equal(ExtraBenchmarks.Names, request.Extras);
    }

    [Fact]
    public void Extras_keep_the_documented_order_whatever_order_they_were_given_in()
    {
        var request = (Tiny() with { Extras = ["memory", "loader"] }).ToRequest(Catalog.Value);

        Assert.Equal(["loader", "memory"], request.Extras);
    }

    [Fact]
    public void An_unknown_extra_is_RB1001_with_a_suggestion()
    {
        var error = Assert.Throws<ConfigurationException>(() => (Tiny() with { Extras = ["epoc"] }).ToRequest(Catalog.Value));

        var single = Assert.Single(error.Errors);
        Assert.Equal(("--extras", "RB1001"), (single.File, single.Code));
        Assert.Contains("unknown row 'epoc' (did you mean 'epoch'?)", single.Message);
    }

    [Fact]
    public void Epoch_examples_below_the_batch_size_is_RB1005()
    {
        var error = Assert.Throws<ConfigurationException>(() => (Tiny() with { EpochExamples = 4 }).ToRequest(Catalog.Value));

        Assert.Equal(("--epoch-examples", "RB1005"), (error.Errors[0].File, error.Errors[0].Code));
        Assert.Contains("must be ≥ --batch-size (8), found 4.", error.Errors[0].Message);
    }

    [Fact]
    public void An_empty_interpreter_after_compare_pytorch_is_RB1005()
    {
        var error = Assert.Throws<ConfigurationException>(() => (Tiny() with { ComparePyTorch = true, Python = " " }).ToRequest(Catalog.Value));

        Assert.Equal(("--compare-pytorch", "RB1005"), (error.Errors[0].File, error.Errors[0].Code));
    }

    [Fact]
    public void Compare_pytorch_alone_asks_for_the_default_interpreters()
    {
        var request = (Tiny() with { ComparePyTorch = true }).ToRequest(Catalog.Value);

        Assert.True(request.ComparePyTorch);
        Assert.Null(request.Python);
    }
}
