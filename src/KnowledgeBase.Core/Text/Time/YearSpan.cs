using System.Globalization;

namespace KnowledgeBase.Text.Time;

/// <summary>An inclusive range of calendar years: 2025 is (2025, 2025), 十一五 is (2006, 2010).</summary>
public readonly record struct YearSpan(int From, int To)
{
    public static YearSpan Year(int year) => new(year, year);

    /// <summary>Number of years covered.</summary>
    public int Length => To - From + 1;

    public bool IsSingleYear => From == To;

    public bool Overlaps(YearSpan other) => From <= other.To && other.From <= To;

    public bool Contains(int year) => From <= year && year <= To;

    /// <summary>"2025" or "2006–2010".</summary>
    public override string ToString() => IsSingleYear
        ? From.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{From}–{To}");
}
