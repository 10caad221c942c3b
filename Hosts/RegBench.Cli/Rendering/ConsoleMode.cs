using Spectre.Console;

namespace RegBench.Cli.Rendering;

/// <summary>Whether output goes to a person at a terminal or to a log: plain when redirected or CI=true/1.</summary>
public static class ConsoleMode
{
    /// <summary>True when output must be plain lines with no control characters.</summary>
    public static bool IsPlain => Console.IsOutputRedirected || Environment.GetEnvironmentVariable("CI") is "true" or "1";

    /// <summary>
    /// A Spectre console on standard output for tables: colours and a rounded border at a terminal; plain, ASCII-safe and 240
    /// columns wide otherwise (logs have no width: Spectre would assume 80 and wrap every label).
    /// </summary>
    public static IAnsiConsole TableConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = IsPlain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = IsPlain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (IsPlain) console.Profile.Width = 240;
        return console;
    }

    /// <summary>The table border for this mode: ASCII when plain, rounded at a terminal.</summary>
    public static TableBorder Border => IsPlain ? TableBorder.Ascii : TableBorder.Rounded;
}
