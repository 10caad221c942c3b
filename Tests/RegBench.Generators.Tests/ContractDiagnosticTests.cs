using Microsoft.CodeAnalysis;

namespace RegBench.Generators.Tests;

/// <summary>Each RB2xxx diagnostic at the span marked {|RB2xxx:...|}: invariant misuse where it is written, test-project misuse at its attribute.</summary>
public sealed class ContractDiagnosticTests
{
    private const string Regularizer = "public sealed class Projection : IWeightProjection { public void AfterStep(IReadOnlyList<RegularizedLayer> layers) { } }";

    public static TheoryData<string, string> InvariantCases => new()
    {
        { "RB2001", """
            [Architecture("tiny")]
            [{|RB2001:Invariant.SpectralNormAtMost(1)|}]
            public sealed class Tiny : IArchitecture
            {
                public TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Build(ModelContext context) => throw new System.NotImplementedException();
            }
            """ },
        { "RB2001 dataset invariant on a regularizer", """
            [Regularizer("no-files")]
            [{|RB2001:Invariant.LoadsWithoutFiles|}]
            public sealed class NoFiles : IRegularizer;
            """ },
        { "RB2002", """
            [Regularizer("hook")]
            [{|RB2002:Invariant.ProjectionIsIdempotent|}]
            public sealed class Hook : IGradientHook { public void AfterBackward(IReadOnlyList<RegularizedLayer> layers) { } }
            """ },
        { "RB2003", """
            [{|RB2003:Invariant.FrobeniusNormPreservedAttribute|}]
            public sealed class NotAPlugin;
            """ },
        { "RB2004", $$"""
            [Regularizer("bounds")]
            [Invariant.SpectralNormAtMost({|RB2004:-1|})]
            [Invariant.ProjectionIsIdempotent(RelativeTolerance = {|RB2004:double.NaN|})]
            {{Regularizer}}
            """ },
    };

    [Theory]
    [MemberData(nameof(InvariantCases))]
    public void Invariant_misuse_is_reported_at_the_attribute(string id, string markup)
    {
        var (source, expected) = GeneratorHarness.ParseMarkup(DiagnosticTests.Source(markup));
        Assert.All(expected, e => Assert.StartsWith(e.Id, id));

        var (_, diagnostics, _) = ContractHarness.Run(GeneratorHarness.Compile(source));

        AssertDiagnostics(expected, diagnostics);
    }

    [Fact]
    public void Opting_in_without_plugins_warns_at_the_attribute() =>
        AssertTestProject([], """
            [assembly: {|RB2005:RegBench.Testing.GeneratePluginContractTests|}]
            """);

    [Fact]
    public void Contract_options_for_an_unknown_plugin_warn_at_the_attribute() =>
        AssertTestProject([ContractHarness.PluginAssembly("Sample.Plugins", ContractSamples.Plugins)], """
            [assembly: RegBench.Testing.GeneratePluginContractTests]
            [assembly: {|RB2006:RegBench.Testing.PluginContractOptions(RegBench.Abstractions.PluginKind.Regularizer, "tiny-net", "{}")|}]
            """);

    [Fact]
    public void A_plugin_assembly_without_a_manifest_is_an_error_at_the_opt_in() =>
        AssertTestProject([ContractHarness.PluginAssembly("Sample.Plugins", ContractSamples.Plugins, generateManifest: false)], """
            [assembly: {|RB2007:RegBench.Testing.GeneratePluginContractTests|}]
            """);

    [Fact]
    public void Invariant_misuse_in_a_referenced_assembly_is_reported_at_the_opt_in_and_the_invariant_skipped()
    {
        var plugins = ContractHarness.PluginAssembly("Sample.Misused", """
            using RegBench.Abstractions;
            namespace Sample.Misused;
            [Regularizer("misused")]
            [Invariant.ProjectionIsIdempotent]
            public sealed class Misused : IRegularizer;
            """);
        var (diagnostics, run) = AssertTestProject([plugins], """
            [assembly: {|RB2002:RegBench.Testing.GeneratePluginContractTests|}]
            """);

        Assert.Contains("'misused'", diagnostics.Single().GetMessage());
        Assert.DoesNotContain("Projection_is_idempotent", run.GeneratedTrees.Single().ToString());
    }

    [Fact]
    public void Contract_descriptors_are_errors_except_the_test_project_warnings()
    {
        var contract = DiagnosticDescriptors.All.Where(d => d.Id.StartsWith("RB2", StringComparison.Ordinal)).ToList();
        Assert.Equal(["RB2001", "RB2002", "RB2003", "RB2004", "RB2005", "RB2006", "RB2007"], contract.Select(d => d.Id));
        Assert.All(contract, d => Assert.Equal(d.Id is "RB2005" or "RB2006" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, d.DefaultSeverity));
    }

    private static (IReadOnlyList<Diagnostic> Diagnostics, GeneratorDriverRunResult Run) AssertTestProject(MetadataReference[] plugins, string markup)
    {
        var (source, expected) = GeneratorHarness.ParseMarkup(markup);
        var (_, diagnostics, run) = ContractHarness.Run(ContractHarness.TestCompilation(plugins, source));
        AssertDiagnostics(expected, diagnostics);
        return (diagnostics, run);
    }

    private static void AssertDiagnostics(List<(string Id, Microsoft.CodeAnalysis.Text.LinePositionSpan Span)> expected, IEnumerable<Diagnostic> diagnostics)
    {
        Assert.NotEmpty(expected);
        var actual = diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().Span)).OrderBy(d => d.Span.Start).ToList();
        Assert.Equal(expected.OrderBy(e => e.Span.Start).ToList(), actual);
        Assert.All(diagnostics, d =>
        {
            Assert.False(string.IsNullOrEmpty(d.Descriptor.Description.ToString()), $"{d.Id} has no help line");
            Assert.EndsWith("#" + d.Id.ToLowerInvariant(), d.Descriptor.HelpLinkUri);
        });
    }
}
