namespace RegBench.Results;

/// <summary>One invocation of `regbench run`: when, where, what.</summary>
public sealed record RunRecord(string RunId, DateTimeOffset StartedUtc, string Machine, string Command, string Profile);
