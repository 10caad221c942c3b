using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Checkpoints;

/// <summary>
/// Reads what <c>Module.save</c> wrote (an unsigned LEB128 count, then name and tensor pairs) into a model's existing parameters
/// and buffers, in place, on whatever device they are. TorchSharp's own <c>Module.load</c> moves a non-CPU model to the CPU and
/// back, which replaces every parameter object: the layers' weights, the optimizer's parameters and a plugin's owned parameters
/// would then point at disposed tensors.
/// </summary>
internal static class ModuleWeights
{
    /// <summary>Loads the model section of the checkpoint <paramref name="path"/> from <paramref name="reader"/> into <paramref name="model"/>.</summary>
    public static void Load(nn.Module model, BinaryReader reader, string path)
    {
        var entries = model.state_dict();
        var count = reader.Read7BitEncodedInt64();
        if (count != entries.Count)
            throw new InvalidDataException($"{path} holds {count} model tensors where the rebuilt model has {entries.Count}; the architecture changed since it was written.");
        using var noGrad = no_grad();
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            if (!entries.TryGetValue(name, out var tensor))
                throw new InvalidDataException($"{path} holds model tensor '{name}', which the rebuilt model lacks; the architecture changed since it was written.");
            try
            {
                tensor.Load(reader);
            }
            catch (ArgumentException error)
            {
                throw new InvalidDataException($"{path}: model tensor '{name}' does not fit the rebuilt model ({error.Message})", error);
            }
        }
    }
}
