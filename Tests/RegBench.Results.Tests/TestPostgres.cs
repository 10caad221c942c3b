using Npgsql;
using RegBench.Results;

namespace RegBench.Results.Tests;

/// <summary>
/// A fresh schema on the REGBENCH_TEST_POSTGRES server for one test (tables of different tests never meet), dropped
/// when disposed. Its <see cref="Address"/> is a --store URI with ?schema=NAME.
/// </summary>
public sealed class TestPostgres : IDisposable
{
    /// <summary>Creates the schema name; the store creates the schema itself on first open.</summary>
    public TestPostgres()
    {
        var server = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)
            ?? throw new InvalidOperationException($"{PostgresFactAttribute.Variable} is not set; mark the test [PostgresFact].");
        Schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        Address = server + (server.Contains('?') ? "&" : "?") + "schema=" + Schema;
    }

    /// <summary>The schema this test's tables live in.</summary>
    public string Schema { get; }

    /// <summary>The --store URI of this test's store.</summary>
    public string Address { get; }

    /// <summary>Runs <paramref name="sql"/> in the test's schema and returns the rows as column → value maps.</summary>
    public List<Dictionary<string, object?>> Query(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresAddress.Parse(Address).ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        return rows;
    }

    /// <summary>Drops the schema and everything in it.</summary>
    public void Dispose()
    {
        using var connection = new NpgsqlConnection(PostgresAddress.Parse(Address).ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE;", connection);
        command.ExecuteNonQuery();
    }
}
