namespace RegBench.Engine.Torch;

/// <summary>The machine cannot run RegBench as asked (native library, data files); exit code 3.</summary>
public sealed class EnvironmentException(string message) : Exception(message);
