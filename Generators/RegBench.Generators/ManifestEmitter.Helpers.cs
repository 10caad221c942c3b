using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RegBench.Generators;

/// <summary>The runtime helpers every generated manifest carries (JSON reading, kebab-case enums, errors).</summary>
internal static partial class ManifestEmitter
{
    private static void EmitHelpers(SourceWriter w, IEnumerable<EnumModel> enums)
    {
        w.Line("private static bool ReadBoolean(global::System.Text.Json.JsonElement value, string plugin, string path) => value.ValueKind switch");
        w.Open();
        w.Line("global::System.Text.Json.JsonValueKind.True => true,");
        w.Line("global::System.Text.Json.JsonValueKind.False => false,");
        w.Line("_ => throw WrongType(plugin, path, \"boolean\", value),");
        w.Close("};");
        w.Line();
        w.Line("private static int ReadInt32(global::System.Text.Json.JsonElement value, string plugin, string path) =>");
        w.Line("    value.ValueKind == global::System.Text.Json.JsonValueKind.Number && value.TryGetInt32(out var result) ? result : throw WrongType(plugin, path, \"integer (32-bit)\", value);");
        w.Line();
        w.Line("private static long ReadInt64(global::System.Text.Json.JsonElement value, string plugin, string path) =>");
        w.Line("    value.ValueKind == global::System.Text.Json.JsonValueKind.Number && value.TryGetInt64(out var result) ? result : throw WrongType(plugin, path, \"integer (64-bit)\", value);");
        w.Line();
        w.Line("private static double ReadDouble(global::System.Text.Json.JsonElement value, string plugin, string path) =>");
        w.Line("    value.ValueKind == global::System.Text.Json.JsonValueKind.Number && value.TryGetDouble(out var result) && double.IsFinite(result) ? result : throw WrongType(plugin, path, \"number\", value);");
        w.Line();
        w.Line("private static string ReadString(global::System.Text.Json.JsonElement value, string plugin, string path) =>");
        w.Line("    value.ValueKind == global::System.Text.Json.JsonValueKind.String ? value.GetString()! : throw WrongType(plugin, path, \"string\", value);");
        w.Line();
        w.Line("private static T[] ReadArray<T>(global::System.Text.Json.JsonElement value, string plugin, string path, global::System.Func<global::System.Text.Json.JsonElement, string, string, T> read)");
        w.Open();
        w.Line("if (value.ValueKind != global::System.Text.Json.JsonValueKind.Array) throw WrongType(plugin, path, \"array\", value);");
        w.Line("var items = new T[value.GetArrayLength()];");
        w.Line("var index = 0;");
        w.Line("foreach (var item in value.EnumerateArray())");
        w.Open();
        w.Line("items[index] = read(item, plugin, path + \"[\" + index.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \"]\");");
        w.Line("index++;");
        w.Close();
        w.Line("return items;");
        w.Close();
        w.Line();
        w.Line($"private static {A}PluginOptionsException WrongType(string plugin, string path, string expected, global::System.Text.Json.JsonElement value)");
        w.Open();
        w.Line("var found = value.ValueKind switch");
        w.Open();
        w.Line("global::System.Text.Json.JsonValueKind.True or global::System.Text.Json.JsonValueKind.False => \"boolean \" + value.GetRawText(),");
        w.Line("global::System.Text.Json.JsonValueKind.Number or global::System.Text.Json.JsonValueKind.String => value.ValueKind.ToString().ToLowerInvariant() + \" \" + value.GetRawText(),");
        w.Line("_ => value.ValueKind.ToString().ToLowerInvariant(),");
        w.Close("};");
        w.Line($"return new {A}PluginOptionsException(plugin, path, \"wrong type; expected \" + expected + \", found \" + found + \".\");");
        w.Close();
        w.Line();
        w.Line("private static string ToJson(global::System.Action<global::System.Text.Json.Utf8JsonWriter> write)");
        w.Open();
        w.Line("var buffer = new global::System.Buffers.ArrayBufferWriter<byte>();");
        w.Line("using (var writer = new global::System.Text.Json.Utf8JsonWriter(buffer, new global::System.Text.Json.JsonWriterOptions { Encoder = global::System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))");
        w.Line("    write(writer);");
        w.Line("return global::System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);");
        w.Close();
        w.Line();
        w.Line("private static void WriteDouble(global::System.Text.Json.Utf8JsonWriter writer, double value)");
        w.Open();
        w.Line("if (double.IsFinite(value)) writer.WriteNumberValue(value);");
        w.Line("else writer.WriteStringValue(value.ToString(global::System.Globalization.CultureInfo.InvariantCulture));");
        w.Close();

        foreach (var model in enums)
        {
            var known = string.Join(", ", model.Members.Select(m => m.Json));
            w.Line();
            w.Line($"private static {model.TypeName} ReadEnum_{model.HelperSuffix}(global::System.Text.Json.JsonElement value, string plugin, string path)");
            w.Open();
            w.Line($"if (value.ValueKind != global::System.Text.Json.JsonValueKind.String) throw WrongType(plugin, path, {Literal("one of " + known)}, value);");
            w.Line("return value.GetString() switch");
            w.Open();
            foreach (var member in model.Members) w.Line($"{Literal(member.Json)} => {model.TypeName}.{member.Member},");
            w.Line($"var other => throw new {A}PluginOptionsException(plugin, path, \"unknown value '\" + other + \"'; expected one of {Escape(known)}.\"),");
            w.Close("};");
            w.Close();
            w.Line();
            w.Line($"private static string FormatEnum_{model.HelperSuffix}({model.TypeName} value) => value switch");
            w.Open();
            foreach (var member in model.Members.GroupBy(m => m.Member).Select(g => g.First()))
                w.Line($"{model.TypeName}.{member.Member} => {Literal(member.Json)},");
            w.Line("_ => ((long)value).ToString(global::System.Globalization.CultureInfo.InvariantCulture),");
            w.Close("};");
        }
    }
}
