using Npgsql;

namespace RegBench.Results.Tests;

public sealed class StoreLocationTests
{
    [Fact]
    public void A_postgres_uri_becomes_a_connection_string_and_a_display_without_the_password()
    {
        var location = StoreLocation.Parse("postgres://alice:s%40cret@db.example:6543/bench?schema=study1");

        var connection = new NpgsqlConnectionStringBuilder(location.Postgres!.ConnectionString);
        Assert.Equal(("db.example", 6543, "bench", "alice", "s@cret", "study1"),
            (connection.Host, connection.Port, connection.Database, connection.Username, connection.Password, connection.SearchPath));
        Assert.Equal("postgres://alice:***@db.example:6543/bench?schema=study1", location.Display);
        Assert.True(location.IsShared);
    }

    [Fact]
    public void A_postgresql_uri_without_a_port_uses_5432()
    {
        Assert.Equal(5432, new NpgsqlConnectionStringBuilder(StoreLocation.Parse("postgresql://u@h/db").Postgres!.ConnectionString).Port);
    }

    [Fact]
    public void A_plain_path_is_a_sqlite_file_made_absolute()
    {
        var location = StoreLocation.Parse("shards/a.db");

        Assert.Equal((Path.GetFullPath("shards/a.db"), (PostgresAddress?)null), (location.FilePath, location.Postgres));
    }

    [Fact]
    public void Without_store_the_results_folder_database_is_used_unless_REGBENCH_STORE_is_set()
    {
        var expected = Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? StoreLocation.Parse(fromEnvironment).Address
            : Path.GetFullPath("results/regbench.db");

        Assert.Equal(expected, StoreLocation.Resolve(null, "results").Address);
    }

    [Theory]
    [InlineData("postgres://u:p@host", "names no database")]
    [InlineData("postgres://u:p@host/db?schema=a-b", "not a plain identifier")]
    [InlineData("postgres://u:p@host/db?pool=3", "'pool' is not a supported parameter")]
    [InlineData("mysql://u:p@host/db", "has a scheme regbench does not know")]
    public void A_bad_address_says_what_is_wrong_without_echoing_the_password(string address, string reason)
    {
        var error = Assert.Throws<StoreAddressException>(() => StoreLocation.Parse(address));

        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain("u:p@", error.Message);
    }

    [Fact]
    public void An_unreachable_server_is_an_unavailable_store_naming_it()
    {
        var error = Assert.Throws<StoreUnavailableException>(() => StoreLocation.Parse("postgres://u:pw@127.0.0.1:1/db").Open());

        Assert.Contains("postgres://u:***@127.0.0.1:1/db", error.Message);
    }
}
