namespace RegBench.Cli.Tests;

/// <summary>Every built-in regularizer trains a one-epoch Fashion-MNIST MLP through the host with finite losses.</summary>
public sealed class RegularizerRunTests : IDisposable
{
    private readonly TempDirectory folder = new();

    /// <summary>The profile's entry for <paramref name="name"/>: stiefel as `quick` lists it (λ from 2: docs/regularizers.md), the others by name.</summary>
    private static string Entry(string name) => name == "stiefel" ? """{ "name": "stiefel", "lambda": 2 }""" : $"\"{name}\"";

    [FashionMnistFact]
    public void Every_regularizer_finishes_a_one_epoch_fashion_mnist_mlp_with_finite_loss()
    {
        string[] regularizers = ["none", "weight-decay", "frobenius-scaling", "spectral-scaling", "sn-regularization", "adversarial", "miyato-sn", "stiefel"];
        folder.Write("experiments.json", $$"""
            { "profiles": { "all": {
                "datasets": [{ "name": "fashion-mnist", "trainLimit": 4096, "testLimit": 1000 }],
                "architectures": [{ "name": "mlp", "depth": 2, "width": 128 }],
                "regularizers": [{{string.Join(", ", regularizers.Select(Entry))}}], "epochs": 1, "seeds": [0], "batchSize": 256 } } }
            """);
        var result = Regbench.Run(folder.Path, "run", "--profile", "all");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = ResultsDatabase.Query(folder.File("results/regbench.db"),
            "SELECT c.regularizer, c.status, e.train_loss, e.test_acc FROM cells c JOIN epochs e USING (cell_id)");
        Assert.Equal(regularizers.Select(r => r == "stiefel" ? "stiefel(lambda=2)" : r).Order(), rows.Select(r => (string)r["regularizer"]!).Order());
        Assert.All(rows, r =>
        {
            Assert.Equal("done", r["status"]);
            Assert.True(double.IsFinite(Convert.ToDouble(r["train_loss"])), $"{r["regularizer"]}: loss {r["train_loss"]}");
            Assert.True(Convert.ToDouble(r["test_acc"]) > 0.5, $"{r["regularizer"]}: test accuracy {r["test_acc"]}");
        });
    }

    public void Dispose() => folder.Dispose();
}
