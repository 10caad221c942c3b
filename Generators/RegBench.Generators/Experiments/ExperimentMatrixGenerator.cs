using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using RegBench.Experiments;

namespace RegBench.Generators.Experiments;

/// <summary>
/// Validates the project's experiments.json (an AdditionalFile) against the plugins of its referenced assemblies with
/// the run-time validator's own code, reports each problem as RB1xxx at its line and column, and emits the typed
/// built-in profiles (<c>BuiltInExperiments</c>: the file's text, every profile's cells with canonical JSON and id).
/// docs/generators.md describes it.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ExperimentMatrixGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps.</summary>
    public static class Steps
    {
        /// <summary>The experiments.json additional files.</summary>
        public const string ExperimentFiles = nameof(ExperimentFiles);
        /// <summary>Plugins read from referenced assemblies.</summary>
        public const string ReferencedPlugins = nameof(ReferencedPlugins);
        /// <summary>Files, plugins and namespace combined.</summary>
        public const string MatrixInput = nameof(MatrixInput);
    }

    /// <summary>The additional file name the generator reads.</summary>
    public const string FileName = "experiments.json";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static text => string.Equals(Path.GetFileName(text.Path), FileName, StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) => new ExperimentText(text.Path, text.GetText(cancellationToken)?.ToString() ?? ""))
            .Collect()
            .WithTrackingName(Steps.ExperimentFiles);

        var plugins = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => ReferencedPlugins.Collect(compilation, cancellationToken))
            .WithTrackingName(Steps.ReferencedPlugins);

        var ns = PluginManifestGenerator.RootNamespace(context);

        var input = files.Combine(plugins).Combine(ns)
            .Select(static (all, _) => new MatrixInput(all.Left.Left.ToEquatableArray(), all.Left.Right, all.Right))
            .WithTrackingName(Steps.MatrixInput);

        context.RegisterSourceOutput(input, static (production, matrix) =>
        {
            if (matrix.Files.Count == 0) return;
            var file = matrix.Files[0];
            var (draft, errors) = ExperimentValidator.Validate(file.Text, file.Path, new ReferencedPluginSet(matrix.Plugins));
            var text = SourceText.From(file.Text);
            foreach (var error in errors)
                production.ReportDiagnostic(Diagnostic.Create(ExperimentDiagnostics.ById(error.Code), Locate(file, text, error), error.Message));
            production.AddSource("BuiltInExperiments.g.cs", ProfileEmitter.Emit(matrix.Namespace, file.Text, errors.Count == 0 ? draft : null));
        });
    }

    private static Location Locate(ExperimentText file, SourceText text, ConfigurationError error)
    {
        if (error.Line <= 0 || error.Line > text.Lines.Count) return Location.Create(file.Path, default, default);
        var line = text.Lines[error.Line - 1];
        var start = Math.Min(line.Start + error.Column - 1, line.End);
        var end = TokenEnd(file.Text, start, line.End);
        return Location.Create(file.Path, TextSpan.FromBounds(start, end), text.Lines.GetLinePositionSpan(TextSpan.FromBounds(start, end)));
    }

    // The token at start: a string literal with its quotes, or a run up to the next delimiter on the line.
    private static int TokenEnd(string text, int start, int lineEnd)
    {
        if (start >= lineEnd) return start;
        var i = start;
        if (text[i] == '"')
        {
            for (i++; i < lineEnd && text[i] != '"'; i++) if (text[i] == '\\') i++;
            return Math.Min(i + 1, lineEnd);
        }
        if (text[i] is '{' or '[') return i + 1;
        while (i < lineEnd && text[i] is not (',' or '}' or ']' or ' ' or '\t' or '\r')) i++;
        return Math.Max(i, start + 1);
    }
}

/// <summary>An experiments.json additional file: path and text.</summary>
internal sealed record ExperimentText(string Path, string Text);

/// <summary>The generator's input: the files, the referenced plugins and the namespace to emit into.</summary>
internal sealed record MatrixInput(EquatableArray<ExperimentText> Files, EquatableArray<ReferencedPlugin> Plugins, string Namespace);
