using RegBench.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Architectures.Tests;

/// <summary>
/// Train-mode forward, backward and optimizer steps stay finite. Runs with one intra-op thread: libtorch 2.10 CPU on the
/// 2-core Debian machine returns NaN from ConvolutionBackward0 in bias-free conv → BN stacks (resnet, densenet) when
/// torch uses more than one thread, and is exact with one (see ConvBackwardThreadingTests).
/// </summary>
public sealed class TrainingStepTests
{
    [Theory]
    [InlineData("resnet", """{"depth":18,"width":8}""")]
    [InlineData("resnet", """{"depth":50,"width":4}""")]
    [InlineData("vgg", """{"depth":11}""")]
    [InlineData("nin", "{}")]
    [InlineData("densenet", """{"depth":22,"growthRate":4}""")]
    public void Three_adam_steps_in_train_mode_keep_the_loss_finite(string name, string options)
    {
        using var built = BuiltModel.Build(name, options, new DataShape(3, 32, 32, 10));
        using var optimizer = optim.Adam(built.Model.parameters(), 1e-3);
        built.Model.train();
        for (var step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(built.Model.call(randn(16, 3, 32, 32)), randint(0, 10, [16]));
            loss.backward();
            optimizer.step();
            Assert.True(float.IsFinite(loss.item<float>()), $"loss {loss.item<float>()} at step {step + 1}");
        }
    }
}
