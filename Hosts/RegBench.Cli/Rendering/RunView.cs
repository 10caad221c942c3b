using RegBench.Engine.Running;

namespace RegBench.Cli.Rendering;

/// <summary>Chooses how a run shows progress: the live view on a terminal, plain lines for logs and CI.</summary>
public static class RunView
{
    /// <summary>Runs <paramref name="body"/> with the progress view that suits the output.</summary>
    public static T Show<T>(ConsoleRunProgress plain, Func<IRunProgress, T> body) =>
        ConsoleMode.IsPlain ? body(plain) : LiveRunProgress.Show(body);
}
