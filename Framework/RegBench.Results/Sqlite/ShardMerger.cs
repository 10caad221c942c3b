using Microsoft.Data.Sqlite;

namespace RegBench.Results;

/// <summary>
/// `regbench merge`: combines SQLite shard stores (one per Slurm array task) into one new store. Each cell appears
/// once; when shards disagree about a cell the more complete copy wins (done, then more stored epochs, then a final
/// status, then the earlier input) with its epochs, layers and attempt, and the merge says which copy it kept.
/// </summary>
public static class ShardMerger
{
    /// <summary>A cell found in more than one input, and which copy was kept.</summary>
    public sealed record Duplicate(string CellId, string Kept, string Dropped, string KeptState, string DroppedState)
    {
        /// <summary>One line for the console.</summary>
        public override string ToString() => $"cell {CellId}: kept {Kept} ({KeptState}), dropped {Dropped} ({DroppedState})";
    }

    /// <summary>What a merge wrote.</summary>
    public sealed record Result(string Output, int Cells, int Epochs, IReadOnlyList<Duplicate> Duplicates);

    private sealed record Copy(int Input, string Status, long Epochs)
    {
        public (bool Done, long Epochs, bool Final, int Earlier) Rank => (Status == "done", Epochs, Status is "failed" or "diverged", -Input);

        public string State => $"{Status}, {Epochs} epoch{(Epochs == 1 ? "" : "s")}";
    }

    /// <summary>Writes the union of <paramref name="inputs"/> into the new store <paramref name="output"/>; throws <see cref="StoreAddressException"/> for a missing input or an existing output.</summary>
    public static Result Merge(string output, IReadOnlyList<string> inputs)
    {
        output = Path.GetFullPath(output);
        var sources = inputs.Select(Path.GetFullPath).ToList();
        if (sources.Count == 0) throw new StoreAddressException("merge needs at least one input store: regbench merge OUT.db A.db B.db …");
        if (File.Exists(output)) throw new StoreAddressException($"{output} already exists; merge writes a new store, so name a file that does not exist yet.");
        foreach (var source in sources)
        {
            if (!File.Exists(source)) throw new StoreAddressException($"{source} does not exist; name the shard stores written by `regbench run --store`.");
            if (source == output) throw new StoreAddressException($"{source} is both an input and the output.");
            new SqliteResultStore(source).Dispose(); // brings an older shard to the current schema
        }
        new SqliteResultStore(output).Dispose();

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = output, Pooling = false }.ToString());
        connection.Open();
        var copies = new Dictionary<string, List<Copy>>();
        for (var i = 0; i < sources.Count; i++)
        {
            Execute(connection, $"ATTACH DATABASE {Quote(sources[i])} AS src;");
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT c.cell_id, c.status, (SELECT COUNT(*) FROM src.epochs e WHERE e.cell_id = c.cell_id) FROM src.cells c;";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    if (!copies.TryGetValue(reader.GetString(0), out var list)) copies[reader.GetString(0)] = list = [];
                    list.Add(new Copy(i, reader.GetString(1), reader.GetInt64(2)));
                }
            }
            Execute(connection, "DETACH DATABASE src;");
        }
        var winners = copies.ToDictionary(c => c.Key, c => c.Value.MaxBy(copy => copy.Rank)!);
        var duplicates = copies.Where(c => c.Value.Count > 1).SelectMany(c => c.Value.Where(copy => copy != winners[c.Key])
            .Select(dropped => new Duplicate(c.Key, sources[winners[c.Key].Input], sources[dropped.Input], winners[c.Key].State, dropped.State))).ToList();

        try
        {
            CopyWinners(connection, sources, winners, duplicates);
        }
        catch
        {
            connection.Dispose();
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { output, output + "-wal", output + "-shm" }) File.Delete(file);
            throw;
        }
        var epochs = Convert.ToInt32(Scalar(connection, "SELECT COUNT(*) FROM epochs;"), System.Globalization.CultureInfo.InvariantCulture);
        return new Result(output, winners.Count, epochs, duplicates);
    }

    // SQLite cannot ATTACH inside a transaction: one transaction per input; a failure deletes the new output instead.
    private static void CopyWinners(SqliteConnection connection, List<string> sources, Dictionary<string, Copy> winners, List<Duplicate> duplicates)
    {
        var cellColumns = string.Join(", ", Columns(connection, "cells").Where(c => c != "created_seq"));
        var epochColumns = string.Join(", ", Columns(connection, "epochs"));
        var layerColumns = string.Join(", ", Columns(connection, "layers"));
        Execute(connection, "CREATE TEMP TABLE keep (cell_id TEXT PRIMARY KEY);");
        for (var i = 0; i < sources.Count; i++)
        {
            Execute(connection, $"ATTACH DATABASE {Quote(sources[i])} AS src;");
            using (var transaction = connection.BeginTransaction())
            {
                Execute(connection, transaction, "DELETE FROM temp.keep;");
                foreach (var cell in winners.Where(w => w.Value.Input == i).Select(w => w.Key))
                    Execute(connection, transaction, "INSERT INTO temp.keep(cell_id) VALUES ($id);", ("$id", cell));
                Execute(connection, transaction, $"""
                    INSERT OR IGNORE INTO runs SELECT * FROM src.runs;
                    INSERT INTO cells({cellColumns}, created_seq)
                        SELECT {cellColumns}, created_seq + (SELECT COALESCE(MAX(created_seq), 0) FROM main.cells)
                        FROM src.cells WHERE cell_id IN (SELECT cell_id FROM temp.keep);
                    INSERT INTO epochs({epochColumns}) SELECT {epochColumns} FROM src.epochs WHERE cell_id IN (SELECT cell_id FROM temp.keep);
                    INSERT INTO layers({layerColumns}) SELECT {layerColumns} FROM src.layers WHERE cell_id IN (SELECT cell_id FROM temp.keep);
                    INSERT INTO events(time_utc, cell_id, level, message) SELECT time_utc, cell_id, level, message FROM src.events ORDER BY event_id;
                    """);
                transaction.Commit();
            }
            Execute(connection, "DETACH DATABASE src;");
        }
        foreach (var duplicate in duplicates)
            Execute(connection, "INSERT INTO events(time_utc, cell_id, level, message) VALUES ($t, $c, 'info', $m);",
                ("$t", DateTimeOffset.UtcNow.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)), ("$c", duplicate.CellId),
                ("$m", $"merge: {duplicate}"));
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid;";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read()) columns.Add(reader.GetString(0));
        return columns;
    }

    private static string Quote(string path) => "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Execute(connection, null, sql, parameters);

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }
}
