using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Abstractions.Tests;

public sealed class LayerStateTests
{
    [Fact]
    public void A_stored_tensor_outlives_the_dispose_scope_it_was_made_in()
    {
        using var state = new LayerState();
        using (NewDisposeScope()) state.Set("u", ones(3));

        Assert.Equal(3.0f, state.Get("u")!.sum().item<float>());
    }

    [Fact]
    public void CopyFrom_writes_in_place_when_the_shape_matches_and_replaces_when_it_does_not()
    {
        using var state = new LayerState();
        state.Set("v", zeros(2));
        var before = state.Get("v")!;

        state.CopyFrom("v", ones(2));
        Assert.Same(before, state.Get("v"));
        Assert.Equal(2.0f, before.sum().item<float>());

        state.CopyFrom("v", ones(5));
        Assert.Equal([5L], state.Get("v")!.shape);
    }

    [Fact]
    public void Names_are_in_ordinal_order_and_Remove_forgets_a_name()
    {
        using var state = new LayerState();
        state.Set("b", zeros(1));
        state.Set("B", zeros(1));
        state.Set("a", zeros(1));

        Assert.Equal(["B", "a", "b"], state.Names);
        Assert.True(state.Remove("a"));
        Assert.False(state.Remove("a"));
        Assert.Null(state.Get("a"));
        Assert.Equal(2, state.Count);
    }
}
