using RegBench.Engine;
using RegBench.Engine.Experiments;
using RegBench.Engine.Plugins;
using RegBench.Engine.Torch;
using RegBench.Results;

namespace RegBench.Cli.Commands;

/// <summary>Turns the errors a user can act on into one message on stderr and the documented exit code.</summary>
public static class CommandErrors
{
    /// <summary>Runs <paramref name="body"/>; configuration, plugin and store-address errors exit 2; environment errors (torch, an unreachable or unusable store) 3.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ConfigurationException error)
        {
            return Report(error.Message, ExitCodes.Usage);
        }
        catch (PluginLoadException error)
        {
            return Report($"error: {error.Message}", ExitCodes.Usage);
        }
        catch (EnvironmentException error)
        {
            return Report($"error: {error.Message}", ExitCodes.Environment);
        }
        catch (ResultStoreException error)
        {
            return Report($"error: {error.Message}", ExitCodes.Environment);
        }
        catch (Microsoft.Data.Sqlite.SqliteException error)
        {
            return Report($"error: results database: {SqliteErrors.Describe(error)} {SqliteErrors.Fix(error)}", ExitCodes.Environment);
        }
        catch (StoreAddressException error)
        {
            return Report($"error: {error.Message}", ExitCodes.Usage);
        }
        catch (StoreUnavailableException error)
        {
            return Report($"error: {error.Message}", ExitCodes.Environment);
        }
    }

    private static int Report(string message, int exitCode)
    {
        Console.Error.WriteLine(message);
        return exitCode;
    }
}
