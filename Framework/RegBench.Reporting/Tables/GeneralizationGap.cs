using RegBench.Results;

namespace RegBench.Reporting.Tables;

/// <summary>Generalization gaps of one cell's accuracy curves (accuracies are fractions in [0, 1]).</summary>
public static class GeneralizationGap
{
    /// <summary>
    /// McGill report, Table 4: over the epochs where both train and test accuracy are at least
    /// <paramref name="threshold"/>, the minimum of train − test accuracy. Null when no epoch reaches it or no threshold is set.
    /// </summary>
    public static double? AtThreshold(IReadOnlyList<EpochRecord> epochs, double? threshold)
    {
        if (threshold is not { } t) return null;
        var gaps = epochs.Where(e => e.TrainAccuracy >= t && e.TestAccuracy >= t).Select(e => e.TrainAccuracy - e.TestAccuracy).ToList();
        return gaps.Count == 0 ? null : gaps.Min();
    }

    /// <summary>Train − test accuracy at the last epoch.</summary>
    public static double Final(IReadOnlyList<EpochRecord> epochs) => epochs[^1].TrainAccuracy - epochs[^1].TestAccuracy;
}
