namespace RegBench.Generators.Tests;

/// <summary>Plugin sources the tests generate manifests for.</summary>
internal static class Samples
{
    /// <summary>Three regularizers: every supported option type, no options, and a positional options record.</summary>
    public const string Regularizers = """
        using System.Collections.Generic;
        using System.ComponentModel;
        using RegBench.Abstractions;

        namespace Sample.Plugins;

        public enum Schedule { Constant, LinearWarmup, HTTPStep }

        /// <summary>Every option type the binder supports.</summary>
        [Regularizer("sample-scaling", Description = "A sample with \"every\" option type.")]
        public sealed class SampleScaling(SampleOptions options) : IRegularizer
        {
            public SampleOptions Options { get; } = options;

            internal static void Validate(SampleOptions options)
            {
                if (options.Lower > options.Upper)
                    throw new PluginOptionsException("sample-scaling", "lower", $"must be ≤ upper ({options.Upper}), found {options.Lower}.");
            }
        }

        public sealed record SampleOptions
        {
            [Description("Iterations of the power method.")]
            [OptionRange(Minimum = 1)]
            public int MaxIterations { get; init; } = 500;

            public long Seed { get; init; } = 42;

            [OptionRange(Minimum = 0, ExclusiveMinimum = true)]
            public double Lower { get; init; } = 0.5;

            [OptionRange(Maximum = 100)]
            public double Upper { get; init; } = 2;

            [OptionRange(Minimum = 0)]
            public double? Target { get; init; }

            public bool WarmStart { get; init; } = true;

            public string Mode { get; init; } = "fast";

            public string? Label { get; init; }

            public Schedule Schedule { get; init; } = Schedule.LinearWarmup;

            public Schedule? Fallback { get; init; }

            [Description("Layers left alone.")]
            public IReadOnlyList<string> Exclude { get; init; } = ["first", "last"];

            public int[] Sizes { get; init; } = [];

            public double Computed => Lower * 2;
        }

        [Regularizer("sample-none")]
        public sealed class SampleNone : IRegularizer;

        public sealed record PositionalOptions([property: Description("Target norm.")] double? Target = null, [OptionRange(Maximum = 10)] int Steps = 3);

        [Regularizer("sample-positional")]
        public sealed class SamplePositional(PositionalOptions options) : IRegularizer
        {
            public PositionalOptions Options => options;
        }
        """;
}
