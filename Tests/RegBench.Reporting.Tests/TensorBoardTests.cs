using System.Buffers.Binary;
using System.Text;
using RegBench.Reporting.TensorBoard;
using RegBench.Results;

namespace RegBench.Reporting.Tests;

public sealed class TensorBoardTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("regbench-tb-").FullName;

    [Fact]
    public void Event_file_records_have_valid_crc32c_framing_and_the_expected_tags()
    {
        var writer = new TensorBoardCellWriter(root, "abcdef0123456789", "ds / mlp / none / seed 0 / batch 64");
        for (var epoch = 1; epoch <= 2; epoch++)
            writer.Epoch(new EpochRecord("abcdef0123456789", epoch, 1.0 / epoch, 0.5, 1.1, 0.45, 0.001, 2, 3, 1)
            {
                Sensitivity = 0.3,
                Extra = new Dictionary<string, double> { ["sigma_max_mean"] = 2, ["sigma_max_std"] = 0.5, ["penalty"] = 0.01 },
            }, [new LayerRecord("abcdef0123456789", epoch, "fc0", "Linear", 4, 4, 2, 3, 2, 3, 4) { Spectrum = [2, 1, 0.5, 0.1] },
                new LayerRecord("abcdef0123456789", epoch, "out", "Linear", 4, 4, 1.5, 2, 1.7, 3, 4)]);

        Assert.Equal("abcdef0123456789-ds-mlp-none-seed-0-batch-64", Path.GetFileName(writer.RunDirectory));
        var file = Assert.Single(Directory.GetFiles(writer.RunDirectory, "events.out.tfevents.*"));
        var records = ReadRecords(File.ReadAllBytes(file));
        var tags = records.SelectMany(Tags).ToList();

        Assert.Contains("brain.Event:2", Encoding.UTF8.GetString(records[0]));
        foreach (var tag in new[] { "loss/train", "loss/test", "accuracy/train", "accuracy/test", "lr", "sensitivity", "sigma_max/mean", "sigma_max/std",
                     "extra/penalty", "sigma_max/fc0", "sigma_max/out", "sigma_max/layers", "spectrum/fc0" })
            Assert.Equal(2, tags.Count(t => t == tag));
        Assert.DoesNotContain("spectrum/out", tags);
    }

    /// <summary>TFRecord framing: u64 length, u32 masked CRC32C(length), data, u32 masked CRC32C(data); every CRC checked.</summary>
    private static List<byte[]> ReadRecords(byte[] bytes)
    {
        var records = new List<byte[]>();
        for (var at = 0; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            Assert.Equal(Crc32C.Masked(bytes.AsSpan(at, 8)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8)));
            var data = bytes.AsSpan(at + 12, (int)length).ToArray();
            Assert.Equal(Crc32C.Masked(data), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + (int)length)));
            records.Add(data);
            at += 16 + (int)length;
        }
        return records;
    }

    /// <summary>Event.summary (field 5) → Summary.value (field 1, repeated) → Value.tag (field 1).</summary>
    private static IEnumerable<string> Tags(byte[] eventBytes) =>
        Protobuf.Fields(eventBytes).Where(f => f.Number == 5 && f.Bytes is not null)
            .SelectMany(s => Protobuf.Fields(s.Bytes!)).Where(v => v.Number == 1 && v.Bytes is not null)
            .SelectMany(v => Protobuf.Fields(v.Bytes!)).Where(t => t.Number == 1 && t.Bytes is not null)
            .Select(t => Encoding.UTF8.GetString(t.Bytes!));

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }
}
