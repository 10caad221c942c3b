using System.Globalization;

namespace RegBench.Results;

/// <summary>
/// One writing run per SQLite store: an exclusive lock on <c>regbench.db.lock</c> beside the database, held while the run
/// lives (the kernel drops it when the process dies, even by SIGKILL). A second `run`/`resume` on the same file is refused
/// naming the holder (from <c>regbench.db.lock-holder</c>), so two processes never train one cell. SQLite-specific: a PostgreSQL store coordinates by claiming cells.
/// </summary>
public sealed class SqliteWriterLock : IDisposable
{
    private readonly FileStream file;

    private SqliteWriterLock(FileStream file) => this.file = file;

    /// <summary>Takes the lock of <paramref name="databasePath"/>, or throws <see cref="ResultStoreException"/> naming the run that holds it.</summary>
    public static SqliteWriterLock Acquire(string databasePath)
    {
        var path = databasePath + ".lock";
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix; another process's open then fails at once.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // The holder is described in a file of its own: the locked file cannot be opened by others, even to read.
            File.WriteAllText(path + "-holder", $"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture)}");
            return new SqliteWriterLock(stream);
        }
        catch (IOException error) when (File.Exists(path) && error is not DirectoryNotFoundException)
        {
            throw new ResultStoreException(
                $"{databasePath} is in use by another regbench run ({Holder(path)}; lock file {path}). Two runs on one SQLite store would train " +
                "the same cells twice: wait for that run to finish (or stop it; `regbench resume` continues its cells), or give this run another --results folder.", error);
        }
    }

    /// <summary>Releases the lock (the lock file stays; it is reused).</summary>
    public void Dispose() => file.Dispose();

    private static string Holder(string path)
    {
        try
        {
            return File.ReadAllText(path + "-holder") is { Length: > 0 } text ? text : "holder unknown";
        }
        catch (IOException)
        {
            return "holder unknown";
        }
    }
}
