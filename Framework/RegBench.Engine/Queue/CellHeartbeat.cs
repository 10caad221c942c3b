using RegBench.Results;

namespace RegBench.Engine.Queue;

/// <summary>
/// Beats for one claimed cell on its own store connection (connections are not shared across threads) every
/// interval; when the store says the cell is no longer this worker's (reclaimed after a stall), cancels
/// <see cref="Lost"/> so training stops at the next step. A store that is briefly unreachable is retried.
/// </summary>
public sealed class CellHeartbeat : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource lost = new();
    private readonly Thread thread;

    /// <summary>Starts beating for <paramref name="cellId"/> held by <paramref name="worker"/> in the store at <paramref name="location"/>.</summary>
    public CellHeartbeat(StoreLocation location, string cellId, string worker, TimeSpan interval, Action<string> warn)
    {
        thread = new Thread(() => Beat(location, cellId, worker, interval, warn)) { IsBackground = true, Name = $"heartbeat {cellId}" };
        thread.Start();
    }

    /// <summary>Cancelled when another worker has taken the cell over.</summary>
    public CancellationToken Lost => lost.Token;

    private void Beat(StoreLocation location, string cellId, string worker, TimeSpan interval, Action<string> warn)
    {
        IResultStore? store = null;
        try
        {
            while (!stop.Token.WaitHandle.WaitOne(interval))
            {
                try
                {
                    store ??= location.Open();
                    if (store.Heartbeat(cellId, worker)) continue;
                    warn($"cell {cellId} is no longer held by {worker} (another worker reclaimed it after missed heartbeats); stopping it here.");
                    lost.Cancel();
                    return;
                }
                catch (Exception error) when (error is not OutOfMemoryException)
                {
                    warn($"heartbeat for cell {cellId} failed ({error.Message}); retrying.");
                    store?.Dispose();
                    store = null;
                }
            }
        }
        finally
        {
            store?.Dispose();
        }
    }

    /// <summary>Stops beating and waits for the beat thread.</summary>
    public void Dispose()
    {
        stop.Cancel();
        thread.Join();
        stop.Dispose();
        lost.Dispose();
    }
}
