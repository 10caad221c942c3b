using System.Net.Sockets;
using Npgsql;

namespace RegBench.Results;

/// <summary>
/// A results store many machines share: one PostgreSQL database (or one schema of it), the schema of
/// <see cref="PostgresSchema"/>; workers claim cells with SELECT … FOR UPDATE SKIP LOCKED.
/// </summary>
public sealed class PostgresResultStore : SqlResultStore
{
    /// <summary>Connects to <paramref name="address"/> and migrates its schema; throws <see cref="StoreUnavailableException"/> when the server cannot be reached.</summary>
    public PostgresResultStore(PostgresAddress address) : base(Connect(address))
    {
        Address = address;
    }

    /// <summary>Where the store is.</summary>
    public PostgresAddress Address { get; }

    /// <inheritdoc />
    public override string Description => Address.Display;

    /// <inheritdoc />
    protected override string NextCellSequenceSql => "nextval('cells_created_seq')";

    /// <inheritdoc />
    protected override string ClaimLockSql => " FOR UPDATE SKIP LOCKED";

    private static NpgsqlConnection Connect(PostgresAddress address)
    {
        var connection = new NpgsqlConnection(address.ConnectionString);
        try
        {
            connection.Open();
            if (address.Schema is { } schema)
                using (var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS \"{schema}\";", connection)) create.ExecuteNonQuery();
            PostgresSchema.Migrate(connection, address.Display);
            return connection;
        }
        catch (Exception error) when (error is NpgsqlException or SocketException or TimeoutException)
        {
            connection.Dispose();
            throw new StoreUnavailableException(
                $"cannot use the PostgreSQL store {address.Display}: {error.Message} (is the server running and reachable, are user, password and database right?)", error);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
