using RegBench.Cli.Arguments;
using RegBench.Engine.Benchmarks;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Torch;

namespace RegBench.Cli.Tests.Arguments;

/// <summary>`regbench bench`'s arguments and the benchmark service on a tiny model (mlp 1×16, batch 8), in process: what it measures and checks, never how fast.</summary>
public sealed class BenchmarkArgumentsTests
{
    private static readonly Lazy<PluginCatalog> Catalog = new(() => PluginCatalog.Load([PluginCatalog.BuiltInDirectory]));

    private static BenchmarkArguments Tiny(IReadOnlyList<string>? regularizers = null, IReadOnlyList<string>? maxRatios = null, double? maxGrowth = null) =>
        new(regularizers ?? [], """{"name":"mlp","depth":1,"width":16}""", BenchmarkRequest.DefaultDataset, BatchSize: 8, TimedSteps: 3, WarmupSteps: 1,
            Threads: null, maxRatios ?? [], maxGrowth, OutputPath: null);

    [Fact]
    public void Every_built_in_regularizer_runs_its_steps_without_leaking_a_tensor()
    {
        TorchRuntime.EnsureLoaded();
        var request = Tiny().ToRequest(Catalog.Value);

        var report = new StepBenchmark(Catalog.Value, _ => { }).Run(request, CancellationToken.None);

        Assert.Equal(Catalog.Value.Names(RegBench.Abstractions.PluginKind.Regularizer).Count, report.Rows.Count);
        Assert.Equal("none", report.Rows[0].Regularizer);
        Assert.Equal(1.0, report.Rows[0].Ratio);
        Assert.All(report.Rows, row =>
        {
            Assert.Null(row.Error);
            Assert.Equal(0, row.LiveTensorGrowth);
        });
        Assert.Empty(report.Violations);
    }

    [Fact]
    public void The_baseline_is_measured_first_and_once_even_when_listed_later()
    {
        var request = Tiny(["weight-decay", "none", "weight-decay"]).ToRequest(Catalog.Value);

        Assert.Equal(["none", "weight-decay"], request.Regularizers.Select(r => r.Label));
    }

    [Fact]
    public void A_regularizer_with_options_is_labelled_with_them_and_a_ratio_limit_may_name_the_plugin()
    {
        var request = Tiny(["""{"name":"weight-decay","lambda":0.01}"""], ["weight-decay=3"]).ToRequest(Catalog.Value);

        Assert.Equal("weight-decay(lambda=0.01)", request.Regularizers[1].Label);
        Assert.Equal([new RatioLimit("weight-decay", 3)], request.Limits.MaxRatios);
    }

    [Theory]
    [InlineData("none=abc", "RB1007")]
    [InlineData("none=-1", "RB1005")]
    [InlineData("nonne=2", "RB1001")]
    public void A_malformed_max_ratio_is_a_configuration_error(string entry, string code)
    {
        var error = Assert.Throws<ConfigurationException>(() => Tiny(maxRatios: [entry]).ToRequest(Catalog.Value));

        Assert.Equal(code, Assert.Single(error.Errors).Code);
        Assert.Equal("--max-ratio", error.Errors[0].File);
    }

    [Fact]
    public void Native_heap_growth_above_the_limit_and_a_failed_row_are_violations_naming_the_regularizer()
    {
        var request = Tiny(["weight-decay"], maxGrowth: 1).ToRequest(Catalog.Value);
        var none = new StepMeasurement(request.Regularizers[0], 3, 2, 3, 1, HeapGrowthMegabytes: 0.5, RssGrowthMegabytes: 9, 9, 0, new Dictionary<string, double>());
        var decay = none with { Choice = request.Regularizers[1], HeapGrowthMegabytes = 4 };
        var failed = StepMeasurement.Failed(request.Regularizers[1], "InvalidOperationException: boom");

        var violations = request.Limits.Check([none, decay, failed], none);

        Assert.Equal(
            ["weight-decay: the native heap in use grew 4 MB across its 3 timed steps, above --max-growth-mb 1",
             "weight-decay: failed: InvalidOperationException: boom"], violations);
    }

    [Fact]
    public void Without_a_readable_native_heap_the_growth_limit_applies_to_RSS()
    {
        var request = Tiny(maxGrowth: 1).ToRequest(Catalog.Value);
        var none = new StepMeasurement(request.Regularizers[0], 3, 2, 3, 1, HeapGrowthMegabytes: double.NaN, RssGrowthMegabytes: 2.5, 2.5, 0, new Dictionary<string, double>());

        Assert.Equal(["none: RSS grew 2.5 MB across its 3 timed steps, above --max-growth-mb 1"], request.Limits.Check([none], none));
    }
}
