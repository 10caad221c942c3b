namespace RegBench.Testing;

/// <summary>A plugin broke a contract or a declared invariant; the message names the plugin, the case and the measured value.</summary>
public sealed class ContractViolationException(string message) : Exception(message);
