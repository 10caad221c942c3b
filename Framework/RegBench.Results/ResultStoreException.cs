namespace RegBench.Results;

/// <summary>
/// The results store cannot be used as asked: it does not open (not a database, corrupt, newer schema, read-only or full
/// disk), another run holds it, or a row cannot be read. The message names the file (and row), what was found and how to
/// fix it; the CLI exits 3.
/// </summary>
public sealed class ResultStoreException(string message, Exception? inner = null) : Exception(message, inner);
