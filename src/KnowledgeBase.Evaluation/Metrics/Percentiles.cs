namespace KnowledgeBase.Evaluation.Metrics;

/// <summary>Latency percentiles.</summary>
public static class Percentiles
{
    /// <summary>
    /// The p-th percentile (0–100) with linear interpolation between closest ranks (numpy's default):
    /// position (n − 1)·p/100 in the sorted values. NaN for no values.
    /// </summary>
    public static double Of(IEnumerable<double> values, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var position = (sorted.Length - 1) * p / 100;
        var below = (int)Math.Floor(position);
        var above = (int)Math.Ceiling(position);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
