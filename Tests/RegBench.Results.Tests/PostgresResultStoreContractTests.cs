using Microsoft.Data.Sqlite;

namespace RegBench.Results.Tests;

/// <summary>The store contract on a real PostgreSQL server (REGBENCH_TEST_POSTGRES), one schema per test.</summary>
public sealed class PostgresResultStoreContractTests : ResultStoreContract
{
    private readonly Lazy<TestPostgres> database = new(() => new TestPostgres());

    /// <summary>Why these tests are skipped here, or null (read by <see cref="BackendFactDiscoverer"/>).</summary>
    public static string? SkipReason => PostgresFactAttribute.SkipReason;

    /// <inheritdoc />
    protected override IResultStore OpenConnection() => StoreLocation.Parse(database.Value.Address).Open();

    /// <inheritdoc />
    protected override void WriteSchemaVersion(int version) => database.Value.Query($"UPDATE regbench_schema SET version = {version} RETURNING version;");

    [PostgresFact]
    public void Its_tables_and_columns_are_the_sqlite_schemas()
    {
        using var folder = new TempDirectory();
        new SqliteResultStore(folder.File("r.db")).Dispose();
        OpenConnection().Dispose();
        using var sqlite = new SqliteConnection($"Data Source={folder.File("r.db")};Pooling=False");
        sqlite.Open();
        using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%';";
        using var reader = command.ExecuteReader();
        var sqliteColumns = new SortedSet<string>(StringComparer.Ordinal);
        while (reader.Read()) sqliteColumns.Add(reader.GetString(0));

        var postgresColumns = new SortedSet<string>(database.Value.Query(
            $"SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = '{database.Value.Schema}' AND table_name <> 'regbench_schema';")
            .Select(r => (string)r["c"]!), StringComparer.Ordinal);
        Assert.Equal(sqliteColumns, postgresColumns);
        Assert.Equal(SqliteSchema.Migrations.Count, PostgresSchema.Migrations.Count);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        if (database.IsValueCreated) database.Value.Dispose();
    }
}
