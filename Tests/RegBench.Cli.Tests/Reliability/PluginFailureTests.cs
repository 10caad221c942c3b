namespace RegBench.Cli.Tests.Reliability;

/// <summary>A regularizer plugin that throws in any phase fails only its own cell, with the stack in `events`; the others finish; exit 1.</summary>
public sealed class PluginFailureTests : IDisposable
{
    private static readonly string[] Phases = ["create", "decorate", "attach", "loss", "after-backward", "after-step", "metrics"];
    private readonly TempDirectory folder = new();

    [Fact]
    public void A_plugin_throwing_in_each_phase_fails_that_cell_with_the_stack_in_events_and_the_others_finish()
    {
        var plugins = PluginCompiler.Build(folder.File("plugins"), "Throwing.Plugins", """
            using System;
            using System.Collections.Generic;
            using RegBench.Abstractions;
            using TorchSharp;
            using static TorchSharp.torch;
            namespace Throwing.Plugins;
            public sealed record ThrowsInOptions { public string Phase { get; init; } = "attach"; }
            [Regularizer("throws-in", Description = "test plugin: throws in the phase named by its option")]
            public sealed class ThrowsIn : IModelTransform, ILossTransform, IGradientHook, IWeightProjection, IReportsMetrics
            {
                private readonly string phase;
                public ThrowsIn(ThrowsInOptions options) { phase = options.Phase; Fail("create"); }
                public ILayerFactory Decorate(ILayerFactory inner) { Fail("decorate"); return inner; }
                public void Attach(RegularizationContext context) => Fail("attach");
                public Tensor Loss(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, Func<Tensor, Tensor, Tensor> criterion) { Fail("loss"); return criterion(model.forward(inputs), labels); }
                public void AfterBackward(IReadOnlyList<RegularizedLayer> layers) => Fail("after-backward");
                public void AfterStep(IReadOnlyList<RegularizedLayer> layers) => Fail("after-step");
                public IReadOnlyDictionary<string, double> CollectEpochMetrics() { Fail("metrics"); return new Dictionary<string, double>(); }
                private void Fail(string at) { if (phase == at) throw new InvalidOperationException($"deliberate failure in {at}"); }
            }
            """, generateManifest: true, PluginCompiler.Framework());
        var regularizers = string.Join(", ", Phases.Select(p => $$"""{ "name": "throws-in", "phase": "{{p}}" }""").Append("\"none\""));
        folder.Write("experiments.json", $$"""
            { "profiles": { "p": {
                "datasets": [{ "name": "synthetic", "trainSize": 64, "testSize": 32, "height": 4, "width": 4 }],
                "architectures": [{ "name": "mlp", "depth": 1, "width": 8 }],
                "regularizers": [{{regularizers}}], "epochs": 1, "batchSize": 32 } } }
            """);

        var result = Regbench.Run(folder.Path, "run", "--profile", "p", "--plugins", plugins);

        Assert.True(result.ExitCode == 1, result.ToString());
        var database = folder.File("results/regbench.db");
        var cells = ResultsDatabase.Query(database, "SELECT cell_id, regularizer, status FROM cells");
        Assert.Equal("done", cells.Single(c => (string)c["regularizer"]! == "none")["status"]);
        foreach (var phase in Phases)
        {
            var cell = cells.Single(c => ((string)c["regularizer"]!).Contains($"phase={phase})", StringComparison.Ordinal));
            Assert.Equal("failed", cell["status"]);
            var events = ResultsDatabase.Query(database, $"SELECT message FROM events WHERE cell_id = '{cell["cell_id"]}' AND level = 'error'").Select(e => (string)e["message"]!).ToList();
            var message = Assert.Single(events);
            Assert.Contains($"deliberate failure in {phase}", message);
            Assert.Contains("   at Throwing.Plugins.ThrowsIn.Fail(String at)", message);
        }
    }

    /// <inheritdoc />
    public void Dispose() => folder.Dispose();
}
