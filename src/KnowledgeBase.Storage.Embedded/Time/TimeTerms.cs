using System.Globalization;
using KnowledgeBase.Text.Time;

namespace KnowledgeBase.Storage.Embedded.Time;

/// <summary>
/// The reserved terms under which the word index lists passages by time: <c>#y2016</c> for a passage that states 2016
/// (its frequency is the length of the shortest expression that does: 1 for 2016年, 5 for 过去五年), <c>#y</c> for one
/// that states any year, <c>#d2017</c> for a passage of a document dated 2017. The analysis chain keeps only letters
/// and digits in a term, so no word can ever collide with them; they add nothing to a passage's length, so BM25 of the
/// real words is unchanged.
/// </summary>
internal static class TimeTerms
{
    public const string AnyStated = "#y";

    public static string Stated(int year) => "#y" + year.ToString(CultureInfo.InvariantCulture);

    public static string Document(int year) => "#d" + year.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether a stored term is one of these (for rebuilding them).</summary>
    public static bool IsTimeTerm(string term) => term.Length > 1 && term[0] == '#';

    /// <summary>The terms of one passage with their frequencies.</summary>
    public static IEnumerable<KeyValuePair<string, int>> Of(PassageTime time)
    {
        var stated = time.StatedYears();
        foreach (var (year, length) in stated) yield return new(Stated(year), length);
        if (stated.Count > 0) yield return new(AnyStated, 1);
        if (time.DocumentYear is { } document) yield return new(Document(document), 1);
    }
}
