using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RegBench.Generators;

/// <summary>
/// The texts of the generated binder's errors, in one place: the manifest emitter writes them into the binder and the
/// experiment-matrix generator's option checker produces them at compile time, so both say exactly the same thing.
/// </summary>
internal static class BinderMessages
{
    /// <summary>The message for a property the options record does not have.</summary>
    public static string UnknownOption(EquatableArray<OptionModel> options) => options.Count == 0
        ? "unknown option; this plugin has no options."
        : "unknown option. Known options: " + string.Join(", ", options.Select(o => $"{o.JsonName} ({JsonType(o)})")) + ".";

    /// <summary>"must be ≥ 1 and &lt; 5, found " — the range message before the value.</summary>
    public static string RangePrefix(RangeModel range)
    {
        var words = new List<string>();
        if (range.Minimum is { } min) words.Add($"{(range.ExclusiveMinimum ? ">" : "≥")} {Number(min)}");
        if (range.Maximum is { } max) words.Add($"{(range.ExclusiveMaximum ? "<" : "≤")} {Number(max)}");
        return $"must be {string.Join(" and ", words)}, found ";
    }

    /// <summary>Whether <paramref name="value"/> lies in <paramref name="range"/>.</summary>
    public static bool InRange(RangeModel range, double value) =>
        (range.Minimum is not { } min || (range.ExclusiveMinimum ? value > min : value >= min)) &&
        (range.Maximum is not { } max || (range.ExclusiveMaximum ? value < max : value <= max));

    /// <summary>"wrong type; expected integer (32-bit), found string \"28\"."</summary>
    public static string WrongType(string expected, string found) => "wrong type; expected " + expected + ", found " + found + ".";

    /// <summary>"unknown value 'x'; expected one of a, b."</summary>
    public static string UnknownEnumValue(string value, EnumModel model) => "unknown value '" + value + "'; expected one of " + EnumValues(model) + ".";

    /// <summary>The JSON names of an enum's members, comma-separated.</summary>
    public static string EnumValues(EnumModel model) => string.Join(", ", model.Members.Select(m => m.Json));

    /// <summary>What a reader of this kind expects, as the wrong-type message says it.</summary>
    public static string Expected(ScalarKind kind, EnumModel? model) => kind switch
    {
        ScalarKind.Boolean => "boolean",
        ScalarKind.Int32 => "integer (32-bit)",
        ScalarKind.Int64 => "integer (64-bit)",
        ScalarKind.Double => "number",
        ScalarKind.String => "string",
        _ => "one of " + EnumValues(model!),
    };

    /// <summary>The option's JSON type as listed in messages and `list plugins --verbose`.</summary>
    public static string JsonType(OptionModel option) => option.IsArray ? "array" : ScalarJsonType(option.Kind);

    /// <summary>The JSON type of one value of <paramref name="kind"/>.</summary>
    public static string ScalarJsonType(ScalarKind kind) => kind switch
    {
        ScalarKind.Boolean => "boolean",
        ScalarKind.Int32 or ScalarKind.Int64 => "integer",
        ScalarKind.Double => "number",
        _ => "string",
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
