using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace RegBench.Generators;

/// <summary>A source location without the syntax tree, so it can sit in a cached pipeline model.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());
}

/// <summary>A diagnostic to report, as plain values (descriptor by id, location, message arguments).</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(DiagnosticDescriptors.ById(Id), Location?.ToLocation(), Arguments.Items.ToArray<object>());
}

/// <summary>The JSON kind of an option's value (or of its array items).</summary>
internal enum ScalarKind
{
    Boolean,
    Int32,
    Int64,
    Double,
    String,
    Enum,
}

/// <summary>One member of an enum option: C# name and its kebab-case JSON name.</summary>
internal sealed record EnumMemberModel(string Member, string Json);

/// <summary>An enum type used by options: fully qualified name, a helper-method suffix and its members.</summary>
internal sealed record EnumModel(string TypeName, string HelperSuffix, EquatableArray<EnumMemberModel> Members);

/// <summary>The bounds of an [OptionRange] (null: unbounded on that side).</summary>
internal sealed record RangeModel(double? Minimum, double? Maximum, bool ExclusiveMinimum, bool ExclusiveMaximum);

/// <summary>One option: C# property, JSON name, type shape, description and range.</summary>
/// <param name="Property">The C# property name.</param>
/// <param name="JsonName">camelCase name (or [JsonPropertyName]).</param>
/// <param name="Description">From [Description]; empty when none.</param>
/// <param name="Kind">The JSON kind of the value or of the array items.</param>
/// <param name="Nullable">The value may be JSON null (Nullable&lt;T&gt; or an annotated reference type).</param>
/// <param name="IsArray">An array of <paramref name="Kind"/> items (T[], IReadOnlyList&lt;T&gt;, IEnumerable&lt;T&gt;, ...).</param>
/// <param name="ItemType">Fully qualified type of the value (without '?') or of the array items.</param>
/// <param name="Enum">The enum's members when <paramref name="Kind"/> is Enum.</param>
/// <param name="Range">The [OptionRange] bounds, if any.</param>
/// <param name="DefaultJson">The default as canonical JSON, evaluated from the plugin's source; null when read from metadata.</param>
internal sealed record OptionModel(
    string Property,
    string JsonName,
    string Description,
    ScalarKind Kind,
    bool Nullable,
    bool IsArray,
    string ItemType,
    EnumModel? Enum,
    RangeModel? Range,
    string? DefaultJson = null);

/// <summary>Everything the emitter needs of one plugin class; no symbols or syntax.</summary>
internal sealed record PluginModel(
    string Kind,
    string Name,
    string Description,
    string ClassName,
    string SimpleName,
    string? OptionsType,
    EquatableArray<OptionModel> Options,
    bool HasValidate,
    LocationInfo? NameLocation,
    int Version = 1);

/// <summary>The transform's result for one plugin class: the model (null when unusable) and its diagnostics.</summary>
internal sealed record PluginResult(PluginModel? Plugin, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>An assembly-level [PluginManifest] written by hand.</summary>
internal sealed record ManualManifest(LocationInfo? Location);
