using Microsoft.Data.Sqlite;

namespace RegBench.Results;

/// <summary>
/// Versioned schema of the SQLite store. Migration i takes the database from version i to i+1 (PRAGMA user_version);
/// all pending migrations run in one transaction at open. Append migrations; never edit a shipped one, and add the same
/// step to <see cref="PostgresSchema"/> (the contract tests compare the two schemas column by column).
/// </summary>
public static class SqliteSchema
{
    /// <summary>The migrations, in order. The schema version equals the number applied.</summary>
    public static IReadOnlyList<string> Migrations { get; } =
    [
        """
        CREATE TABLE runs (
            run_id      TEXT PRIMARY KEY,
            started_utc TEXT NOT NULL,
            machine     TEXT NOT NULL,
            command     TEXT NOT NULL,
            profile     TEXT NOT NULL
        );
        CREATE TABLE cells (
            cell_id       TEXT PRIMARY KEY,
            profile       TEXT NOT NULL,
            dataset       TEXT NOT NULL,
            architecture  TEXT NOT NULL,
            regularizer   TEXT NOT NULL,
            seed          INTEGER NOT NULL,
            batch_size    INTEGER NOT NULL,
            epochs        INTEGER NOT NULL,
            options_json  TEXT NOT NULL,
            status        TEXT NOT NULL DEFAULT 'pending',
            dataset_used  TEXT,
            attempt       INTEGER NOT NULL DEFAULT 0,
            run_id        TEXT,
            worker        TEXT,
            heartbeat_utc TEXT,
            started_utc   TEXT,
            finished_utc  TEXT,
            error         TEXT,
            created_seq   INTEGER NOT NULL
        );
        CREATE TABLE epochs (
            cell_id        TEXT NOT NULL REFERENCES cells(cell_id),
            epoch          INTEGER NOT NULL,
            train_loss     REAL NOT NULL,
            train_acc      REAL NOT NULL,
            test_loss      REAL NOT NULL,
            test_acc       REAL NOT NULL,
            lr             REAL NOT NULL,
            step_ms_median REAL NOT NULL,
            step_ms_p90    REAL NOT NULL,
            epoch_seconds  REAL NOT NULL,
            extra_json     TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (cell_id, epoch)
        );
        CREATE TABLE layers (
            cell_id        TEXT NOT NULL REFERENCES cells(cell_id),
            epoch          INTEGER NOT NULL,
            layer          TEXT NOT NULL,
            kind           TEXT NOT NULL,
            rows           INTEGER NOT NULL,
            cols           INTEGER NOT NULL,
            sigma_max      REAL NOT NULL,
            frobenius      REAL NOT NULL,
            stable_rank    REAL NOT NULL,
            effective_rank REAL NOT NULL,
            numerical_rank INTEGER NOT NULL,
            spectrum_json  TEXT,
            PRIMARY KEY (cell_id, epoch, layer)
        );
        CREATE TABLE events (
            event_id INTEGER PRIMARY KEY AUTOINCREMENT,
            time_utc TEXT NOT NULL,
            cell_id  TEXT,
            level    TEXT NOT NULL,
            message  TEXT NOT NULL
        );
        CREATE INDEX cells_profile ON cells(profile, status);
        """,
        """
        ALTER TABLE epochs ADD COLUMN sensitivity REAL;
        ALTER TABLE layers ADD COLUMN nuclear REAL;
        ALTER TABLE layers ADD COLUMN sigma_max_operator REAL;
        """,
        """
        ALTER TABLE cells ADD COLUMN gap_threshold REAL;
        """,
        """
        ALTER TABLE cells ADD COLUMN device TEXT;
        CREATE INDEX cells_queue ON cells(status, created_seq);
        """,
        """
        -- Cell id rule 2 (Abstractions 2): ids hash each plugin's options bound with every default filled, plus the
        -- plugin's manifest version; rule 1 hashed the options as written. Rows stored under rule 1 are kept as they are.
        -- `regbench run` and `regbench resume` re-key such a cell when they meet it: its cells, epochs, layers and events
        -- rows and its checkpoint folder move to the new id, and the old id is recorded here, so a lookup by the old id
        -- still finds the cell. Cells no run meets keep their rule-1 ids.
        CREATE TABLE cell_aliases (
            old_id      TEXT PRIMARY KEY,
            cell_id     TEXT NOT NULL,
            rekeyed_utc TEXT NOT NULL
        );
        """,
    ];

    /// <summary>Reads the schema version only (no write) and refuses a database newer than this build knows.</summary>
    /// <exception cref="ResultStoreException">The database's schema version is newer than <see cref="Migrations"/>.</exception>
    public static void RefuseNewer(SqliteConnection connection, string path)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Migrations.Count)
            throw new ResultStoreException(
                $"results database {path} has schema version {version}, newer than this regbench supports ({Migrations.Count}); it was left untouched. " +
                "Upgrade regbench, or use another --results folder.");
    }

    /// <summary>Brings the database to the latest version; refuses a database newer than this build knows.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Migrations.Count)
            throw new ResultStoreException(
                $"The results database has schema version {version}, newer than this regbench supports ({Migrations.Count}). Upgrade regbench or use another --results directory.");
        if (version == Migrations.Count) return;
        using var transaction = connection.BeginTransaction();
        for (var i = version; i < Migrations.Count; i++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[i] + $"\nPRAGMA user_version = {i + 1};";
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
