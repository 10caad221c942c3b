using RegBench.Abstractions;
using RegBench.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Checkpoints;

/// <summary>
/// Per-epoch checkpoints of a cell under results/checkpoints/&lt;cell&gt;/epoch-NNNN.ckpt: model, optimizer, the global
/// and data-order RNG states and every layer's regularizer state. Written to a temp file, flushed to disk, then
/// renamed, so a checkpoint file is either complete or absent; the store commits an epoch only after that.
/// </summary>
public sealed class CheckpointStore(string resultsDirectory, string cellId)
{
    /// <summary>The header of a checkpoint file: which cell (its canonical JSON, enough to rebuild the model) and epoch.</summary>
    public sealed record Header(string CellId, int Epoch, string CellJson);

    private const int FormatVersion = 1;
    private const string Magic = "RBCK";

    /// <summary>The cell's checkpoint folder (default RESULTS/checkpoints/&lt;cell&gt;; queue workers set a shared one).</summary>
    public string Directory { get; init; } = Path.Combine(resultsDirectory, "checkpoints", cellId);

    /// <summary>Path of the checkpoint of <paramref name="epoch"/>.</summary>
    public string PathOf(int epoch) => Path.Combine(Directory, $"epoch-{epoch:D4}.ckpt");

    /// <summary>Writes the checkpoint of <paramref name="epoch"/> atomically and durably.</summary>
    public void Write(int epoch, string cellJson, nn.Module model, Trainer? trainer, IReadOnlyList<RegularizedLayer> layers)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var target = PathOf(epoch);
        var temporary = $"{target}.tmp-{Environment.ProcessId}";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(cellId);
                writer.Write(epoch);
                writer.Write(cellJson);
                model.save(writer);
                // Optimizer and data-order state as a length-prefixed block, so readers that only want the model skip it.
                using var trainerState = new MemoryStream();
                using (var stateWriter = new BinaryWriter(trainerState, System.Text.Encoding.UTF8, leaveOpen: true)) trainer?.SaveState(stateWriter);
                writer.Write(trainerState.Length);
                writer.Write(trainerState.GetBuffer(), 0, (int)trainerState.Length);
                using (var rng = get_rng_state()) rng.Save(writer);
                writer.Write(layers.Count);
                foreach (var layer in layers)
                {
                    writer.Write(layer.Name);
                    writer.Write(layer.State.Count);
                    foreach (var name in layer.State.Names)
                    {
                        writer.Write(name);
                        layer.State.Get(name)!.Save(writer);
                    }
                }
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>Restores model, optimizer, RNGs and layer state from the checkpoint of <paramref name="epoch"/>.</summary>
    public void Read(int epoch, nn.Module model, Trainer trainer, IReadOnlyList<RegularizedLayer> layers)
    {
        var path = PathOf(epoch);
        using var reader = new BinaryReader(File.OpenRead(path));
        var header = ReadHeader(reader, path);
        if (header.CellId != cellId || header.Epoch != epoch)
            throw new InvalidDataException($"{path} holds cell {header.CellId} epoch {header.Epoch}, expected cell {cellId} epoch {epoch}.");
        ReadBody(reader, path, model, trainer, layers);
    }

    /// <summary>Reads the header of any checkpoint file (e.g. for `inspect`).</summary>
    public static Header ReadHeader(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        return ReadHeader(reader, path);
    }

    /// <summary>Loads the model weights and layer state of a checkpoint file into a freshly built model (optimizer state is skipped).</summary>
    public static Header ReadModel(string path, nn.Module model, IReadOnlyList<RegularizedLayer> layers)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var header = ReadHeader(reader, path);
        ReadBody(reader, path, model, trainer: null, layers);
        return header;
    }

    private static Header ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion)
                throw new InvalidDataException($"{path} is not a RegBench checkpoint of format {FormatVersion}; delete it to restart the cell.");
            return new Header(reader.ReadString(), reader.ReadInt32(), reader.ReadString());
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path} is not a RegBench checkpoint (it ends inside the header).");
        }
    }

    private static void ReadBody(BinaryReader reader, string path, nn.Module model, Trainer? trainer, IReadOnlyList<RegularizedLayer> layers)
    {
        model.load(reader);
        var trainerStateLength = reader.ReadInt64();
        if (trainer is not null && trainerStateLength > 0)
        {
            using var state = new BinaryReader(new MemoryStream(reader.ReadBytes((int)trainerStateLength)));
            trainer.LoadState(state);
        }
        else reader.BaseStream.Seek(trainerStateLength, SeekOrigin.Current);
        using (var rng = TensorExtensionMethods.Load(reader)) set_rng_state(rng);
        var byName = layers.ToDictionary(l => l.Name);
        var layerCount = reader.ReadInt32();
        for (var i = 0; i < layerCount; i++)
        {
            var name = reader.ReadString();
            if (!byName.TryGetValue(name, out var layer))
                throw new InvalidDataException($"{path} has state for layer '{name}', which the rebuilt model lacks; the architecture changed since it was written.");
            var tensors = reader.ReadInt32();
            for (var j = 0; j < tensors; j++)
            {
                var key = reader.ReadString();
                using var value = TensorExtensionMethods.Load(reader);
                layer.State.Set(key, value.clone());
            }
        }
    }

    /// <summary>Deletes every checkpoint except the latest and the one of <paramref name="bestEpoch"/>.</summary>
    public void Prune(int latestEpoch, int bestEpoch)
    {
        if (!System.IO.Directory.Exists(Directory)) return;
        var keep = new HashSet<string> { PathOf(latestEpoch), PathOf(bestEpoch) };
        foreach (var file in System.IO.Directory.GetFiles(Directory, "epoch-*.ckpt*").Where(f => !keep.Contains(f)))
            File.Delete(file);
    }

    /// <summary>True when the checkpoint of <paramref name="epoch"/> exists.</summary>
    public bool Has(int epoch) => File.Exists(PathOf(epoch));
}
