using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.Tests;

/// <summary>
/// Guards the native fix in <see cref="NativeDefaults"/>: oneDNN's JIT conv backward kernels returned NaN/Inf gradients
/// intermittently on this kind of machine (AVX-512 and AVX2 kernels); capped at SSE4.1 none do.
/// </summary>
public sealed class ConvBackwardThreadingTests
{
    [Fact]
    public void OneDnn_is_capped_at_sse41_unless_the_user_chose_a_cap() =>
        Assert.Equal(Environment.GetEnvironmentVariable(NativeDefaults.OneDnnIsaVariable) ?? NativeDefaults.OneDnnIsaDefault, NativeDefaults.OneDnnIsa);

    [Fact]
    public void Backward_through_a_densenet_is_finite_on_every_pass_with_two_threads()
    {
        torch.set_num_threads(2);
        torch.manual_seed(0);
        using var built = BuiltModel.Build("densenet", """{"depth":10,"growthRate":4}""", new DataShape(3, 8, 8, 10));
        built.Model.train();
        for (var pass = 0; pass < 20; pass++)
        {
            using var scope = NewDisposeScope();
            foreach (var p in built.Model.parameters()) p.grad?.zero_();
            nn.functional.cross_entropy(built.Model.call(randn(16, 3, 8, 8)), randint(0, 10, [16])).backward();
            Assert.All(built.Model.parameters(), p => Assert.True(p.grad!.isfinite().all().item<bool>(), $"non-finite gradient on pass {pass}"));
        }
    }
}
