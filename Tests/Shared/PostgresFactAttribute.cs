namespace RegBench.Tests.Shared;

/// <summary>
/// A fact that needs a PostgreSQL server, named by REGBENCH_TEST_POSTGRES (postgres://USER:PASSWORD@127.0.0.1:PORT/DB);
/// skipped with the reason when the variable is unset. .ci/run always sets it (build/start-test-postgres.sh).
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>The environment variable holding the test server's URI.</summary>
    public const string Variable = "REGBENCH_TEST_POSTGRES";

    /// <summary>Why PostgreSQL tests are skipped here, or null when a server is configured.</summary>
    public static string? SkipReason => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable))
        ? $"{Variable} is not set: no PostgreSQL server for the tests. Start one with eval \"$(build/start-test-postgres.sh)\" (.ci/run does)."
        : null;

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no server is configured.</summary>
    public PostgresFactAttribute()
    {
        if (SkipReason is { } reason) Skip = reason;
    }
}
