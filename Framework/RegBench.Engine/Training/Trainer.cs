using System.Diagnostics;
using RegBench.Abstractions;
using RegBench.Engine.Experiments;
using RegBench.Engine.Torch;
using RegBench.Experiments;
using RegBench.Layers;
using RegBench.Results;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Training;

/// <summary>
/// The training loop of one cell, the four phases of docs/architecture.md:
/// loss (or the loss transform) → backward → gradient hooks → optimizer step → the regularizer's own parameter update → weight projections.
/// The host reads one value per step (the loss, to stop on divergence and for the running mean); everything else stays on the device.
/// The dataset stays on the CPU: each batch is selected (and augmented) there and moved to the model's device (<see cref="DevicePlacement"/>).
/// </summary>
public sealed class Trainer : IDisposable
{
    private const int EvaluationChunk = 1000;
    private readonly nn.Module<Tensor, Tensor> model;
    private readonly IReadOnlyList<RegularizedLayer> layers;
    private readonly IRegularizer regularizer;
    private readonly DatasetSplits data;
    private readonly CellSpec cell;
    private readonly TorchSharp.Modules.OptimizerHelper optimizer;
    private readonly Generator shuffle;
    private readonly IGradientHook? gradientHook;
    private readonly IWeightProjection? projection;
    private readonly IParameterUpdate? parameterUpdate;
    private readonly IReadOnlyList<TorchSharp.Modules.Parameter> ownedParameters;
    private readonly ILossTransform? lossTransform;
    private readonly DevicePlacement placement;

    /// <summary>
    /// Prepares training of <paramref name="model"/> (already on <paramref name="placement"/>'s device, the CPU when null) on
    /// <paramref name="data"/> as <paramref name="cell"/> says; the optimizer's state is made beside the parameters.
    /// </summary>
    public Trainer(CellSpec cell, nn.Module<Tensor, Tensor> model, IReadOnlyList<RegularizedLayer> layers, IRegularizer regularizer, DatasetSplits data,
        DevicePlacement? placement = null)
    {
        this.placement = placement ?? DevicePlacement.Cpu;
        this.cell = cell;
        this.model = model;
        this.layers = layers;
        this.regularizer = regularizer;
        this.data = data;
        shuffle = new Generator((ulong)cell.Seed);
        parameterUpdate = regularizer as IParameterUpdate;
        ownedParameters = parameterUpdate?.OwnedParameters(layers) ?? [];
        var owned = ownedParameters.Select(p => p.Handle).ToHashSet();
        optimizer = CreateOptimizer(cell.Optimizer, model.parameters().Where(p => !owned.Contains(p.Handle)));
        gradientHook = regularizer as IGradientHook;
        projection = regularizer as IWeightProjection;
        lossTransform = regularizer as ILossTransform;
    }

    /// <summary>The device the model trains on.</summary>
    public DevicePlacement Placement => placement;

    /// <summary>The engine's optimizer (its state is checkpointed with <see cref="SaveState"/>).</summary>
    public TorchSharp.Modules.OptimizerHelper Optimizer => optimizer;

    /// <summary>The learning rate the optimizer uses now (set per epoch by the schedule).</summary>
    public double CurrentLearningRate => optimizer.ParamGroups.First().LearningRate;

    /// <summary>Trains one epoch (1-based) and evaluates on the test split, returning the epoch's row (without the per-epoch diagnostics); throws <see cref="DivergedException"/> on a NaN/Inf loss.</summary>
    public EpochRecord RunEpoch(int epoch, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var learningRate = LearningRateSchedule.At(cell.Schedule, cell.Optimizer.Lr, epoch, cell.Epochs);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
        model.train();
        var count = data.TrainCount;
        var steps = (int)((count + cell.BatchSize - 1) / cell.BatchSize);
        var stepMilliseconds = new double[steps];
        double lossSum = 0;
        using var order = randperm(count, generator: shuffle);
        using var correct = zeros(1, ScalarType.Int64, placement.Device);
        for (var step = 0; step < steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            var stepClock = Stopwatch.StartNew();
            using var scope = NewDisposeScope();
            var index = order.narrow(0, (long)step * cell.BatchSize, Math.Min(cell.BatchSize, count - (long)step * cell.BatchSize));
            var lossValue = Step(index, correct);
            if (!float.IsFinite(lossValue)) throw new DivergedException(epoch, step + 1, lossValue);
            lossSum += lossValue * index.shape[0];
            stepMilliseconds[step] = stepClock.Elapsed.TotalMilliseconds;
        }
        var trainAccuracy = correct.item<long>() / (double)count;
        var (testLoss, testAccuracy) = Evaluate(data.TestImages, data.TestLabels);
        Array.Sort(stepMilliseconds);
        return new EpochRecord(cell.CellId, epoch, lossSum / count, trainAccuracy, testLoss, testAccuracy, learningRate,
            Percentile(stepMilliseconds, 0.5), Percentile(stepMilliseconds, 0.9), clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// One training step on the training examples at <paramref name="index"/>, as <see cref="RunEpoch"/> runs each of its steps:
    /// loss (or the loss transform) → backward → gradient hook → optimizer step → parameter update → weight projection. Adds the clean batch's
    /// correct predictions to <paramref name="correct"/> (on the model's device) and returns the loss, the step's one host read.
    /// <paramref name="index"/> is on the CPU with the data; the batch is selected and augmented there, then moved to the model's device.
    /// The model must be in training mode; every tensor the step makes belongs to the caller's dispose scope.
    /// </summary>
    public float Step(Tensor index, Tensor correct)
    {
        var inputs = data.TrainImages.index_select(0, index);
        if (data.Augmentation is { } augmentation) inputs = augmentation.Apply(inputs, shuffle);
        inputs = placement.Batch(inputs);
        var labels = placement.Batch(data.TrainLabels.index_select(0, index));
        optimizer.zero_grad();
        foreach (var parameter in ownedParameters) parameter.grad?.zero_();
        Tensor? cleanLogits = null;
        Tensor Criterion(Tensor logits, Tensor y)
        {
            cleanLogits ??= logits; // the first call is on the clean batch (ILossTransform contract)
            return nn.functional.cross_entropy(logits, y);
        }
        var loss = lossTransform?.Loss(model, inputs, labels, Criterion) ?? Criterion(model.forward(inputs), labels);
        loss.backward();
        gradientHook?.AfterBackward(layers);
        optimizer.step();
        parameterUpdate?.Update(layers, CurrentLearningRate);
        LayerSpectralState.WeightsChanged(layers); // σ estimates made before the step no longer describe the weights
        if (projection is not null)
        {
            projection.AfterStep(layers);
            LayerSpectralState.WeightsChanged(layers);
        }
        var lossValue = loss.item<float>();
        if (cleanLogits is not null && float.IsFinite(lossValue))
            using (no_grad()) correct.add_(cleanLogits.argmax(1).eq(labels).sum());
        return lossValue;
    }

    /// <summary>Mean cross-entropy and accuracy of the model (in eval mode, no grad) on the given examples.</summary>
    public (double Loss, double Accuracy) Evaluate(Tensor images, Tensor labels)
    {
        model.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long correct = 0;
        var count = labels.shape[0];
        for (long start = 0; start < count; start += EvaluationChunk)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(EvaluationChunk, count - start);
            var logits = model.forward(placement.Batch(images.narrow(0, start, length)));
            var y = placement.Batch(labels.narrow(0, start, length));
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(y).sum().item<long>();
        }
        model.train();
        return (lossSum / count, correct / (double)count);
    }

    /// <summary>
    /// Input-gradient sensitivity (Novak et al., as in the McGill report): the mean over the first
    /// <paramref name="limit"/> test examples of ‖∇ₓ L(f(x), y)‖₂, each example's gradient of its own loss.
    /// </summary>
    public double InputGradientSensitivity(Tensor images, Tensor labels, int limit = 1000)
    {
        model.eval();
        var count = Math.Min(limit, labels.shape[0]);
        double normSum = 0;
        for (long start = 0; start < count; start += 250)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(250, count - start);
            var x = placement.Batch(images.narrow(0, start, length)).detach().requires_grad_(true);
            // Sum reduction: row i of the gradient is ∇ of example i's own loss.
            var loss = nn.functional.cross_entropy(model.forward(x), placement.Batch(labels.narrow(0, start, length)), reduction: nn.Reduction.Sum);
            var gradient = autograd.grad([loss], [x])[0];
            normSum += gradient.reshape(length, -1).pow(2).sum(1).sqrt().sum().item<float>();
        }
        model.train();
        return count == 0 ? 0 : normSum / count;
    }

    /// <summary>Disposes the optimizer and the shuffle generator.</summary>
    public void Dispose()
    {
        optimizer.Dispose();
        shuffle.Dispose();
    }

    /// <summary>Writes the optimizer state (e.g. Adam moments and step counts) and the data-order generator state.</summary>
    public void SaveState(BinaryWriter writer)
    {
        optimizer.save_state_dict(writer);
        using var shuffleState = shuffle.get_state();
        shuffleState.Save(writer);
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote, so the next epoch continues exactly.</summary>
    public void LoadState(BinaryReader reader)
    {
        optimizer.load_state_dict(reader);
        using var shuffleState = TensorExtensionMethods.Load(reader);
        shuffle.set_state(shuffleState);
    }

    private static TorchSharp.Modules.OptimizerHelper CreateOptimizer(OptimizerSettings settings, IEnumerable<TorchSharp.Modules.Parameter> parameters) => settings.Name switch
    {
        "sgd" => optim.SGD(parameters, settings.Lr, momentum: settings.Momentum, nesterov: settings.Nesterov, weight_decay: settings.WeightDecay),
        "adamw" => optim.AdamW(parameters, settings.Lr, weight_decay: settings.WeightDecay),
        "adam" => optim.Adam(parameters, settings.Lr, weight_decay: settings.WeightDecay),
        // Validation reports an unknown name as RB1001; a cell built around it (e.g. in code) fails here, never trains with Adam instead.
        var other => throw new ArgumentException(
            $"unknown optimizer '{other}'; known: {string.Join(", ", ExperimentFormat.Optimizers)}. Fix \"optimizer\" in experiments.json.", nameof(settings)),
    };

    /// <summary>The nearest-rank percentile of ascending <paramref name="sorted"/> values (0 when empty); epochs and `regbench bench` use it.</summary>
    internal static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}
