using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using RegBench.Abstractions;

namespace RegBench.Generators.Tests;

/// <summary>Compiles sources against the running test's framework + Abstractions and runs the generator on them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(IPluginManifest).Assembly.Location)
            .Append(typeof(TorchSharp.torch).Assembly.Location)
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create("Sample.Plugins",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(string? rootNamespace = null, bool track = false) =>
        CSharpGeneratorDriver.Create(
            [new PluginManifestGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            optionsProvider: new Options(rootNamespace),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>Build options whose RootNamespace is <paramref name="rootNamespace"/> (none when null).</summary>
    public static AnalyzerConfigOptionsProvider OptionsFor(string? rootNamespace) => new Options(rootNamespace);

    /// <summary>Runs the generator; returns the compilation with the generated trees and the generator's diagnostics.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, GeneratorDriverRunResult Run) Run(
        CSharpCompilation compilation, string? rootNamespace = null)
    {
        var driver = Driver(rootNamespace).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (output, diagnostics, driver.GetRunResult());
    }

    /// <summary>Runs the generator, asserts it and the output compile without errors, and loads the assembly.</summary>
    public static Assembly Emit(params string[] sources)
    {
        var compilation = Compile(sources);
        var (output, diagnostics, _) = Run(compilation);
        Assert.Empty(diagnostics);
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var generated = output.SyntaxTrees.Except(compilation.SyntaxTrees).ToList();
        Assert.Empty(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generated.Contains(tree)));
        return Assembly.Load(stream.ToArray());
    }

    /// <summary>Compares <paramref name="received"/> with Approved/<paramref name="name"/>; on a difference writes the received file beside it.</summary>
    public static void Verify(string name, string received, [CallerFilePath] string caller = "")
    {
        var approvedPath = Path.Combine(Path.GetDirectoryName(caller)!, "Approved", name);
        var stem = name.EndsWith(".g.cs", StringComparison.Ordinal) ? name[..^".g.cs".Length] : Path.GetFileNameWithoutExtension(name);
        var receivedPath = Path.Combine(Path.GetDirectoryName(approvedPath)!, stem + ".received" + name[stem.Length..]);
        received = received.Replace("\r\n", "\n");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n") : null;
        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, received);
        Assert.Fail(approved is null
            ? $"No approved file {approvedPath}. Review {receivedPath} and rename it to approve it."
            : $"Generated source differs from {approvedPath}. Wrote {receivedPath}: diff them, and if the change is intended copy it over the approved file.");
    }

    /// <summary>
    /// Strips markup <c>{|RB0001:text|}</c> from <paramref name="markup"/>; returns the source and each expected
    /// diagnostic id with the line/column span of its text.
    /// </summary>
    public static (string Source, List<(string Id, LinePositionSpan Span)> Expected) ParseMarkup(string markup)
    {
        var expected = new List<(string, TextSpan)>();
        var source = new System.Text.StringBuilder();
        var last = 0;
        foreach (Match match in Regex.Matches(markup, @"\{\|(RB\d{4}):(.*?)\|\}", RegexOptions.Singleline))
        {
            source.Append(markup, last, match.Index - last);
            expected.Add((match.Groups[1].Value, new TextSpan(source.Length, match.Groups[2].Length)));
            source.Append(match.Groups[2].Value);
            last = match.Index + match.Length;
        }
        source.Append(markup, last, markup.Length - last);
        var text = SourceText.From(source.ToString());
        return (source.ToString(), expected.Select(e => (e.Item1, text.Lines.GetLinePositionSpan(e.Item2))).ToList());
    }

    private sealed class Options(string? rootNamespace) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(rootNamespace);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values.Empty;

        private sealed class Values(string? rootNamespace) : AnalyzerConfigOptions
        {
            public static readonly Values Empty = new(null);

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = key == "build_property.RootNamespace" ? rootNamespace : null;
                return value is not null;
            }
        }
    }
}
