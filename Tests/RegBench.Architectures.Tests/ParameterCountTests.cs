using RegBench.Abstractions;

namespace RegBench.Architectures.Tests;

/// <summary>Parameter counts against the published CIFAR figures (kuangliu/pytorch-cifar and the original papers).</summary>
public sealed class ParameterCountTests
{
    private static readonly DataShape Cifar10 = new(3, 32, 32, 10);
    private static readonly DataShape Cifar100 = new(3, 32, 32, 100);

    [Theory]
    [InlineData(18, 11_173_962)]
    [InlineData(34, 21_282_122)]
    [InlineData(50, 23_520_842)]
    public void ResNet_on_cifar10_has_the_published_parameter_count(int depth, long expected)
    {
        using var built = BuiltModel.Build("resnet", $$"""{"depth":{{depth}}}""", Cifar10);
        Assert.Equal(expected, built.Parameters);
    }

    [Theory]
    [InlineData(18, 11_173_962 + 512 * 90 + 90)]
    [InlineData(34, 21_282_122 + 512 * 90 + 90)]
    [InlineData(50, 23_520_842 + 2048 * 90 + 90)]
    public void ResNet_on_cifar100_adds_only_the_wider_head(int depth, long expected)
    {
        using var built = BuiltModel.Build("resnet", $$"""{"depth":{{depth}}}""", Cifar100);
        Assert.Equal(expected, built.Parameters);
    }

    [Theory]
    [InlineData("""{"depth":16}""", 14_728_266)]                                    // kuangliu VGG('VGG16'): conv bias + BN, Linear(512, 10)
    [InlineData("""{"depth":16,"batchNorm":false}""", 14_719_818)]                  // the same without BN (2 × 4224 BN parameters fewer)
    [InlineData("""{"depth":16,"classifier":"mlp"}""", 15_253_578)]                 // chengyangfu vgg16_bn: 512→512→512→10 head
    [InlineData("""{"depth":11}""", 9_231_114)]
    public void Vgg_on_cifar10_has_the_published_parameter_count(string options, long expected)
    {
        using var built = BuiltModel.Build("vgg", options, Cifar10);
        Assert.Equal(expected, built.Parameters);
    }

    [Fact]
    public void Network_in_network_on_cifar10_has_its_966986_parameters()
    {
        using var built = BuiltModel.Build("nin", "{}", Cifar10);
        Assert.Equal(966_986, built.Parameters);
    }

    [Fact]
    public void DenseNet_bc_100_12_on_cifar10_has_its_769162_parameters()
    {
        using var built = BuiltModel.Build("densenet", """{"depth":100,"growthRate":12}""", Cifar10);
        Assert.Equal(769_162, built.Parameters);
    }
}
