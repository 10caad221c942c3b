using static TorchSharp.torch;

namespace RegBench.Spectral;

/// <summary>
/// The vectors an estimator keeps between calls (u: operator output shape, v: input shape), unit norm.
/// Store it per layer and save <see cref="U"/>/<see cref="V"/> in checkpoints; estimators update the tensors in place
/// once they exist, so references handed out stay current.
/// </summary>
/// <remarks>The state owns its tensors (also those passed to the constructor) and disposes them in <see cref="Dispose"/>.</remarks>
public sealed class PowerIterationState : IDisposable
{
    /// <summary>An empty state: the first run cold-starts and allocates the vectors.</summary>
    public PowerIterationState()
    {
    }

    /// <summary>A state adopting saved vectors (e.g. from a checkpoint); they are detached from any dispose scope.</summary>
    public PowerIterationState(Tensor u, Tensor v)
    {
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(v);
        U = u.DetachFromDisposeScope();
        V = v.DetachFromDisposeScope();
    }

    /// <summary>A state adopting saved vectors and a saved block basis (<see cref="Basis"/>, or null), e.g. from a checkpoint.</summary>
    public PowerIterationState(Tensor u, Tensor v, Tensor? basis)
        : this(u, v)
    {
        Basis = basis?.DetachFromDisposeScope();
    }

    /// <summary>Left vector u (operator output shape), or null before the first run.</summary>
    public Tensor? U { get; private set; }

    /// <summary>Right vector v (operator input shape), or null before the first run.</summary>
    public Tensor? V { get; private set; }

    /// <summary>
    /// Block estimators only (<see cref="SubspaceIteration"/>): orthonormal rows [block, input size] spanning the tracked
    /// top right singular subspace, row 0 the σ₁ estimate; null before the first block run. Save it with U and V.
    /// </summary>
    public Tensor? Basis { get; private set; }

    /// <summary>True when both vectors exist.</summary>
    public bool HasVectors => U is not null && V is not null;

    /// <summary>Writes <paramref name="u"/> and <paramref name="v"/> into the state (in place when the shapes and types fit).</summary>
    public void Store(Tensor u, Tensor v)
    {
        using var _ = no_grad();
        U = CopyOrReplace(U, u);
        V = CopyOrReplace(V, v);
    }

    /// <summary>Writes <paramref name="basis"/> into <see cref="Basis"/> (in place when the shape and type fit).</summary>
    public void StoreBasis(Tensor basis)
    {
        using var _ = no_grad();
        Basis = CopyOrReplace(Basis, basis);
    }

    /// <summary>Frees the vectors; the state is empty afterwards.</summary>
    public void Dispose()
    {
        U?.Dispose();
        V?.Dispose();
        Basis?.Dispose();
        U = null;
        V = null;
        Basis = null;
    }

    private static Tensor CopyOrReplace(Tensor? current, Tensor value)
    {
        if (current is not null && current.shape.SequenceEqual(value.shape) && current.dtype == value.dtype &&
            current.device.type == value.device.type && current.device.index == value.device.index)
        {
            current.copy_(value);
            return current;
        }
        current?.Dispose();
        return value.detach().clone().DetachFromDisposeScope();
    }
}
