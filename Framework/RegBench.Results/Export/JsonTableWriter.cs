using System.Text.Encodings.Web;
using System.Text.Json;

namespace RegBench.Results.Export;

/// <summary>
/// A JSON array of row objects keyed by column name. NULL is null; non-finite numbers (which JSON cannot hold) are null
/// too. Text columns holding JSON (`options_json`, `extra_json`, `spectrum_json`) stay strings, as in the store.
/// </summary>
public sealed class JsonTableWriter : ITableWriter
{
    /// <inheritdoc />
    public string Format => "json";

    /// <inheritdoc />
    public void Write(StoreTable table, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartArray();
        foreach (var row in table.Rows)
        {
            writer.WriteStartObject();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                writer.WritePropertyName(table.Columns[i]);
                WriteValue(writer, row[i]);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.Flush();
        output.Write("\n"u8);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case double: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }
}
