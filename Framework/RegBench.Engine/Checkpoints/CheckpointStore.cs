using RegBench.Abstractions;
using RegBench.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace RegBench.Engine.Checkpoints;

/// <summary>
/// Per-epoch checkpoints of a cell under results/checkpoints/&lt;cell&gt;/epoch-NNNN.ckpt: model, optimizer, the global
/// and data-order RNG states and every layer's regularizer state. Written to a temp file, flushed to disk, then
/// renamed, so a checkpoint file is either complete or absent; the store commits an epoch only after that. Format 2 ends
/// with a SHA-256 of everything before it, so a file damaged afterwards (bad disk, truncation) is detected before loading.
/// Files hold no device: tensors are written from wherever they are (TorchSharp copies device tensors to the CPU) and read
/// into the model and optimizer where they are now, layer state onto its layer's weight device, so any checkpoint loads on the
/// CPU and a cell resumes on another device than the one it started on.
/// </summary>
/// <param name="resultsDirectory">The results folder (checkpoints/ lies in it).</param>
/// <param name="cellId">The cell's id.</param>
/// <param name="formerCellId">An id the cell had before (id rule 1, re-keyed by the runner): its files, which name it, are accepted too.</param>
public sealed class CheckpointStore(string resultsDirectory, string cellId, string? formerCellId = null)
{
    /// <summary>The header of a checkpoint file: which cell (its canonical JSON, enough to rebuild the model) and epoch.</summary>
    public sealed record Header(string CellId, int Epoch, string CellJson);

    private const int FormatVersion = 2;
    private const int LegacyFormatVersion = 1; // no checksum trailer
    private const string Magic = "RBCK";
    private const string TrailerMagic = "RBCKEND2";
    private const int TrailerLength = 32 + 8; // SHA-256, then the magic

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
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(cellId);
                writer.Write(epoch);
                writer.Write(cellJson);
                model.save(writer);
                writer.Flush();
                Results.FaultPoint.Reach(Results.FaultPoint.CheckpointWrite);
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
            AppendChecksum(stream);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>
    /// Null when the checkpoint of <paramref name="epoch"/> exists and is intact (format 2: its SHA-256 matches; format 1:
    /// its header reads); otherwise what is wrong with it, for the cell's events.
    /// </summary>
    public string? Problem(int epoch)
    {
        var path = PathOf(epoch);
        if (!File.Exists(path)) return $"checkpoint {path} is missing";
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            var header = ReadHeader(reader, path, out var version);
            if ((header.CellId != cellId && header.CellId != formerCellId) || header.Epoch != epoch) return $"checkpoint {path} holds cell {header.CellId} epoch {header.Epoch}, not cell {cellId} epoch {epoch}";
            return version == LegacyFormatVersion ? null : ChecksumProblem(stream, path);
        }
        catch (Exception error) when (error is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return $"checkpoint {path} is unreadable: {error.Message}";
        }
    }

    /// <summary>Deletes temp files that a killed writer left in the cell's folder (only one process works on a cell at a time).</summary>
    public void RemoveTemporaryFiles()
    {
        if (!System.IO.Directory.Exists(Directory)) return;
        foreach (var file in System.IO.Directory.GetFiles(Directory, "epoch-*.ckpt.tmp-*")) File.Delete(file);
    }

    private static void AppendChecksum(FileStream stream)
    {
        stream.Flush();
        stream.Position = 0;
        var hash = System.Security.Cryptography.SHA256.HashData(stream);
        stream.Position = stream.Length;
        stream.Write(hash);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(TrailerMagic));
    }

    private static string? ChecksumProblem(FileStream stream, string path)
    {
        var length = stream.Length;
        if (length < TrailerLength) return $"checkpoint {path} is truncated ({length} bytes)";
        var trailer = new byte[TrailerLength];
        stream.Position = length - TrailerLength;
        stream.ReadExactly(trailer);
        if (System.Text.Encoding.ASCII.GetString(trailer, 32, 8) != TrailerMagic) return $"checkpoint {path} is truncated (its checksum trailer is missing)";
        stream.Position = 0;
        var actual = System.Security.Cryptography.SHA256.HashData(new BoundedStream(stream, length - TrailerLength));
        return actual.AsSpan().SequenceEqual(trailer.AsSpan(0, 32)) ? null : $"checkpoint {path} is corrupt (its SHA-256 does not match the one written with it)";
    }

    /// <summary>Restores model, optimizer, RNGs and layer state from the checkpoint of <paramref name="epoch"/>.</summary>
    public void Read(int epoch, nn.Module model, Trainer trainer, IReadOnlyList<RegularizedLayer> layers)
    {
        var path = PathOf(epoch);
        using var reader = new BinaryReader(File.OpenRead(path));
        var header = ReadHeader(reader, path);
        if ((header.CellId != cellId && header.CellId != formerCellId) || header.Epoch != epoch)
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

    private static Header ReadHeader(BinaryReader reader, string path) => ReadHeader(reader, path, out _);

    private static Header ReadHeader(BinaryReader reader, string path, out int version)
    {
        try
        {
            version = reader.ReadString() == Magic ? reader.ReadInt32() : -1;
            if (version is not (FormatVersion or LegacyFormatVersion))
                throw new InvalidDataException($"{path} is not a RegBench checkpoint of format {LegacyFormatVersion} or {FormatVersion}; delete it to restart the cell.");
            return new Header(reader.ReadString(), reader.ReadInt32(), reader.ReadString());
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path} is not a RegBench checkpoint (it ends inside the header).");
        }
    }

    private static void ReadBody(BinaryReader reader, string path, nn.Module model, Trainer? trainer, IReadOnlyList<RegularizedLayer> layers)
    {
        ModuleWeights.Load(model, reader, path);
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
        Torch.DevicePlacement.StateOntoWeights(layers);
    }

    /// <summary>
    /// Deletes every checkpoint except the latest and the one of <paramref name="bestEpoch"/>, and with
    /// <paramref name="keepPrevious"/> the one before the latest (what a resume falls back to if the latest is damaged).
    /// </summary>
    public void Prune(int latestEpoch, int bestEpoch, bool keepPrevious = false)
    {
        if (!System.IO.Directory.Exists(Directory)) return;
        var keep = new HashSet<string> { PathOf(latestEpoch), PathOf(bestEpoch) };
        if (keepPrevious) keep.Add(PathOf(latestEpoch - 1));
        foreach (var file in System.IO.Directory.GetFiles(Directory, "epoch-*.ckpt*").Where(f => !keep.Contains(f)))
            File.Delete(file);
    }

    /// <summary>True when the checkpoint of <paramref name="epoch"/> exists.</summary>
    public bool Has(int epoch) => File.Exists(PathOf(epoch));
}
