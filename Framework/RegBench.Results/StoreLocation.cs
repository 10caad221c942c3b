namespace RegBench.Results;

/// <summary>
/// Which results store a command uses: `--store` (a SQLite file or a postgres:// URI), else the REGBENCH_STORE
/// environment variable, else RESULTS/regbench.db.
/// </summary>
public sealed record StoreLocation
{
    /// <summary>The environment variable read when --store is not given.</summary>
    public const string EnvironmentVariable = "REGBENCH_STORE";

    private StoreLocation(string address, string? filePath, PostgresAddress? postgres)
    {
        Address = address;
        FilePath = filePath;
        Postgres = postgres;
    }

    /// <summary>The address as given (absolute for files); reopens the same store. May hold a password: show <see cref="Display"/>.</summary>
    public string Address { get; }

    /// <summary>The SQLite file, or null for PostgreSQL.</summary>
    public string? FilePath { get; }

    /// <summary>The PostgreSQL address, or null for a SQLite file.</summary>
    public PostgresAddress? Postgres { get; }

    /// <summary>The location for messages: the file path, or the URI without its password.</summary>
    public string Display => Postgres?.Display ?? FilePath!;

    /// <summary>True for a server store, which many machines can share.</summary>
    public bool IsShared => Postgres is not null;

    /// <summary>--store, else $REGBENCH_STORE, else <paramref name="resultsDirectory"/>/regbench.db.</summary>
    public static StoreLocation Resolve(string? store, string resultsDirectory) =>
        Parse(store ?? NonEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable)) ?? Path.Combine(resultsDirectory, "regbench.db"));

    /// <summary>A postgres:// or postgresql:// URI, else a SQLite file path (made absolute).</summary>
    public static StoreLocation Parse(string address)
    {
        if (PostgresAddress.Matches(address)) return new StoreLocation(address, null, PostgresAddress.Parse(address));
        if (address.Contains("://", StringComparison.Ordinal))
            throw new StoreAddressException($"--store '{System.Text.RegularExpressions.Regex.Replace(address, "://([^:/@]*):[^@]*@", "://$1:***@")}' has a scheme regbench does not know; give a SQLite file path or postgres://USER:PASSWORD@HOST:PORT/DATABASE.");
        var path = Path.GetFullPath(address);
        return new StoreLocation(path, path, null);
    }

    /// <summary>True when there is something to read: a PostgreSQL server is assumed, a file must exist.</summary>
    public bool Exists => Postgres is not null || File.Exists(FilePath);

    /// <summary>Opens (creating and migrating if needed) the store.</summary>
    public IResultStore Open() => Postgres is { } server ? new PostgresResultStore(server) : new SqliteResultStore(FilePath!);

    /// <inheritdoc />
    public override string ToString() => Display;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
