using Microsoft.Data.Sqlite;

namespace RegBench.Results;

/// <summary>What SQLite and file-system errors mean for a results database, in words a user can act on.</summary>
public static class SqliteErrors
{
    private const int ReadOnly = 8, IoError = 10, Corrupt = 11, Full = 13, CannotOpen = 14, NotADatabase = 26;
    private const int NoSpace = 28, ReadOnlyFileSystem = 30, QuotaExceeded = 122, InputOutput = 5; // errno values in IOException.HResult on Linux

    /// <summary>True for errors of the machine rather than of regbench or the data: full disk, read-only or unreadable file, I/O failure.</summary>
    public static bool IsEnvironmental(Exception error) => error switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is ReadOnly or IoError or Corrupt or Full or CannotOpen or NotADatabase,
        UnauthorizedAccessException => true,
        IOException io => io.HResult is NoSpace or ReadOnlyFileSystem or QuotaExceeded or InputOutput,
        _ => error.InnerException is { } inner && IsEnvironmental(inner),
    };

    /// <summary>The error in words: SQLite's message with its code, or the file system's.</summary>
    public static string Describe(Exception error) => error is SqliteException sqlite
        ? $"{sqlite.Message.TrimEnd('.')} (SQLite error {sqlite.SqliteErrorCode})."
        : error.Message.EndsWith('.') ? error.Message : error.Message + ".";

    /// <summary>How to fix it.</summary>
    public static string Fix(Exception error) => error switch
    {
        SqliteException { SqliteErrorCode: Full } => "The disk is full: free space, then `regbench resume` continues from the last stored epoch.",
        SqliteException { SqliteErrorCode: ReadOnly or CannotOpen } or UnauthorizedAccessException =>
            "Check that the folder exists and is writable (not a read-only mount), or pass another --results folder.",
        SqliteException { SqliteErrorCode: Corrupt or NotADatabase } =>
            "The file is not an intact SQLite database; it was left untouched. Restore it from a copy, or pass another --results folder.",
        IOException { HResult: NoSpace or QuotaExceeded } =>
            "The disk is full: free space, then `regbench resume` continues from the last stored epoch.",
        IOException { HResult: ReadOnlyFileSystem } =>
            "The results folder is on a read-only file system: remount it writable or pass another --results folder.",
        _ => "Check the disk and the folder's permissions, or pass another --results folder.",
    };
}
