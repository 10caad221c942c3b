using RegBench.Cli.Arguments;
using RegBench.Engine.Benchmarks;
using RegBench.Engine.Plugins;
using RegBench.Engine.Torch;

namespace RegBench.Cli.Tests;

/// <summary>`regbench bench --extras` in process on a tiny MLP (16 examples an epoch, batch 8): each row's figure is computed from its own medians, never how fast.</summary>
public sealed class BenchExtrasTests
{
    private static readonly Lazy<PluginCatalog> Catalog = new(() => PluginCatalog.Load([PluginCatalog.BuiltInDirectory]));

    private static IReadOnlyList<ExtraMeasurement> Run(params string[] extras)
    {
        TorchRuntime.EnsureLoaded();
        var request = new BenchmarkArguments(["weight-decay"], """{"name":"mlp","depth":1,"width":16}""", BenchmarkRequest.DefaultDataset, BatchSize: 8,
            TimedSteps: 1, WarmupSteps: 0, Threads: null, [], null, OutputPath: null) { Extras = extras, EpochExamples = 16 }.ToRequest(Catalog.Value);
        return new ExtraBenchmarks(Catalog.Value, _ => { }).Run(request, CancellationToken.None);
    }

    [Fact]
    public void Epoch_and_loader_rows_are_ratios_of_their_median_epoch_seconds()
    {
        var rows = Run("epoch", "loader");

        Assert.Equal(["epoch", "loader"], rows.Select(r => r.Row));
        Assert.All(rows, row =>
        {
            Assert.Null(row.Error);
            Assert.Equal("s", row.Unit);
            Assert.True(row.SubjectValue > 0 && row.ReferenceValue > 0, $"{row}");
            Assert.Equal(row.SubjectValue / row.ReferenceValue, row.Figure, 12);
        });
        Assert.Equal(rows[0].ReferenceValue, rows[1].SubjectValue); // the hand-written loop is both the engine's reference and the loader's subject
    }

    [Fact]
    public void The_memory_row_of_each_regularizer_is_the_heap_growth_from_epoch_2_to_10_in_percent()
    {
        var rows = Run("memory");

        Assert.Equal(["memory (none)", "memory (weight-decay)"], rows.Select(r => r.Row));
        Assert.All(rows, row =>
        {
            Assert.Null(row.Error);
            Assert.Equal("%", row.FigureUnit);
            Assert.Equal((row.SubjectValue - row.ReferenceValue) / row.ReferenceValue * 100, row.Figure, 9);
        });
    }

    [Fact]
    public void No_extras_measure_nothing() => Assert.Empty(Run());
}
