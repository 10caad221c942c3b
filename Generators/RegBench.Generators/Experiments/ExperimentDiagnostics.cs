using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using RegBench.Experiments;

namespace RegBench.Generators.Experiments;

/// <summary>
/// RB1000–RB1007: experiments.json errors found at compile time, with the ids and messages `regbench validate`
/// prints (<see cref="ConfigurationCodes"/>); the message is the validator's, the location its line and column.
/// </summary>
public static class ExperimentDiagnostics
{
    private const string Category = "RegBench.Experiments";
    private const string HelpBase = "docs/generators.md#";

    /// <summary>RB1000: experiments.json is not valid JSON.</summary>
    public static readonly DiagnosticDescriptor Syntax = Create("RB1000", "experiments.json is not valid JSON", "Fix the JSON at the reported position (comments and trailing commas are allowed).");

    /// <summary>RB1001: Unknown plugin, optimizer, schedule or init name.</summary>
    public static readonly DiagnosticDescriptor UnknownPlugin = Create("RB1001", "Unknown plugin, optimizer, schedule or init name", "Use one of the names the message lists; `regbench list plugins` shows the loaded plugins.");

    /// <summary>RB1002: Plugin option unknown, of the wrong type or out of range.</summary>
    public static readonly DiagnosticDescriptor PluginOption = Create("RB1002", "Plugin option unknown, of the wrong type or out of range", "Use the options `regbench list plugins --verbose` lists, with the JSON type it names.");

    /// <summary>RB1003: Profile or property defined twice.</summary>
    public static readonly DiagnosticDescriptor Duplicate = Create("RB1003", "Profile or property defined twice", "Keep one definition; JSON readers silently keep the last one.");

    /// <summary>RB1004: Empty matrix axis.</summary>
    public static readonly DiagnosticDescriptor EmptyAxis = Create("RB1004", "Empty matrix axis", "List at least one dataset, architecture, regularizer, seed and batch size (here or in \"defaults\").");

    /// <summary>RB1005: Number out of range.</summary>
    public static readonly DiagnosticDescriptor InvalidNumber = Create("RB1005", "Number out of range", "epochs, batch sizes and lr must be positive; seeds, momentum and weight decay non-negative.");

    /// <summary>RB1006: Unknown property.</summary>
    public static readonly DiagnosticDescriptor UnknownProperty = Create("RB1006", "Unknown property", "Remove it or fix its spelling; the message lists the properties allowed there.");

    /// <summary>RB1007: Value of the wrong JSON type.</summary>
    public static readonly DiagnosticDescriptor WrongType = Create("RB1007", "Value of the wrong JSON type", "Write the value with the JSON type the message names.");

    /// <summary>Every descriptor (RB1000 … RB1007; RB1008, an unknown --profile, exists only at run time).</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = [Syntax, UnknownPlugin, PluginOption, Duplicate, EmptyAxis, InvalidNumber, UnknownProperty, WrongType];

    private static readonly Dictionary<string, DiagnosticDescriptor> Index = All.ToDictionary(d => d.Id);

    internal static DiagnosticDescriptor ById(string id) => Index[id];

    private static DiagnosticDescriptor Create(string id, string title, string help) =>
        new(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: help,
            helpLinkUri: HelpBase + id.ToLowerInvariant());
}
