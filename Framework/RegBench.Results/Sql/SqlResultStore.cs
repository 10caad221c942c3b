using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RegBench.Results;

/// <summary>
/// The store logic both backends share: one SQL text per operation over ADO.NET with `@name` parameters. A backend
/// opens and migrates its connection and supplies the few statements its dialect spells differently.
/// </summary>
public abstract partial class SqlResultStore : IResultStore
{
    private readonly DbConnection connection;

    /// <summary>Wraps an open, migrated <paramref name="connection"/>.</summary>
    protected SqlResultStore(DbConnection connection) => this.connection = connection;

    // Named literals (NaN, Infinity) round-trip in extra_json/spectrum_json instead of failing the epoch's commit.
    private static readonly JsonSerializerOptions JsonNumbers = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <summary>The SQL expression that numbers a newly registered cell (matrix order, unique under concurrent writers).</summary>
    protected abstract string NextCellSequenceSql { get; }

    /// <summary>What follows the claim sub-select so concurrent claimers skip each other's row (PostgreSQL: FOR UPDATE SKIP LOCKED).</summary>
    protected abstract string ClaimLockSql { get; }

    /// <inheritdoc />
    public void BeginRun(RunRecord run) => Execute(
        "INSERT INTO runs(run_id, started_utc, machine, command, profile) VALUES (@id, @t, @m, @c, @p);",
        ("@id", run.RunId), ("@t", Iso(run.StartedUtc)), ("@m", run.Machine), ("@c", run.Command), ("@p", run.Profile));

    /// <inheritdoc />
    public IReadOnlyList<RunRecord> ReadRuns()
    {
        using var command = Command("SELECT run_id, started_utc, machine, command, profile FROM runs ORDER BY started_utc, run_id;");
        using var reader = command.ExecuteReader();
        var runs = new List<RunRecord>();
        while (reader.Read())
            runs.Add(new RunRecord(reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        return runs;
    }

    /// <inheritdoc />
    public void RegisterCell(CellRecord cell) => Register(null, cell);

    private void Register(DbTransaction? transaction, CellRecord cell) => Execute(transaction,
        $"""
        INSERT INTO cells(cell_id, profile, dataset, architecture, regularizer, seed, batch_size, epochs, options_json, gap_threshold, created_seq)
        VALUES (@id, @profile, @dataset, @arch, @reg, @seed, @batch, @epochs, @options, @gap, {NextCellSequenceSql})
        ON CONFLICT(cell_id) DO UPDATE SET gap_threshold = excluded.gap_threshold;
        """,
        ("@id", cell.CellId), ("@profile", cell.Profile), ("@dataset", cell.Dataset), ("@arch", cell.Architecture),
        ("@reg", cell.Regularizer), ("@seed", cell.Seed), ("@batch", cell.BatchSize), ("@epochs", cell.Epochs),
        ("@options", cell.OptionsJson), ("@gap", cell.GapThreshold));

    /// <inheritdoc />
    public CellSummary? GetCell(string cellId) =>
        QueryCells("WHERE cell_id = @id", ("@id", cellId)).SingleOrDefault() ??
        QueryCells("WHERE cell_id = (SELECT cell_id FROM cell_aliases WHERE old_id = @id)", ("@id", cellId)).SingleOrDefault();

    /// <inheritdoc />
    public bool RekeyCell(string oldId, CellRecord cell)
    {
        using var transaction = connection.BeginTransaction();
        var moved = Execute(transaction,
            """
            INSERT INTO cells(cell_id, profile, dataset, architecture, regularizer, seed, batch_size, epochs, options_json, status,
                dataset_used, attempt, run_id, worker, heartbeat_utc, started_utc, finished_utc, error, created_seq, gap_threshold, device)
            SELECT @new, profile, dataset, architecture, regularizer, seed, batch_size, epochs, @options, status,
                dataset_used, attempt, run_id, worker, heartbeat_utc, started_utc, finished_utc, error, created_seq, gap_threshold, device
            FROM cells WHERE cell_id = @old AND NOT EXISTS (SELECT 1 FROM cells WHERE cell_id = @new);
            """,
            ("@old", oldId), ("@new", cell.CellId), ("@options", cell.OptionsJson));
        if (moved != 1) return false;
        Execute(transaction,
            """
            UPDATE epochs SET cell_id = @new WHERE cell_id = @old;
            UPDATE layers SET cell_id = @new WHERE cell_id = @old;
            UPDATE events SET cell_id = @new WHERE cell_id = @old;
            DELETE FROM cells WHERE cell_id = @old;
            INSERT INTO cell_aliases(old_id, cell_id, rekeyed_utc) VALUES (@old, @new, @now)
            ON CONFLICT(old_id) DO UPDATE SET cell_id = excluded.cell_id, rekeyed_utc = excluded.rekeyed_utc;
            """,
            ("@old", oldId), ("@new", cell.CellId), ("@now", Iso(DateTimeOffset.UtcNow)));
        transaction.Commit();
        return true;
    }

    /// <inheritdoc />
    public IReadOnlyList<CellSummary> ReadCells(string? profile = null) => profile is null
        ? QueryCells("")
        : QueryCells("WHERE profile = @p", ("@p", profile));

    /// <inheritdoc />
    public void StartAttempt(string cellId, string runId, string worker, string datasetUsed) =>
        ResumeAttempt(cellId, runId, worker, datasetUsed, fromEpoch: 0);

    /// <inheritdoc />
    public void ResumeAttempt(string cellId, string runId, string worker, string datasetUsed, int fromEpoch, string? device = null)
    {
        using var transaction = connection.BeginTransaction();
        Execute(transaction, "DELETE FROM layers WHERE cell_id = @id AND epoch > @from;", ("@id", cellId), ("@from", fromEpoch));
        Execute(transaction, "DELETE FROM epochs WHERE cell_id = @id AND epoch > @from;", ("@id", cellId), ("@from", fromEpoch));
        var now = Iso(DateTimeOffset.UtcNow);
        var changed = Execute(transaction,
            """
            UPDATE cells SET status = 'running', attempt = attempt + 1, run_id = @run, worker = @worker, device = @device,
                dataset_used = @used, heartbeat_utc = @now, started_utc = @now, finished_utc = NULL, error = NULL
            WHERE cell_id = @id;
            """,
            ("@id", cellId), ("@run", runId), ("@worker", worker), ("@used", datasetUsed), ("@now", now), ("@device", device ?? "cpu"));
        if (changed != 1) throw new InvalidOperationException($"Cell {cellId} is not registered in {Description}.");
        transaction.Commit();
    }

    /// <inheritdoc />
    public CellSummary? ClaimCell(string? profile, string worker, string runId, DateTimeOffset staleBefore)
    {
        using var transaction = BeginClaimTransaction();
        using var command = Command(
            $"""
            UPDATE cells SET status = 'running', worker = @worker, run_id = @run, heartbeat_utc = @now
            WHERE cell_id = (SELECT cell_id FROM cells
                WHERE {(profile is null ? "" : "profile = @profile AND ")}(status = 'pending' OR (status = 'running' AND (heartbeat_utc IS NULL OR heartbeat_utc < @stale)))
                ORDER BY created_seq LIMIT 1{ClaimLockSql})
            RETURNING cell_id;
            """,
            ("@worker", worker), ("@run", runId), ("@now", Iso(DateTimeOffset.UtcNow)), ("@profile", profile), ("@stale", Iso(staleBefore)));
        command.Transaction = transaction;
        var claimed = command.ExecuteScalar() as string;
        transaction.Commit();
        return claimed is null ? null : GetCell(claimed);
    }

    /// <inheritdoc />
    public bool Heartbeat(string cellId, string worker) => Execute(
        "UPDATE cells SET heartbeat_utc = @now WHERE cell_id = @id AND worker = @worker AND status = 'running';",
        ("@id", cellId), ("@worker", worker), ("@now", Iso(DateTimeOffset.UtcNow))) == 1;

    /// <inheritdoc />
    public void Release(string cellId, string worker) => Execute(
        "UPDATE cells SET status = 'pending', heartbeat_utc = NULL WHERE cell_id = @id AND worker = @worker AND status = 'running';",
        ("@id", cellId), ("@worker", worker));

    /// <inheritdoc />
    public void CommitEpoch(EpochRecord epoch, IReadOnlyList<LayerRecord> layers)
    {
        using var transaction = connection.BeginTransaction();
        Execute(transaction, "DELETE FROM layers WHERE cell_id = @id AND epoch = @e;", ("@id", epoch.CellId), ("@e", epoch.Epoch));
        Execute(transaction, "DELETE FROM epochs WHERE cell_id = @id AND epoch = @e;", ("@id", epoch.CellId), ("@e", epoch.Epoch));
        Execute(transaction,
            """
            INSERT INTO epochs(cell_id, epoch, train_loss, train_acc, test_loss, test_acc, lr,
                step_ms_median, step_ms_p90, epoch_seconds, extra_json, sensitivity)
            VALUES (@id, @e, @trl, @tra, @tel, @tea, @lr, @med, @p90, @sec, @extra, @sens);
            """,
            ("@id", epoch.CellId), ("@e", epoch.Epoch), ("@trl", epoch.TrainLoss), ("@tra", epoch.TrainAccuracy),
            ("@tel", epoch.TestLoss), ("@tea", epoch.TestAccuracy), ("@lr", epoch.LearningRate),
            ("@med", epoch.StepMillisecondsMedian), ("@p90", epoch.StepMillisecondsP90), ("@sec", epoch.EpochSeconds),
            ("@extra", JsonSerializer.Serialize(epoch.Extra, JsonNumbers)), ("@sens", epoch.Sensitivity));
        Execute(transaction, "UPDATE cells SET heartbeat_utc = @now WHERE cell_id = @id;", ("@id", epoch.CellId), ("@now", Iso(DateTimeOffset.UtcNow)));
        foreach (var layer in layers)
            Execute(transaction,
                """
                INSERT INTO layers(cell_id, epoch, layer, kind, rows, cols, sigma_max, frobenius,
                    stable_rank, effective_rank, numerical_rank, spectrum_json, nuclear, sigma_max_operator)
                VALUES (@id, @e, @layer, @kind, @rows, @cols, @s, @f, @sr, @er, @nr, @spectrum, @nuc, @op);
                """,
                ("@id", layer.CellId), ("@e", layer.Epoch), ("@layer", layer.Layer), ("@kind", layer.Kind),
                ("@rows", layer.Rows), ("@cols", layer.Columns), ("@s", layer.SigmaMax), ("@f", layer.Frobenius),
                ("@sr", layer.StableRank), ("@er", layer.EffectiveRank), ("@nr", layer.NumericalRank),
                ("@spectrum", layer.Spectrum is null ? null : JsonSerializer.Serialize(layer.Spectrum, JsonNumbers)),
                ("@nuc", layer.Nuclear), ("@op", layer.SigmaMaxOperator));
        FaultPoint.Reach(FaultPoint.StoreCommit);
        transaction.Commit();
    }

    /// <inheritdoc />
    public void Finish(string cellId, CellStatus status, string? error = null) => Execute(
        "UPDATE cells SET status = @s, error = @err, finished_utc = @now WHERE cell_id = @id;",
        ("@id", cellId), ("@s", StatusText(status)), ("@err", error), ("@now", Iso(DateTimeOffset.UtcNow)));

    /// <inheritdoc />
    public void LogEvent(string? cellId, string level, string message) => Execute(
        "INSERT INTO events(time_utc, cell_id, level, message) VALUES (@t, @c, @l, @m);",
        ("@t", Iso(DateTimeOffset.UtcNow)), ("@c", cellId), ("@l", level), ("@m", message));

    /// <inheritdoc />
    public IReadOnlyList<EpochRecord> ReadEpochs(string? cellId = null)
    {
        using var command = Command(
            "SELECT cell_id, epoch, train_loss, train_acc, test_loss, test_acc, lr, step_ms_median, step_ms_p90, epoch_seconds, extra_json, sensitivity " +
            "FROM epochs " + (cellId is null ? "" : "WHERE cell_id = @id ") + "ORDER BY cell_id, epoch;", ("@id", cellId));
        using var reader = command.ExecuteReader();
        var rows = new List<EpochRecord>();
        while (reader.Read())
            rows.Add(ReadRow("epochs", reader, () => new EpochRecord(reader.GetString(0), Int(reader, 1), reader.GetDouble(2), reader.GetDouble(3),
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
            "FROM layers " + (cellId is null ? "" : "WHERE cell_id = @id ") + "ORDER BY cell_id, epoch, layer;", ("@id", cellId));
        using var reader = command.ExecuteReader();
        var rows = new List<LayerRecord>();
        while (reader.Read())
            rows.Add(ReadRow("layers", reader, () => new LayerRecord(reader.GetString(0), Int(reader, 1), reader.GetString(2), reader.GetString(3),
                Long(reader, 4), Long(reader, 5), reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8),
                reader.GetDouble(9), Int(reader, 10))
            {
                Spectrum = reader.IsDBNull(11) ? null : JsonSerializer.Deserialize<double[]>(reader.GetString(11), JsonNumbers),
                Nuclear = reader.IsDBNull(12) ? null : reader.GetDouble(12),
                SigmaMaxOperator = reader.IsDBNull(13) ? null : reader.GetDouble(13),
            }));
        return rows;
    }

    /// <summary>Registers every cell in one transaction (one disk sync instead of one per cell: 100,000 cells take seconds, not minutes).</summary>
    public void RegisterCells(IEnumerable<CellRecord> cells)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var cell in cells) Register(transaction, cell);
        transaction.Commit();
    }

    /// <summary>Releases what a subclass holds besides the connection (the SQLite writer lock); called once by Dispose.</summary>
    protected virtual void ReleaseResources()
    {
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        connection.Dispose();
        ReleaseResources();
        GC.SuppressFinalize(this);
    }

    /// <summary>The stored text of a status ("pending", "running", "done", "failed", "diverged").</summary>
    public static string StatusText(CellStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A transaction that holds the write lock from its first statement, for claiming (SQLite: BEGIN IMMEDIATE).</summary>
    protected virtual DbTransaction BeginClaimTransaction() => connection.BeginTransaction();

    /// <summary>A timestamp as stored: ISO 8601 UTC with 7 fractional digits, so text order is time order.</summary>
    protected static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private IReadOnlyList<CellSummary> QueryCells(string where, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(
            "SELECT cell_id, profile, dataset, architecture, regularizer, seed, batch_size, epochs, options_json, " +
            $"status, dataset_used, attempt, error, gap_threshold, worker, device FROM cells {where} ORDER BY created_seq;", parameters);
        using var reader = command.ExecuteReader();
        var cells = new List<CellSummary>();
        while (reader.Read())
            cells.Add(ReadRow("cells", reader, () => new CellSummary(
                new CellRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), Long(reader, 5), Int(reader, 6), Int(reader, 7), reader.GetString(8))
                { GapThreshold = reader.IsDBNull(13) ? null : reader.GetDouble(13) },
                Enum.Parse<CellStatus>(reader.GetString(9), ignoreCase: true),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                Int(reader, 11),
                reader.IsDBNull(12) ? null : reader.GetString(12))
            {
                Worker = reader.IsDBNull(14) ? null : reader.GetString(14),
                Device = reader.IsDBNull(15) ? null : reader.GetString(15),
            }));
        return cells;
    }

    /// <summary>Decodes one row; a value this build cannot read (bad JSON, unknown status, wrong type) names the table, cell and value.</summary>
    private T ReadRow<T>(string table, DbDataReader reader, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception error) when (error is JsonException or FormatException or InvalidCastException or ArgumentException or OverflowException)
        {
            var cell = reader.IsDBNull(0) ? "NULL" : reader.GetValue(0);
            throw new ResultStoreException(
                $"results database {Description}: a row of table '{table}' (cell_id {cell}) cannot be read: {error.Message} " +
                "It was written by another program or an older regbench; fix or delete that row, or use another store.", error);
        }
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters) => Execute(null, sql, parameters);

    private int Execute(DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.Transaction = transaction;
        return command.ExecuteNonQuery();
    }

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var used = ParameterName().Matches(sql).Select(m => m.Value).ToHashSet();
        foreach (var (name, value) in parameters)
        {
            if (!used.Contains(name)) continue;
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static int Int(DbDataReader reader, int ordinal) => Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static long Long(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"@\w+")]
    private static partial Regex ParameterName();
}
