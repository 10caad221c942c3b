using RegBench.Abstractions;

namespace RegBench.Architectures.Tests;

public sealed class ForwardShapeTests
{
    public static readonly TheoryData<string, string, int, int, int, int> Cases = Build();

    private static TheoryData<string, string, int, int, int, int> Build()
    {
        var data = new TheoryData<string, string, int, int, int, int>();
        (int, int, int, int)[] shapes = [(1, 28, 28, 10), (3, 32, 32, 10), (3, 32, 32, 100), (3, 96, 96, 10)];
        (string, string)[] architectures =
        [
            ("mlp", "{}"), ("resnet", """{"depth":18}"""), ("resnet", """{"depth":18,"stem":"imagenet"}"""), ("vgg", """{"depth":11}"""),
            ("vgg", """{"depth":16,"batchNorm":false,"classifier":"mlp"}"""), ("nin", "{}"), ("densenet", """{"depth":40}"""),
        ];
        foreach (var (name, options) in architectures)
            foreach (var (c, h, w, classes) in shapes)
                data.Add(name, options, c, h, w, classes);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_maps_a_batch_of_two_to_batch_by_classes_logits(string name, string options, int channels, int height, int width, int classes)
    {
        using var built = BuiltModel.Build(name, options, new DataShape(channels, height, width, classes));
        Assert.Equal([2L, classes], built.ForwardShape(2));
    }

    [Theory]
    [InlineData("resnet", """{"depth":50}""", 32)]
    [InlineData("vgg", """{"depth":19}""", 32)]
    [InlineData("densenet", """{"depth":100}""", 32)]
    [InlineData("densenet", """{"depth":100}""", 96)]
    public void Deep_variants_map_one_example_to_its_logits(string name, string options, int side)
    {
        using var built = BuiltModel.Build(name, options, new DataShape(3, side, side, 100));
        Assert.Equal([1L, 100], built.ForwardShape(1));
    }
}
