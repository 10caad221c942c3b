using Microsoft.CodeAnalysis;

namespace RegBench.Generators.Tests;

/// <summary>Each RB0xxx diagnostic, at the span marked {|RBxxxx:...|} in the source.</summary>
public sealed class DiagnosticTests
{
    private const string Usings = "using System.Collections.Generic; using RegBench.Abstractions;\n";

    /// <summary>Usings, assembly attributes (they must precede the namespace), the namespace, then the rest.</summary>
    internal static string Source(string markup)
    {
        var lines = markup.Split('\n');
        var assembly = lines.TakeWhile(l => l.StartsWith("[assembly:", StringComparison.Ordinal)).ToList();
        return Usings + string.Concat(assembly.Select(l => l + "\n")) + "namespace Sample;\n" + string.Join("\n", lines.Skip(assembly.Count));
    }

    public static TheoryData<string, string> Cases => new()
    {
        { "RB0001", """
            [Regularizer("open")]
            public class {|RB0001:OpenRegularizer|} : IRegularizer;
            """ },
        { "RB0002", """
            [Dataset("no-interface")]
            public sealed class {|RB0002:NotADataset|};
            """ },
        { "RB0003", """
            [Regularizer("class-options")]
            public sealed class UsesClass({|RB0003:ClassOptions|} options) : IRegularizer { public ClassOptions Options => options; }
            public sealed class ClassOptions { public int Width { get; init; } }
            """ },
        { "RB0003 positional record without defaults", """
            [Architecture("needs-args")]
            public sealed class NeedsArgs({|RB0003:NeedsArgsOptions|} options) : IArchitecture
            {
                public TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Build(ModelContext context) => throw new System.NotImplementedException();
            }
            public sealed record NeedsArgsOptions(int Width);
            """ },
        { "RB0004", """
            [Regularizer("twin")]
            public sealed class First : IRegularizer;
            [Regularizer({|RB0004:"twin"|})]
            public sealed class Second : IRegularizer;
            [Dataset("twin")]
            public sealed class SameNameOtherKind : IDataset
            {
                public DataShape Shape => throw new System.NotImplementedException();
                public DatasetSplits Load(DatasetLoadContext context) => throw new System.NotImplementedException();
            }
            """ },
        { "RB0011", """
            [Regularizer("computed")]
            public sealed class Computed(ComputedOptions options) : IRegularizer { public ComputedOptions Options => options; }
            public sealed record ComputedOptions { public int {|RB0011:Width|} { get; init; } = System.Environment.ProcessorCount; }
            """ },
        { "RB0012", """
            [Regularizer({|RB0012:"versioned"|}, Version = 0)]
            public sealed class Versioned : IRegularizer;
            """ },
        { "RB0005", """
            [Regularizer({|RB0005:"Spectral_Scaling"|})]
            public sealed class BadName : IRegularizer;
            """ },
        { "RB0005 leading digit", """
            [Regularizer(name: {|RB0005:"2x"|}, Description = "x")]
            public sealed class DigitName : IRegularizer;
            """ },
        { "RB0006", """
            [assembly: {|RB0006:PluginManifest(typeof(Sample.HandWritten))|}]
            public sealed class HandWritten : IPluginManifest { public IReadOnlyList<PluginDescriptor> Plugins => []; }
            [Regularizer("converted")]
            public sealed class Converted : IRegularizer;
            """ },
        { "RB0007", """
            [Regularizer("dates")]
            public sealed class Dates(DateOptions options) : IRegularizer { public DateOptions Options => options; }
            public sealed record DateOptions { public System.DateTime {|RB0007:When|} { get; init; } public List<int> {|RB0007:Counts|} { get; init; } = []; }
            """ },
        { "RB0008", """
            [Regularizer("two-args")]
            public sealed class {|RB0008:TwoArgs|}(int a, int b) : IRegularizer { public int Sum => a + b; }
            """ },
        { "RB0009", """
            [Regularizer("bad-validate")]
            public sealed class BadValidate(BadValidateOptions options) : IRegularizer
            {
                public BadValidateOptions Options => options;
                private static void {|RB0009:Validate|}(BadValidateOptions options) { }
            }
            public sealed record BadValidateOptions { public int Width { get; init; } = 1; }
            """ },
        { "RB0010", """
            [Regularizer("string-range")]
            public sealed class StringRange(StringRangeOptions options) : IRegularizer { public StringRangeOptions Options => options; }
            public sealed record StringRangeOptions { [{|RB0010:OptionRange(Minimum = 1)|}] public string Mode { get; init; } = "a"; }
            """ },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagnostic_is_reported_at_the_marked_span(string id, string markup)
    {
        var (source, expected) = GeneratorHarness.ParseMarkup(Source(markup));
        Assert.NotEmpty(expected);
        Assert.All(expected, e => Assert.StartsWith(e.Id, id));

        var (_, diagnostics, _) = GeneratorHarness.Run(GeneratorHarness.Compile(source));

        var actual = diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().Span)).OrderBy(d => d.Span.Start).ToList();
        Assert.Equal(expected.OrderBy(e => e.Span.Start).ToList(), actual);
        Assert.All(diagnostics, d =>
        {
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.False(string.IsNullOrEmpty(d.Descriptor.Description.ToString()), $"{d.Id} has no help line");
            Assert.EndsWith("#" + d.Id.ToLowerInvariant(), d.Descriptor.HelpLinkUri);
        });
    }

    [Fact]
    public void Hand_written_manifest_suppresses_the_generated_one()
    {
        var (source, _) = GeneratorHarness.ParseMarkup(Source((string)Cases.Single(c => (string)c[0] == "RB0006")[1]));
        var (_, _, run) = GeneratorHarness.Run(GeneratorHarness.Compile(source));
        Assert.Empty(run.GeneratedTrees);
    }

    [Fact]
    public void Descriptor_ids_are_unique_and_stable()
    {
        Assert.Equal(
            ["RB0001", "RB0002", "RB0003", "RB0004", "RB0005", "RB0006", "RB0007", "RB0008", "RB0009", "RB0010", "RB0011", "RB0012",
             "RB2001", "RB2002", "RB2003", "RB2004", "RB2005", "RB2006", "RB2007"],
            DiagnosticDescriptors.All.Select(d => d.Id));
    }
}
