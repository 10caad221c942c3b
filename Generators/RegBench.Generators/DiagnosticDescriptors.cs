using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace RegBench.Generators;

/// <summary>
/// Every diagnostic of RegBench.Generators. IDs are stable (RB0xxx: plugin manifests; RB1xxx is reserved for the
/// experiment-matrix generator; RB2xxx: plugin contract tests and invariants); the description is the help line: how to
/// fix it. docs/generators.md lists them.
/// </summary>
public static partial class DiagnosticDescriptors
{
    private const string Category = "RegBench.Plugins";
    private const string HelpBase = "docs/generators.md#";

    /// <summary>RB0001: a plugin class that is not sealed.</summary>
    public static readonly DiagnosticDescriptor PluginNotSealed = Create(
        "RB0001", "Plugin class must be sealed",
        "Plugin class '{0}' must be sealed",
        "Add the 'sealed' modifier: the host creates exactly this type and plugins are not meant to be derived from.");

    /// <summary>RB0002: a plugin class missing the interface of its kind.</summary>
    public static readonly DiagnosticDescriptor PluginMissingInterface = Create(
        "RB0002", "Plugin class does not implement the interface of its kind",
        "Plugin class '{0}' is marked [{1}] but does not implement {2}",
        "Implement IRegularizer (and its phase interfaces) for [Regularizer], IArchitecture for [Architecture], IDataset for [Dataset].");

    /// <summary>RB0003: an options type that is not a record or cannot be created without arguments.</summary>
    public static readonly DiagnosticDescriptor OptionsNotRecord = Create(
        "RB0003", "Plugin options must be a record with a parameterless constructor",
        "Options type '{0}' of plugin '{1}' must be a record that 'new {0}()' can create (parameterless constructor or all parameters optional, no required members)",
        "Declare the options as 'public sealed record XOptions { public int Width { get; init; } = 256; }' (or a positional record whose parameters all have defaults): the defaults are the record's initializers.");

    /// <summary>RB0004: two plugins of one kind with one name in one assembly.</summary>
    public static readonly DiagnosticDescriptor DuplicatePluginName = Create(
        "RB0004", "Duplicate plugin name",
        "Another {0} in this assembly is already named '{1}' ({2})",
        "Give each plugin of one kind a distinct name: experiments.json selects plugins by name.");

    /// <summary>RB0005: a plugin name with characters other than lower-case letters, digits and '-'.</summary>
    public static readonly DiagnosticDescriptor InvalidPluginName = Create(
        "RB0005", "Invalid plugin name",
        "Plugin name '{0}' is invalid: use lower-case letters, digits and '-', starting with a letter",
        "Rename it in kebab-case, e.g. [Regularizer(\"spectral-scaling\")].");

    /// <summary>RB0006: an assembly with a hand-written [assembly: PluginManifest] and generator-marked plugins.</summary>
    public static readonly DiagnosticDescriptor HandWrittenManifest = Create(
        "RB0006", "Hand-written manifest next to generated plugins",
        "This assembly names a hand-written manifest with [assembly: PluginManifest] but also has plugin classes the generator would list; no manifest was generated",
        "Convert explicitly: delete the hand-written manifest class and its [assembly: PluginManifest(...)] attribute, then rebuild; the generated RegBenchPluginManifest takes over.");

    /// <summary>RB0007: an option property whose type the generated binder cannot read.</summary>
    public static readonly DiagnosticDescriptor UnsupportedOptionType = Create(
        "RB0007", "Unsupported option type",
        "Option '{0}' of '{1}' has type '{2}', which the generated binder does not support",
        "Use bool, int, long, double, string, an enum, a nullable of those, or an array / IReadOnlyList<T> of them; nest nothing else.");

    /// <summary>RB0008: a plugin class the manifest cannot create.</summary>
    public static readonly DiagnosticDescriptor PluginNotCreatable = Create(
        "RB0008", "Plugin class cannot be created by the manifest",
        "Plugin class '{0}' {1}",
        "Make it a non-abstract, non-generic class visible to its assembly with a public or internal constructor that takes its options record (a primary constructor) or nothing.");

    /// <summary>RB0009: a Validate member that is not the validation hook's shape.</summary>
    public static readonly DiagnosticDescriptor InvalidValidateHook = Create(
        "RB0009", "Validate hook has the wrong shape",
        "'{0}.Validate' is not used as the options validation hook: it must be 'static void Validate({1} options)' and not private",
        "Declare 'internal static void Validate(TOptions options)' on the plugin class; throw PluginOptionsException(name, \"option\", \"why\") from it.");

    /// <summary>RB0010: [OptionRange] on an option that is not a number.</summary>
    public static readonly DiagnosticDescriptor RangeOnNonNumber = Create(
        "RB0010", "[OptionRange] on a non-numeric option",
        "[OptionRange] on option '{0}' is ignored: it applies to int, long and double options (or nullables of them)",
        "Remove the attribute, or check the value in the plugin's static Validate(TOptions) method.");

    /// <summary>RB0011: an option default the generator cannot evaluate at compile time.</summary>
    public static readonly DiagnosticDescriptor NonConstantOptionDefault = Create(
        "RB0011", "Option default is not a compile-time constant",
        "The default of option '{0}' of '{1}' is not a compile-time constant; cell ids hash the options with every default filled, and the build computes them from the source",
        "Initialize the option with a literal, a const, an enum member, null, or a collection expression of constants ([] or [\"a\", \"b\"]).");

    /// <summary>RB0012: a plugin attribute's Version below 1.</summary>
    public static readonly DiagnosticDescriptor InvalidPluginVersion = Create(
        "RB0012", "Plugin version must be at least 1",
        "Plugin '{0}' has Version = {1}; a plugin's manifest version is at least 1",
        "Remove Version (it defaults to 1) or set it to 1 or more; bump it when the plugin's behaviour changes for unchanged options.");

    /// <summary>Every descriptor, by id. Built on first use: the RB2xxx fields live in another part of this partial class, whose
    /// static initializers may run after this file's.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All => all ??=
    [
        PluginNotSealed, PluginMissingInterface, OptionsNotRecord, DuplicatePluginName, InvalidPluginName,
        HandWrittenManifest, UnsupportedOptionType, PluginNotCreatable, InvalidValidateHook, RangeOnNonNumber,
        NonConstantOptionDefault, InvalidPluginVersion,
        .. ContractDescriptors,
    ];

    private static DiagnosticDescriptor[]? all;
    private static Dictionary<string, DiagnosticDescriptor>? index;

    internal static DiagnosticDescriptor ById(string id) => (index ??= All.ToDictionary(d => d.Id))[id];

    private static DiagnosticDescriptor Create(string id, string title, string message, string help,
        DiagnosticSeverity severity = DiagnosticSeverity.Error, string category = Category) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description: help,
            helpLinkUri: HelpBase + id.ToLowerInvariant());
}
