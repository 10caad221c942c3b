namespace RegBench.Abstractions;

/// <summary>How many examples a dataset's <see cref="IDataset.Load"/> returns, known from its options alone.</summary>
/// <param name="TrainExamples">Examples of the training split.</param>
/// <param name="TestExamples">Examples of the test split.</param>
public sealed record DatasetSize(long TrainExamples, long TestExamples)
{
    /// <summary>The split sizes after "use only the first N" limits (0 = all) are applied to the full sizes.</summary>
    public static DatasetSize Limited(long fullTrain, long fullTest, int trainLimit, int testLimit) =>
        new(trainLimit > 0 ? Math.Min(trainLimit, fullTrain) : fullTrain, testLimit > 0 ? Math.Min(testLimit, fullTest) : fullTest);
}
