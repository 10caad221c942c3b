namespace RegBench.Reporting.Tables;

/// <summary>The McGill report's Tables 3 (test accuracy) and 4 (generalization gap at threshold), and the final gap.</summary>
public static class McGillTables
{
    /// <summary>Table 3: test accuracy at the final epoch; highest in bold.</summary>
    public static ReportTable TestAccuracy(ReportData data) => BatchSizeTable.Build(data, "test-accuracy",
        "Test accuracy (McGill Table 3 layout)", "Test accuracy (fraction) at the final epoch, mean ± std over seeds; the highest of each row in bold.",
        c => c.Epochs[^1].TestAccuracy, higherIsBetter: true, missingReason: "No epoch recorded.");

    /// <summary>Table 4: minimum train − test accuracy over the epochs where both reach the cell's threshold; smallest in bold.</summary>
    public static ReportTable GapAtThreshold(ReportData data)
    {
        var anyThreshold = data.Groups.SelectMany(g => g.Regularizers).SelectMany(r => r.Seeds).Any(c => c.Cell.GapThreshold is not null);
        return BatchSizeTable.Build(data, "gap-at-threshold", "Generalization gap at threshold (McGill Table 4 layout)",
            "Minimum of train − test accuracy over the epochs where both train and test accuracy are at least the profile's threshold " +
            "(cells.gap_threshold); mean ± std over seeds; the smallest of each row in bold.",
            c => GeneralizationGap.AtThreshold(c.Epochs, c.Summary.Cell.GapThreshold), higherIsBetter: false,
            missingReason: anyThreshold
                ? "Train and test accuracy never both reached the threshold (or the profile sets no threshold: see the Threshold column)."
                : "The profile sets no gap threshold (gapThreshold in experiments.json).",
            withThreshold: true);
    }

    /// <summary>Train − test accuracy at the final epoch; smallest in bold.</summary>
    public static ReportTable FinalGap(ReportData data) => BatchSizeTable.Build(data, "final-gap", "Generalization gap at the final epoch",
        "Train − test accuracy at the final epoch, mean ± std over seeds; the smallest of each row in bold.",
        c => GeneralizationGap.Final(c.Epochs), higherIsBetter: false, missingReason: "No epoch recorded.");
}
