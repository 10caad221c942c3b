using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RegBench.Results;

/// <summary>The default store: one SQLite file in WAL mode (readers never block the writer), schema in <see cref="SqliteSchema"/>.</summary>
public sealed class SqliteResultStore : SqlResultStore
{
    private readonly SqliteConnection sqlite;

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> and migrates it.</summary>
    public SqliteResultStore(string path) : this(Open(System.IO.Path.GetFullPath(path)))
    {
    }

    private SqliteResultStore(SqliteConnection connection) : base(connection)
    {
        sqlite = connection;
        Path = connection.DataSource;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Description => Path;

    /// <inheritdoc />
    protected override string NextCellSequenceSql => "(SELECT COALESCE(MAX(created_seq), 0) + 1 FROM cells)";

    /// <inheritdoc />
    protected override string ClaimLockSql => "";

    /// <inheritdoc />
    public override CellSummary? GetCell(string cellId) =>
        base.GetCell(cellId) ?? (Scalar("SELECT cell_id FROM cell_aliases WHERE old_id = @old;", ("@old", cellId)) is string id ? base.GetCell(id) : null);

    /// <inheritdoc />
    public override bool RekeyCell(string oldId, CellRecord cell)
    {
        using var transaction = sqlite.BeginTransaction();
        var moved = Run(transaction,
            """
            INSERT INTO cells(cell_id, profile, dataset, architecture, regularizer, seed, batch_size, epochs, options_json, status,
                dataset_used, attempt, run_id, worker, heartbeat_utc, started_utc, finished_utc, error, created_seq, gap_threshold, device)
            SELECT @new, profile, dataset, architecture, regularizer, seed, batch_size, epochs, @options, status,
                dataset_used, attempt, run_id, worker, heartbeat_utc, started_utc, finished_utc, error, created_seq, gap_threshold, device
            FROM cells WHERE cell_id = @old AND NOT EXISTS (SELECT 1 FROM cells WHERE cell_id = @new);
            """,
            ("@old", oldId), ("@new", cell.CellId), ("@options", cell.OptionsJson));
        if (moved != 1) return false;
        Run(transaction,
            """
            UPDATE epochs SET cell_id = @new WHERE cell_id = @old;
            UPDATE layers SET cell_id = @new WHERE cell_id = @old;
            UPDATE events SET cell_id = @new WHERE cell_id = @old;
            DELETE FROM cells WHERE cell_id = @old;
            INSERT OR REPLACE INTO cell_aliases(old_id, cell_id, rekeyed_utc) VALUES (@old, @new, @now);
            """,
            ("@old", oldId), ("@new", cell.CellId), ("@now", Iso(DateTimeOffset.UtcNow)));
        transaction.Commit();
        return true;
    }

    private int Run(SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = sqlite.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = sqlite.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command.ExecuteScalar();
    }


    /// <summary>BEGIN IMMEDIATE: the claim holds SQLite's write lock from its first read, so two claimers serialize.</summary>
    protected override DbTransaction BeginClaimTransaction() => sqlite.BeginTransaction(deferred: false);

    private static SqliteConnection Open(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";
            command.ExecuteNonQuery();
        }
        SqliteSchema.Migrate(connection);
        return connection;
    }
}
