using SkiaSharp;

namespace RegBench.Reporting.Tests;

public sealed class FigureTests(GeneratedReport generated) : IClassFixture<GeneratedReport>
{
    [Fact]
    public void Every_figure_kind_is_rendered()
    {
        var names = generated.Report.Figures.Select(f => Path.GetFileName(f.RelativePath)).ToList();

        foreach (var expected in new[] { "ds-mlp-accuracy.png", "ds-mlp-loss.png", "ds-mlp-sigma-per-layer.png", "ds-mlp-sigma-spread.png",
                     "ds-mlp-spectrum-epoch-1.png", "ds-mlp-spectrum-epoch-2.png", "ds-mlp-ranks.png", "gap-vs-sensitivity.png", "step-time.png", "ds-cnn-accuracy.png" })
            Assert.Contains(expected, names);
    }

    [Fact]
    public void Every_png_exists_decodes_and_is_not_blank()
    {
        Assert.NotEmpty(generated.Report.Figures);
        foreach (var figure in generated.Report.Figures)
        {
            var path = Path.Combine(generated.Directory, figure.RelativePath);
            using var bitmap = SKBitmap.Decode(path);
            Assert.True(bitmap is not null, $"{path} does not decode");
            Assert.True(bitmap.Width >= 600 && bitmap.Height >= 300, $"{path} is {bitmap.Width}×{bitmap.Height}");
            var luminance = new List<double>();
            for (var y = 0; y < bitmap.Height; y += 3)
                for (var x = 0; x < bitmap.Width; x += 3)
                {
                    var c = bitmap.GetPixel(x, y);
                    luminance.Add(0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue);
                }
            var mean = luminance.Average();
            Assert.True(luminance.Average(v => (v - mean) * (v - mean)) > 1, $"{path} is blank");
        }
        foreach (var figure in generated.Report.Figures)
            File.Copy(Path.Combine(generated.Directory, figure.RelativePath), Path.Combine(GeneratedReport.Artifacts, Path.GetFileName(figure.RelativePath)), overwrite: true);
    }

    [Fact]
    public void Markdown_report_has_the_header_every_table_and_links_every_figure()
    {
        var markdown = File.ReadAllText(Path.Combine(generated.Directory, "report.md"));

        Assert.Contains("- **Profile:** p", markdown);
        Assert.Contains("- **Machine:** test-machine", markdown);
        Assert.Contains("- **Seeds:** 0, 1, 2, 3", markdown);
        Assert.Contains("ds → ds (used) (12 cells); ds → ds (1 cell)", markdown);
        Assert.Matches(@"- \*\*Git commit:\*\* ([0-9a-f]{40}|unknown)", markdown);
        foreach (var title in new[] { "## Results: test accuracy", "## Test accuracy (McGill Table 3 layout)", "## Generalization gap at threshold", "## Cells not included" })
            Assert.Contains(title, markdown);
        foreach (var figure in generated.Report.Figures) Assert.Contains($"]({figure.RelativePath})", markdown);
    }
}
