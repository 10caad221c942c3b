using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using RegBench.Experiments;
using RegBench.Generators.Experiments;

namespace RegBench.Cli.Tests;

/// <summary>
/// The experiment-matrix generator and the run-time validator are one validator: the same errors for the same file,
/// and the profiles compiled into regbench are the ones the engine expands, with the same cell ids.
/// </summary>
public sealed class BuiltInExperimentsTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Compiled_profiles_are_the_repository_file_and_match_the_engine_cell_for_cell()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "RegBench.sln"))) root = Path.GetDirectoryName(root)!;
        Assert.Equal(BuiltInExperiments.Source, File.ReadAllText(Path.Combine(root, "experiments.json")));
        Assert.True(BuiltInExperiments.IsValid);

        // No experiments.json in the working directory: regbench falls back to the compiled-in file.
        var result = Regbench.Run(folder.Path, "list", "cells", "--profile", BuiltInExperiments.Quick.Name);
        Assert.True(result.ExitCode == 0, result.ToString());
        var runtimeIds = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line[..16]).ToList();
        Assert.Equal(BuiltInExperiments.Quick.Profile.Cells.Select(c => c.CellId), runtimeIds);
        Assert.Equal(8, runtimeIds.Count);
    }

    [Fact]
    public void Validate_without_a_local_file_checks_the_built_in_one()
    {
        var result = Regbench.Run(folder.Path, "validate");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("the built-in experiments.json", result.Output);
        Assert.Contains("valid (8 profiles: quick, hess2023-fashion, yoshida2017-fashion, hess2023, yoshida2017-vgg-cifar10,", result.Output);
    }

    [Fact]
    public void Compile_time_and_run_time_report_the_same_errors_for_the_same_file()
    {
        var path = folder.Write("experiments.json", """
            {
              "profiles": {
                "a": {
                  "datasets": [{ "name": "synthetic", "classes": "ten" }, { "name": "synthetic", "width": 0 }],
                  "architectures": [{ "name": "mlp", "widht": 3 }, { "name": "resnet", "depth": "18" }, { "name": "mlp", "width": 1.5 }],
                  "regularizers": ["nonee", { "name": "weight-decay", "exclude": ["first", 2] }, { "name": "weight-decay", "decoupled": "yes" }],
                  "epochs": 0, "optimizer": { "name": "adamm", "lr": -1 }, "sedes": [1]
                },
                "a": {}
              }
            }
            """);
        var runtime = Regbench.Run(folder.Path, "validate", path);
        Assert.Equal(2, runtime.ExitCode);
        var runtimeErrors = runtime.Error.Split('\n').Where(l => l.Contains(": error RB", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();

        var compileErrors = CompileTimeErrors(path);

        Assert.Equal(13, compileErrors.Count);
        Assert.Equal(runtimeErrors, compileErrors);
    }

    [Fact]
    public void The_compiler_gives_weight_decay_without_options_the_id_the_engine_gives_it_with_its_default_lambda_written_out()
    {
        const string File = """{ "profiles": { "p": { "datasets": ["synthetic"], "architectures": ["mlp"], "regularizers": [REGULARIZER] } } }""";
        Directory.CreateDirectory(folder.File("compiled")); // the generator reads files named experiments.json
        var compiled = folder.Write("compiled/experiments.json", File.Replace("REGULARIZER", "\"weight-decay\""));
        var written = folder.Write("experiments.json", File.Replace("REGULARIZER", """{ "name": "weight-decay", "lambda": 0.0001 }"""));
        var described = Regbench.Run(folder.Path, "list", "plugins", "--verbose");
        Assert.Contains("lambda", described.Output);
        Assert.Contains("0.0001", described.Output); // the default written out above is the plugin's

        var result = Regbench.Run(folder.Path, "list", "cells", "--config", written, "--profile", "p");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var compiledIds = System.Text.RegularExpressions.Regex.Matches(CompileTime(compiled).Source, "new BuiltInCell\\(\"([0-9a-f]{16})\"").Select(m => m.Groups[1].Value);
        Assert.Equal(compiledIds, result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line[..16]));
    }

    private static List<string> CompileTimeErrors(string path) => CompileTime(path).Errors;

    // Runs the generator as the host's build does: experiments.json as an additional file, plugin assemblies as references.
    private static (List<string> Errors, string Source) CompileTime(string path)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateDirectories(Path.Combine(AppContext.BaseDirectory, "plugins"))
                .Select(d => Path.Combine(d, Path.GetFileName(d) + ".dll")))
            .Where(p => p.Length > 0 && File.Exists(p))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Host", [CSharpSyntaxTree.ParseText("class Program { }")], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        CSharpGeneratorDriver.Create([new ExperimentMatrixGenerator().AsSourceGenerator()], [new FileText(path)])
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d =>
        {
            var start = d.Location.GetLineSpan().StartLinePosition;
            return $"{d.Location.GetLineSpan().Path}:{start.Line + 1}:{start.Character + 1}: error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";
        }).ToList(), output.SyntaxTrees.Last().ToString());
    }

    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path { get; } = path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(Path));
    }
}
