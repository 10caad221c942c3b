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
