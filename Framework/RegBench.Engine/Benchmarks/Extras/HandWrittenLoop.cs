using System.Diagnostics;
using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Engine.Benchmarks;

/// <summary>
/// The training epoch a TorchSharp user writes by hand, on a model RegBench built: shuffle, gather each batch with
/// <c>index_select</c> (or take it from batches made before the clock), forward, cross-entropy, backward, Adam, one loss
/// read per step, device-side accuracy; then the test split in chunks of 1000, as <see cref="Training.Trainer.RunEpoch"/> does.
/// </summary>
internal sealed class HandWrittenLoop : IDisposable
{
    private const int EvaluationChunk = 1000;
    private readonly nn.Module<Tensor, Tensor> model;
    private readonly optim.Optimizer optimizer;
    private readonly DatasetSplits data;
    private readonly int batchSize;
    private readonly Generator shuffle;
    private readonly List<(Tensor Images, Tensor Labels)> batches = [];

    /// <summary>A loop over <paramref name="data"/> training <paramref name="model"/> with Adam at <paramref name="learningRate"/>; with <paramref name="preBatched"/> every batch is made here, once.</summary>
    public HandWrittenLoop(nn.Module<Tensor, Tensor> model, DatasetSplits data, int batchSize, double learningRate, long seed, bool preBatched)
    {
        this.model = model;
        this.data = data;
        this.batchSize = batchSize;
        optimizer = optim.Adam(model.parameters(), learningRate);
        shuffle = new Generator((ulong)seed);
        if (!preBatched) return;
        using var scope = NewDisposeScope();
        var order = randperm(data.TrainCount, generator: shuffle);
        for (long start = 0; start < data.TrainCount; start += batchSize)
        {
            var index = order.narrow(0, start, Math.Min(batchSize, data.TrainCount - start));
            batches.Add((data.TrainImages.index_select(0, index).DetachFromDisposeScope(), data.TrainLabels.index_select(0, index).DetachFromDisposeScope()));
        }
    }

    /// <summary>One epoch, training and test evaluation; wall seconds.</summary>
    public double RunEpoch(CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        model.train();
        var count = data.TrainCount;
        using var correct = zeros(1, ScalarType.Int64);
        using var order = batches.Count > 0 ? null : randperm(count, generator: shuffle);
        double lossSum = 0;
        for (long start = 0, step = 0; start < count; start += batchSize, step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (x, y) = order is null ? batches[(int)step] : Gather(order.narrow(0, start, Math.Min(batchSize, count - start)));
            optimizer.zero_grad();
            var logits = model.forward(x);
            var loss = nn.functional.cross_entropy(logits, y);
            loss.backward();
            optimizer.step();
            lossSum += loss.item<float>() * y.shape[0];
            using (no_grad()) correct.add_(logits.argmax(1).eq(y).sum());
        }
        _ = correct.item<long>();
        Evaluate();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Frees the optimizer, the generator and the batches made in advance (the model belongs to the caller).</summary>
    public void Dispose()
    {
        optimizer.Dispose();
        shuffle.Dispose();
        foreach (var (images, labels) in batches)
        {
            images.Dispose();
            labels.Dispose();
        }
    }

    private (Tensor, Tensor) Gather(Tensor index) => (data.TrainImages.index_select(0, index), data.TrainLabels.index_select(0, index));

    private void Evaluate()
    {
        model.eval();
        using var noGrad = no_grad();
        for (long start = 0; start < data.TestCount; start += EvaluationChunk)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(EvaluationChunk, data.TestCount - start);
            var logits = model.forward(data.TestImages.narrow(0, start, length));
            var y = data.TestLabels.narrow(0, start, length);
            _ = nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            _ = logits.argmax(1).eq(y).sum().item<long>();
        }
        model.train();
    }
}
