using Microsoft.Data.Sqlite;

namespace RegBench.Results.Tests;

/// <summary>The store contract on a SQLite file per test.</summary>
public sealed class SqliteResultStoreContractTests : ResultStoreContract
{
    private readonly TempDirectory folder = new();

    /// <inheritdoc />
    protected override IResultStore OpenConnection() => new SqliteResultStore(folder.File("regbench.db"));

    /// <inheritdoc />
    protected override void WriteSchemaVersion(int version)
    {
        using var connection = new SqliteConnection($"Data Source={folder.File("regbench.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA user_version = {version};";
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        folder.Dispose();
    }
}
