using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Abstractions;

/// <summary>
/// Named tensors a regularizer keeps per layer between steps (power-iteration vectors, targets, initial norms).
/// The engine saves them in checkpoints and restores them on resume; the state owns its tensors.
/// </summary>
public sealed class LayerState : IDisposable
{
    private readonly SortedDictionary<string, Tensor> tensors = new(StringComparer.Ordinal);

    /// <summary>Names of the stored tensors, in ordinal order (the order checkpoints use).</summary>
    public IEnumerable<string> Names => tensors.Keys;

    /// <summary>Number of stored tensors.</summary>
    public int Count => tensors.Count;

    /// <summary>Returns the tensor stored under <paramref name="name"/>, or null.</summary>
    public Tensor? Get(string name) => tensors.TryGetValue(name, out var tensor) ? tensor : null;

    /// <summary>Stores <paramref name="value"/> detached and owned by the state (no dispose scope frees it), disposing what it replaces.</summary>
    public void Set(string name, Tensor value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var kept = value.detach().DetachFromDisposeScope();
        if (tensors.Remove(name, out var old) && !ReferenceEquals(old, kept)) old.Dispose();
        tensors[name] = kept;
    }

    /// <summary>Overwrites the stored tensor's values in place with <paramref name="value"/>, or stores a copy if absent or shaped differently.</summary>
    public void CopyFrom(string name, Tensor value)
    {
        using var noGrad = torch.no_grad();
        if (Get(name) is { } existing && existing.shape.SequenceEqual(value.shape) && existing.dtype == value.dtype)
            existing.copy_(value);
        else
            Set(name, value.clone());
    }

    /// <summary>Removes and disposes the tensor stored under <paramref name="name"/>.</summary>
    public bool Remove(string name)
    {
        if (!tensors.Remove(name, out var old)) return false;
        old.Dispose();
        return true;
    }

    /// <summary>Disposes every stored tensor.</summary>
    public void Dispose()
    {
        foreach (var tensor in tensors.Values) tensor.Dispose();
        tensors.Clear();
    }
}
