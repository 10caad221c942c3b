using Microsoft.Data.Sqlite;

namespace RegBench.Cli.Tests;

/// <summary>Reads a results database the way a user's script would: plain SQL on the documented columns.</summary>
public static class ResultsDatabase
{
    /// <summary>Rows of <paramref name="sql"/> as column-name → value dictionaries.</summary>
    public static List<Dictionary<string, object?>> Query(string databasePath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        return rows;
    }
}
