namespace RegBench.Results;

/// <summary>A --store or REGBENCH_STORE value that names no usable store (a usage error, exit 2).</summary>
public sealed class StoreAddressException(string message) : Exception(message);

/// <summary>A store that exists on paper but cannot be reached or opened now, such as a PostgreSQL server that is down (exit 3).</summary>
public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
