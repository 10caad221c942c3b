using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RegBench.Results;

/// <summary>The default store: one SQLite file in WAL mode (readers never block the writer), schema in <see cref="SqliteSchema"/>.</summary>
public sealed class SqliteResultStore : SqlResultStore
{
    private readonly SqliteConnection sqlite;
    private readonly SqliteWriterLock? writerLock;

    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="path"/> and migrates it; with <paramref name="exclusiveWriter"/>
    /// it first takes the store's <see cref="SqliteWriterLock"/> (runs do; readers do not). A file that is not a usable
    /// RegBench database (garbage, corrupt, newer schema, read-only or full disk) is a <see cref="ResultStoreException"/>,
    /// and a newer or unreadable database is left exactly as it was.
    /// </summary>
    public SqliteResultStore(string path, bool exclusiveWriter = false) : this(OpenLocked(System.IO.Path.GetFullPath(path), exclusiveWriter))
    {
    }

    private SqliteResultStore((SqliteConnection Connection, SqliteWriterLock? Lock) opened) : base(opened.Connection)
    {
        sqlite = opened.Connection;
        writerLock = opened.Lock;
        Path = opened.Connection.DataSource;
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

    /// <inheritdoc />
    protected override void ReleaseResources() => writerLock?.Dispose();

    private static (SqliteConnection, SqliteWriterLock?) OpenLocked(string path, bool exclusiveWriter)
    {
        SqliteWriterLock? writerLock = null;
        SqliteConnection? connection = null;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            writerLock = exclusiveWriter ? SqliteWriterLock.Acquire(path) : null;
            connection = Open(path);
            return (connection, writerLock);
        }
        catch (Exception error) when (error is SqliteException or IOException or UnauthorizedAccessException)
        {
            connection?.Dispose();
            writerLock?.Dispose();
            throw new ResultStoreException($"results database {path} cannot be opened: {SqliteErrors.Describe(error)} {SqliteErrors.Fix(error)}", error);
        }
        catch
        {
            connection?.Dispose();
            writerLock?.Dispose();
            throw;
        }
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            SqliteSchema.RefuseNewer(connection, path); // reads only: nothing is written to a database this build cannot handle
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";
                command.ExecuteNonQuery();
            }
            SqliteSchema.Migrate(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
