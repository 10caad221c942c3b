namespace RegBench.Reporting.Replication;

/// <summary>A model of a paper: architecture plugin name and the depth (and width) that identify it; dataset as the paper names it.</summary>
public sealed record PaperModel(string Label, string Architecture, int Depth, int? Width, string Dataset);

/// <summary>One published test accuracy (%) and test loss of one model under one regularizer (a RegBench plugin name).</summary>
public sealed record PublishedResult(PaperModel Model, string Regularizer, double TestAccuracyPercent, double TestLoss);

/// <summary>Published σ₁ diagnostics: mean σ₁ across layers at the end of training, and the mean across-layer std of σ₁ late in training.</summary>
public sealed record PublishedSigma(PaperModel Model, string Regularizer, double MeanSigma, double MeanSigmaStd);

/// <summary>One cell of the McGill report's Tables 3/4: model, batch size, threshold, regularizer (plugin name), value (fraction).</summary>
public sealed record PublishedBatchValue(PaperModel Model, int BatchSize, double Threshold, string Regularizer, double Value);

/// <summary>
/// The published numbers a replication report sets beside its own, quoted from the seed documents. Nothing here is
/// computed: each list is the paper's text or table, with its source.
/// </summary>
public static class PublishedNumbers
{
    /// <summary>Where <see cref="HessHutchison"/> and <see cref="HessHutchisonSigma"/> come from.</summary>
    public const string HessHutchisonSource =
        "Hess & Hutchison (2023), \"Exploring Frobenius and Spectral Normalization in MLPs and Residual networks\" (blog post; " +
        "shared/seeds/000): the results paragraph of *Experiments* (CIFAR-100, 200 epochs, Adam 1e-3, batch 512, one run each) " +
        "and *Scaling Effects on Spectral Norms*.";

    /// <summary>Where <see cref="McGillTestAccuracy"/> and <see cref="McGillGap"/> come from.</summary>
    public const string McGillSource =
        "Liu, He & Shang, \"Spectral Norm Regularization for Improving the Generalizability of Deep Learning\" (McGill report " +
        "replicating Yoshida & Miyato 2017; shared/seeds/002): Table 3 (test accuracy) and Table 4 (generalization gap at threshold).";

    /// <summary>The medium and large MLPs (bias-free) and the ResNets of Hess &amp; Hutchison, all on CIFAR-100.</summary>
    public static readonly PaperModel Mlp5x2000 = new("MLP 5×2000", "mlp", 5, 2000, "CIFAR-100"),
        Mlp7x4000 = new("MLP 7×4000", "mlp", 7, 4000, "CIFAR-100"),
        ResNet34 = new("ResNet34", "resnet", 34, null, "CIFAR-100"),
        ResNet50 = new("ResNet50", "resnet", 50, null, "CIFAR-100");

    /// <summary>Yoshida &amp; Miyato's four experiments as the McGill report lists them (Table 2).</summary>
    public static readonly PaperModel VggCifar10 = new("VGGNet (CIFAR-10)", "vgg", 0, null, "CIFAR-10"),
        NinCifar100 = new("NIN (CIFAR-100)", "nin", 0, null, "CIFAR-100"),
        DenseNetCifar100 = new("DenseNet (CIFAR-100)", "densenet", 0, null, "CIFAR-100"),
        DenseNetStl10 = new("DenseNet (STL-10)", "densenet", 0, null, "STL-10");

    /// <summary>All twelve accuracy/loss pairs of Hess &amp; Hutchison's results paragraph (test accuracy %, test loss).</summary>
    public static readonly IReadOnlyList<PublishedResult> HessHutchison =
    [
        new(Mlp5x2000, "none", 25.12, 10.86), new(Mlp5x2000, "frobenius-scaling", 28.23, 4.47), new(Mlp5x2000, "spectral-scaling", 23.21, 3.53),
        new(Mlp7x4000, "none", 23.95, 11.00), new(Mlp7x4000, "frobenius-scaling", 26.62, 6.10), new(Mlp7x4000, "spectral-scaling", 36.25, 2.63),
        new(ResNet34, "none", 70.1, 2.03), new(ResNet34, "frobenius-scaling", 75.24, 1.46), new(ResNet34, "spectral-scaling", 71.79, 1.78),
        new(ResNet50, "none", 73.45, 1.72), new(ResNet50, "frobenius-scaling", 75.72, 1.40), new(ResNet50, "spectral-scaling", 73.29, 1.63),
    ];

    /// <summary>
    /// MLP 5×2000: mean σ₁ at epoch 199 (35.4 / 7.8 / 0.8) and the mean std of σ₁ across layers over the last 100 epochs
    /// (~18.4 / ~3.7 / ~0.02) for none / Frobenius / spectral norm scaling.
    /// </summary>
    public static readonly IReadOnlyList<PublishedSigma> HessHutchisonSigma =
    [
        new(Mlp5x2000, "none", 35.4, 18.4), new(Mlp5x2000, "frobenius-scaling", 7.8, 3.7), new(Mlp5x2000, "spectral-scaling", 0.8, 0.02),
    ];

    // Declared before the tables that use it (static fields initialize in text order).
    /// <summary>The McGill columns (Vanilla, Weight Decay, Adversarial Learning, SNR) as RegBench plugin names.</summary>
    public static readonly IReadOnlyList<string> McGillRegularizers = ["none", "weight-decay", "adversarial", "sn-regularization"];

    /// <summary>The McGill report's Table 3: test accuracy per model, batch size (64, 4096) and regularizer.</summary>
    public static readonly IReadOnlyList<PublishedBatchValue> McGillTestAccuracy = Expand(
    [
        (VggCifar10, 64, 0.88, [0.898, 0.897, 0.884, 0.904]), (VggCifar10, 4096, 0.85, [0.858, 0.863, 0.870, 0.885]),
        (NinCifar100, 64, 0.62, [0.626, 0.672, 0.627, 0.669]), (NinCifar100, 4096, 0.59, [0.597, 0.618, 0.607, 0.640]),
        (DenseNetCifar100, 64, 0.67, [0.675, 0.718, 0.675, 0.709]), (DenseNetCifar100, 4096, 0.63, [0.639, 0.671, 0.649, 0.697]),
        (DenseNetStl10, 64, 0.70, [0.724, 0.723, 0.707, 0.735]), (DenseNetStl10, 4096, 0.67, [0.686, 0.689, 0.676, 0.697]),
    ]);

    /// <summary>The McGill report's Table 4: generalization gap at the row's threshold per model, batch size and regularizer.</summary>
    public static readonly IReadOnlyList<PublishedBatchValue> McGillGap = Expand(
    [
        (VggCifar10, 64, 0.88, [0.079, 0.074, 0.109, 0.068]), (VggCifar10, 4096, 0.85, [0.092, 0.064, 0.064, 0.045]),
        (NinCifar100, 64, 0.62, [0.231, 0.120, 0.253, 0.090]), (NinCifar100, 4096, 0.59, [0.205, 0.119, 0.196, 0.090]),
        (DenseNetCifar100, 64, 0.67, [0.317, 0.080, 0.299, 0.095]), (DenseNetCifar100, 4096, 0.63, [0.235, 0.111, 0.110, 0.051]),
        (DenseNetStl10, 64, 0.70, [0.063, 0.073, 0.069, 0.068]), (DenseNetStl10, 4096, 0.67, [0.096, 0.057, 0.015, 0.042]),
    ]);

    private static IReadOnlyList<PublishedBatchValue> Expand(IReadOnlyList<(PaperModel Model, int Batch, double Threshold, double[] Values)> rows) =>
        rows.SelectMany(r => r.Values.Select((v, i) => new PublishedBatchValue(r.Model, r.Batch, r.Threshold, McGillRegularizers[i], v))).ToList();
}
