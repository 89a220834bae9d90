namespace KnowledgeBase.Text.Time;

/// <summary>
/// The years of the periods Chinese policy texts count in: Five-Year Plans, terms and sessions of the National People's
/// Congress and of the CPPCC National Committee, national congresses of the Communist Party. Null for a number that
/// names no period.
/// </summary>
public static class PoliticalCalendar
{
    /// <summary>
    /// The <paramref name="plan"/>-th Five-Year Plan: the first ran 1953–1957 and the second 1958–1962; after three years
    /// of readjustment (1963–1965) the third began in 1966, and every plan since has followed the one before.
    /// </summary>
    public static YearSpan? FiveYearPlan(int plan) => plan switch
    {
        1 => new YearSpan(1953, 1957),
        2 => new YearSpan(1958, 1962),
        >= 3 and <= 30 => new YearSpan(1966 + 5 * (plan - 3), 1970 + 5 * (plan - 3)),
        _ => null,
    };

    /// <summary>
    /// Years in which the sessions of the first four National People's Congresses met (they did not meet every year);
    /// from the fifth (1978) on, a congress sits for five years and its n-th session meets in its n-th year.
    /// </summary>
    private static readonly int[][] EarlyNpcSessions =
    [
        [1954, 1955, 1956, 1957],
        [1959, 1960, 1962, 1963],
        [1964],
        [1975],
    ];

    private static readonly int[] EarlyNpcTermEnds = [1958, 1963, 1974, 1977];

    /// <summary>The years of the <paramref name="term"/>-th National People's Congress (第十四届全国人大 → 2023–2027).</summary>
    public static YearSpan? NpcTerm(int term) => term switch
    {
        >= 1 and <= 4 => new YearSpan(EarlyNpcSessions[term - 1][0], EarlyNpcTermEnds[term - 1]),
        >= 5 and <= 40 => new YearSpan(1978 + 5 * (term - 5), 1982 + 5 * (term - 5)),
        _ => null,
    };

    /// <summary>The year of a plenary session (十四届全国人大三次会议 → 2025).</summary>
    public static int? NpcSession(int term, int session) => term switch
    {
        >= 1 and <= 4 => session >= 1 && session <= EarlyNpcSessions[term - 1].Length ? EarlyNpcSessions[term - 1][session - 1] : null,
        >= 5 and <= 40 => session is >= 1 and <= 5 ? 1978 + 5 * (term - 5) + session - 1 : null,
        _ => null,
    };

    /// <summary>
    /// The year of a plenary session of the CPPCC National Committee. From the fifth committee (1978) on, its terms and
    /// sessions run in step with the NPC's (全国政协十届四次会议 → 2006); earlier committees met on another calendar and
    /// are not resolved.
    /// </summary>
    public static int? CppccSession(int term, int session) => term >= 5 ? NpcSession(term, session) : null;

    private static readonly int[] CongressYears = [1921, 1922, 1923, 1925, 1927, 1928, 1945, 1956, 1969, 1973, 1977];

    /// <summary>The year of the <paramref name="congress"/>-th national congress (党的十八大 → 2012); every five years since the twelfth (1982).</summary>
    public static int? PartyCongress(int congress) => congress switch
    {
        >= 1 and <= 11 => CongressYears[congress - 1],
        >= 12 and <= 40 => 1982 + 5 * (congress - 12),
        _ => null,
    };
}
