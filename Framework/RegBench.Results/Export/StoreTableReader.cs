using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RegBench.Results.Export;

/// <summary>
/// Reads one results table straight from a store file, read-only (the store is neither migrated nor locked for writing).
/// Columns are the table's own, in schema order, less the internal `created_seq`; rows in a stable order (cells in
/// matrix order, epochs by cell and epoch, layers by cell, epoch and layer). For epochs, every key of `extra_json`
/// also becomes a column `extra.KEY` (sorted; the union over rows; null where a row lacks it).
/// </summary>
public static class StoreTableReader
{
    private const string ExtraPrefix = "extra.";
    private static readonly HashSet<string> InternalColumns = ["created_seq"];

    /// <summary>The rows of <paramref name="table"/> in the store at <paramref name="databasePath"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    /// <exception cref="InvalidDataException">The file is not a RegBench results store.</exception>
    public static StoreTable Read(string databasePath, ExportTable table)
    {
        if (!File.Exists(databasePath))
            throw new FileNotFoundException($"no results store at {databasePath}; run `regbench run` first or pass --results DIR / --store FILE.", databasePath);
        var name = table.ToString().ToLowerInvariant();
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            var columns = Columns(connection, name);
            if (columns.Count == 0)
                throw new InvalidDataException($"{databasePath} has no '{name}' table; it is not a RegBench results store.");
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {string.Join(", ", columns)} FROM {name} ORDER BY {OrderOf(table)};";
            using var reader = command.ExecuteReader();
            var rows = new List<object?[]>();
            while (reader.Read())
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
            var result = new StoreTable(name, columns, rows);
            return table == ExportTable.Epochs && columns.Contains("extra_json") ? WithExtraColumns(result, databasePath) : result;
        }
        catch (SqliteException error)
        {
            throw new InvalidDataException($"{databasePath} could not be read as a results store: {error.Message}", error);
        }
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid;";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
            if (!InternalColumns.Contains(reader.GetString(0))) columns.Add(reader.GetString(0));
        return columns;
    }

    private static string OrderOf(ExportTable table) => table switch
    {
        ExportTable.Cells => "created_seq, cell_id",
        ExportTable.Epochs => "cell_id, epoch",
        _ => "cell_id, epoch, layer",
    };

    private static StoreTable WithExtraColumns(StoreTable table, string databasePath)
    {
        var extraIndex = table.Columns.ToList().IndexOf("extra_json");
        var parsed = table.Rows.Select((row, i) => Flatten(row[extraIndex] as string, databasePath, i)).ToList();
        var keys = parsed.SelectMany(p => p.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = table.Rows.Select((row, i) =>
            (object?[])[.. row, .. keys.Select(k => parsed[i].GetValueOrDefault(k))]).ToList();
        return table with { Columns = [.. table.Columns, .. keys.Select(k => ExtraPrefix + k)], Rows = rows };
    }

    private static Dictionary<string, object?> Flatten(string? json, string databasePath, int row)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return [];
            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value));
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{databasePath}: epochs row {row + 1} has malformed extra_json ({error.Message}).", error);
        }
    }

    private static object? Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => element.GetRawText(),
    };
}
