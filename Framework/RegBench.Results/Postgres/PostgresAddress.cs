using System.Text.RegularExpressions;
using Npgsql;

namespace RegBench.Results;

/// <summary>
/// A PostgreSQL store address, `postgres://user:password@host:port/database[?schema=NAME&amp;sslmode=MODE]`
/// (or `postgresql://`): the connection string it stands for and a display form without the password.
/// </summary>
public sealed partial record PostgresAddress(string ConnectionString, string Display, string? Schema)
{
    /// <summary>True when <paramref name="text"/> is meant as a PostgreSQL address (its scheme).</summary>
    public static bool Matches(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <paramref name="text"/>; throws <see cref="StoreAddressException"/> saying what is wrong and the expected form.</summary>
    public static PostgresAddress Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !Matches(text) || uri.Host.Length == 0)
            throw Invalid(text, "it is not a URI with a host");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/')) throw Invalid(text, "it names no database (the path after host:port)");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
            Timeout = 15,
        };
        var credentials = uri.UserInfo.Split(':', 2);
        if (credentials[0].Length > 0) builder.Username = Uri.UnescapeDataString(credentials[0]);
        if (credentials.Length == 2) builder.Password = Uri.UnescapeDataString(credentials[1]);
        string? schema = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var value = parts.Length == 2 ? Uri.UnescapeDataString(parts[1]) : "";
            switch (parts[0])
            {
                case "schema" when SchemaName().IsMatch(value):
                    schema = value;
                    builder.SearchPath = value;
                    break;
                case "schema":
                    throw Invalid(text, $"schema '{value}' is not a plain identifier (letters, digits, _; not starting with a digit)");
                case "sslmode" when Enum.TryParse<SslMode>(value, ignoreCase: true, out var mode):
                    builder.SslMode = mode;
                    break;
                default:
                    throw Invalid(text, $"'{parts[0]}' is not a supported parameter (schema=NAME, sslmode=disable|prefer|require|verify-ca|verify-full)");
            }
        }
        var user = builder.Username is { } name ? Uri.EscapeDataString(name) + (builder.Password is null ? "" : ":***") + "@" : "";
        var display = $"postgres://{user}{uri.Host}:{builder.Port}/{database}{(schema is null ? "" : "?schema=" + schema)}";
        return new PostgresAddress(builder.ConnectionString, display, schema);
    }

    /// <inheritdoc />
    public override string ToString() => Display;

    private static StoreAddressException Invalid(string text, string reason) => new(
        $"--store '{Redact(text)}' is not a usable PostgreSQL address: {reason}. Expected postgres://USER:PASSWORD@HOST:PORT/DATABASE[?schema=NAME].");

    private static string Redact(string text) => PasswordPart().Replace(text, "$1:***@");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SchemaName();

    [GeneratedRegex("^(postgres(?:ql)?://[^:/@]*):[^@]*@", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPart();
}
