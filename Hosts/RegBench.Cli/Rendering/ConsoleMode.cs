namespace RegBench.Cli.Rendering;

/// <summary>Whether output goes to a person at a terminal or to a log: plain when redirected or CI=true/1.</summary>
public static class ConsoleMode
{
    /// <summary>True when output must be plain lines with no control characters.</summary>
    public static bool IsPlain => Console.IsOutputRedirected || Environment.GetEnvironmentVariable("CI") is "true" or "1";
}
