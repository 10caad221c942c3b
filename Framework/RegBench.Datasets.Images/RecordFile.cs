using RegBench.Abstractions;
using static TorchSharp.torch;

namespace RegBench.Datasets.Images;

/// <summary>Fixed-size binary records read whole into a (records × bytes) uint8 tensor, with checks that name the file.</summary>
public static class RecordFile
{
    /// <summary>Reads <paramref name="path"/> as records of <paramref name="recordBytes"/> bytes; the length must be a positive multiple.</summary>
    public static Tensor Read(string path, int recordBytes, string recordDescription)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % recordBytes != 0)
            throw Malformed(path, $"a whole number of {recordBytes}-byte records ({recordDescription})",
                $"{bytes.Length} bytes = {bytes.Length / recordBytes} records + {bytes.Length % recordBytes} bytes (truncated or not this format)");
        return tensor(bytes, [bytes.Length / recordBytes, recordBytes], ScalarType.Byte);
    }

    /// <summary>Throws when a label of <paramref name="labels"/> (uint8, any shape (N)) lies outside [<paramref name="first"/>, <paramref name="last"/>].</summary>
    public static void CheckLabels(Tensor labels, int first, int last, string path, string what)
    {
        using var scope = NewDisposeScope();
        var bad = labels.lt(first).logical_or_(labels.gt(last));
        if (!bad.any().item<bool>()) return;
        var index = bad.nonzero()[0, 0].item<long>();
        throw Malformed(path, $"{what} in {first}..{last}", $"{labels[index].item<byte>()} at record {index}");
    }

    /// <summary>A malformed-file error: what was expected, what was found, how to fix it.</summary>
    public static DatasetException Malformed(string path, string expected, string found) => new(
        $"{path}: expected {expected}, found {found}. Replace the file with an intact copy of the official binary version.",
        path, unavailable: false);
}
