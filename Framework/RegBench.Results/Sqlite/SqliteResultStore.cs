using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;

namespace RegBench.Results;

/// <summary>The default store: one SQLite file in WAL mode (readers never block the writer), schema in <see cref="SqliteSchema"/>.</summary>
public sealed class SqliteResultStore : IResultStore
{
    // Named literals (NaN, Infinity) round-trip in extra_json/spectrum_json instead of failing the epoch's commit.
    private static readonly JsonSerializerOptions JsonNumbers = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private readonly SqliteConnection connection;
    private readonly SqliteWriterLock? writerLock;

    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="path"/> and migrates it; with <paramref name="exclusiveWriter"/>
    /// it first takes the store's <see cref="SqliteWriterLock"/> (runs do; readers do not). A file that is not a usable
    /// RegBench database (garbage, corrupt, newer schema, read-only or full disk) is a <see cref="ResultStoreException"/>,
    /// and a newer or unreadable database is left exactly as it was.
    /// </summary>
    public SqliteResultStore(string path, bool exclusiveWriter = false)
    {
        Path = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            writerLock = exclusiveWriter ? SqliteWriterLock.Acquire(Path) : null;
            connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
            connection.Open();
            SqliteSchema.RefuseNewer(connection, Path); // reads only: nothing is written to a database this build cannot handle
            Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;");
            SqliteSchema.Migrate(connection);
        }
        catch (Exception error) when (error is SqliteException or IOException or UnauthorizedAccessException)
        {
            connection?.Dispose();
            writerLock?.Dispose();
            throw new ResultStoreException(
                $"results database {Path} cannot be opened: {SqliteErrors.Describe(error)} {SqliteErrors.Fix(error)}", error);
        }
        catch
        {
            connection?.Dispose();
            writerLock?.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public void BeginRun(RunRecord run) => Execute(
        "INSERT INTO runs(run_id, started_utc, machine, command, profile) VALUES ($id, $t, $m, $c, $p);",
        ("$id", run.RunId), ("$t", Iso(run.StartedUtc)), ("$m", run.Machine), ("$c", run.Command), ("$p", run.Profile));

    /// <inheritdoc />
    public void RegisterCell(CellRecord cell) => Register(null, cell);

    /// <summary>Registers every cell in one transaction (one disk sync instead of one per cell: 100,000 cells take seconds, not minutes).</summary>
    public void RegisterCells(IEnumerable<CellRecord> cells)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var cell in cells) Register(transaction, cell);
        transaction.Commit();
    }

    private void Register(SqliteTransaction? transaction, CellRecord cell) => Execute(transaction,
        """
        INSERT INTO cells(cell_id, profile, dataset, architecture, regularizer, seed, batch_size, epochs, options_json, gap_threshold, created_seq)
        VALUES ($id, $profile, $dataset, $arch, $reg, $seed, $batch, $epochs, $options, $gap, (SELECT COALESCE(MAX(created_seq), 0) + 1 FROM cells))
        ON CONFLICT(cell_id) DO UPDATE SET gap_threshold = excluded.gap_threshold;
        """,
        ("$id", cell.CellId), ("$profile", cell.Profile), ("$dataset", cell.Dataset), ("$arch", cell.Architecture),
        ("$reg", cell.Regularizer), ("$seed", cell.Seed), ("$batch", cell.BatchSize), ("$epochs", cell.Epochs),
        ("$options", cell.OptionsJson), ("$gap", cell.GapThreshold));

    /// <inheritdoc />
    public CellSummary? GetCell(string cellId) => QueryCells("WHERE cell_id = $id", ("$id", cellId)).SingleOrDefault();

    /// <inheritdoc />
    public IReadOnlyList<CellSummary> ReadCells(string? profile = null) => profile is null
        ? QueryCells("")
        : QueryCells("WHERE profile = $p", ("$p", profile));

    /// <inheritdoc />
    public void StartAttempt(string cellId, string runId, string worker, string datasetUsed) =>
        ResumeAttempt(cellId, runId, worker, datasetUsed, fromEpoch: 0);

    /// <inheritdoc />
    public void ResumeAttempt(string cellId, string runId, string worker, string datasetUsed, int fromEpoch)
    {
        using var transaction = connection.BeginTransaction();
        Execute(transaction, "DELETE FROM layers WHERE cell_id = $id AND epoch > $from; DELETE FROM epochs WHERE cell_id = $id AND epoch > $from;",
            ("$id", cellId), ("$from", fromEpoch));
        var now = Iso(DateTimeOffset.UtcNow);
        var changed = Execute(transaction,
            """
            UPDATE cells SET status = 'running', attempt = attempt + 1, run_id = $run, worker = $worker,
                dataset_used = $used, heartbeat_utc = $now, started_utc = $now, finished_utc = NULL, error = NULL
            WHERE cell_id = $id;
            """,
            ("$id", cellId), ("$run", runId), ("$worker", worker), ("$used", datasetUsed), ("$now", now));
        if (changed != 1) throw new InvalidOperationException($"Cell {cellId} is not registered in {Path}.");
        transaction.Commit();
    }

    /// <inheritdoc />
    public void CommitEpoch(EpochRecord epoch, IReadOnlyList<LayerRecord> layers)
    {
        using var transaction = connection.BeginTransaction();
        Execute(transaction,
            """
            INSERT OR REPLACE INTO epochs(cell_id, epoch, train_loss, train_acc, test_loss, test_acc, lr,
                step_ms_median, step_ms_p90, epoch_seconds, extra_json, sensitivity)
            VALUES ($id, $e, $trl, $tra, $tel, $tea, $lr, $med, $p90, $sec, $extra, $sens);
            UPDATE cells SET heartbeat_utc = $now WHERE cell_id = $id;
            """,
            ("$id", epoch.CellId), ("$e", epoch.Epoch), ("$trl", epoch.TrainLoss), ("$tra", epoch.TrainAccuracy),
            ("$tel", epoch.TestLoss), ("$tea", epoch.TestAccuracy), ("$lr", epoch.LearningRate),
            ("$med", epoch.StepMillisecondsMedian), ("$p90", epoch.StepMillisecondsP90), ("$sec", epoch.EpochSeconds),
            ("$extra", JsonSerializer.Serialize(epoch.Extra, JsonNumbers)), ("$sens", epoch.Sensitivity), ("$now", Iso(DateTimeOffset.UtcNow)));
        foreach (var layer in layers)
            Execute(transaction,
                """
                INSERT OR REPLACE INTO layers(cell_id, epoch, layer, kind, rows, cols, sigma_max, frobenius,
                    stable_rank, effective_rank, numerical_rank, spectrum_json, nuclear, sigma_max_operator)
                VALUES ($id, $e, $layer, $kind, $rows, $cols, $s, $f, $sr, $er, $nr, $spectrum, $nuc, $op);
                """,
                ("$id", layer.CellId), ("$e", layer.Epoch), ("$layer", layer.Layer), ("$kind", layer.Kind),
                ("$rows", layer.Rows), ("$cols", layer.Columns), ("$s", layer.SigmaMax), ("$f", layer.Frobenius),
                ("$sr", layer.StableRank), ("$er", layer.EffectiveRank), ("$nr", layer.NumericalRank),
                ("$spectrum", layer.Spectrum is null ? null : JsonSerializer.Serialize(layer.Spectrum, JsonNumbers)),
                ("$nuc", layer.Nuclear), ("$op", layer.SigmaMaxOperator));
        FaultPoint.Reach(FaultPoint.StoreCommit);
        transaction.Commit();
    }

    /// <inheritdoc />
    public void Finish(string cellId, CellStatus status, string? error = null) => Execute(
        "UPDATE cells SET status = $s, error = $err, finished_utc = $now WHERE cell_id = $id;",
        ("$id", cellId), ("$s", StatusText(status)), ("$err", error), ("$now", Iso(DateTimeOffset.UtcNow)));

    /// <inheritdoc />
    public void LogEvent(string? cellId, string level, string message) => Execute(
        "INSERT INTO events(time_utc, cell_id, level, message) VALUES ($t, $c, $l, $m);",
        ("$t", Iso(DateTimeOffset.UtcNow)), ("$c", cellId), ("$l", level), ("$m", message));

    /// <inheritdoc />
    public IReadOnlyList<EpochRecord> ReadEpochs(string? cellId = null)
    {
        using var command = Command(
            "SELECT cell_id, epoch, train_loss, train_acc, test_loss, test_acc, lr, step_ms_median, step_ms_p90, epoch_seconds, extra_json, sensitivity " +
            "FROM epochs " + (cellId is null ? "" : "WHERE cell_id = $id ") + "ORDER BY cell_id, epoch;", ("$id", cellId));
        using var reader = command.ExecuteReader();
        var rows = new List<EpochRecord>();
        while (reader.Read())
            rows.Add(ReadRow("epochs", reader, () => new EpochRecord(reader.GetString(0), reader.GetInt32(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8),
                reader.GetDouble(9))
            {
                Extra = JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(10), JsonNumbers) ?? [],
                Sensitivity = reader.IsDBNull(11) ? null : reader.GetDouble(11),
            }));
        return rows;
    }

    /// <inheritdoc />
    public IReadOnlyList<LayerRecord> ReadLayers(string? cellId = null)
    {
        using var command = Command(
            "SELECT cell_id, epoch, layer, kind, rows, cols, sigma_max, frobenius, stable_rank, effective_rank, numerical_rank, spectrum_json, nuclear, sigma_max_operator " +
            "FROM layers " + (cellId is null ? "" : "WHERE cell_id = $id ") + "ORDER BY cell_id, epoch, layer;", ("$id", cellId));
        using var reader = command.ExecuteReader();
        var rows = new List<LayerRecord>();
        while (reader.Read())
            rows.Add(ReadRow("layers", reader, () => new LayerRecord(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8),
                reader.GetDouble(9), reader.GetInt32(10))
            {
                Spectrum = reader.IsDBNull(11) ? null : JsonSerializer.Deserialize<double[]>(reader.GetString(11), JsonNumbers),
                Nuclear = reader.IsDBNull(12) ? null : reader.GetDouble(12),
                SigmaMaxOperator = reader.IsDBNull(13) ? null : reader.GetDouble(13),
            }));
        return rows;
    }

    /// <summary>Closes the connection (the WAL is checkpointed by SQLite on close) and releases the writer lock.</summary>
    public void Dispose()
    {
        connection.Dispose();
        writerLock?.Dispose();
    }

    /// <summary>The stored text of a status ("pending", "running", "done", "failed", "diverged").</summary>
    public static string StatusText(CellStatus status) => status.ToString().ToLowerInvariant();

    private IReadOnlyList<CellSummary> QueryCells(string where, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(
            "SELECT cell_id, profile, dataset, architecture, regularizer, seed, batch_size, epochs, options_json, " +
            $"status, dataset_used, attempt, error, gap_threshold FROM cells {where} ORDER BY created_seq;", parameters);
        using var reader = command.ExecuteReader();
        var cells = new List<CellSummary>();
        while (reader.Read())
            cells.Add(ReadRow("cells", reader, () => new CellSummary(
                new CellRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), reader.GetInt64(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetString(8))
                { GapThreshold = reader.IsDBNull(13) ? null : reader.GetDouble(13) },
                Enum.Parse<CellStatus>(reader.GetString(9), ignoreCase: true),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.GetInt32(11),
                reader.IsDBNull(12) ? null : reader.GetString(12))));
        return cells;
    }

    /// <summary>Decodes one row; a value this build cannot read (bad JSON, unknown status, wrong type) names the table, cell and value.</summary>
    private T ReadRow<T>(string table, SqliteDataReader reader, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception error) when (error is JsonException or FormatException or InvalidCastException or ArgumentException or OverflowException)
        {
            var cell = reader.IsDBNull(0) ? "NULL" : reader.GetValue(0);
            throw new ResultStoreException(
                $"results database {Path}: a row of table '{table}' (cell_id {cell}) cannot be read: {error.Message} " +
                "It was written by another program or an older regbench; fix or delete that row (sqlite3), or use another --results folder.", error);
        }
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters) => Execute(null, sql, parameters);

    private int Execute(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.Transaction = transaction;
        return command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            if (sql.Contains(name, StringComparison.Ordinal)) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
