using System.Text;

namespace KnowledgeBase.Bench;

/// <summary>Edits that turn a reference into a recognised text: characters read wrong, read but absent, and missed.</summary>
internal readonly record struct EditCounts(int Substitutions, int Insertions, int Deletions, int Length)
{
    public int Errors => Substitutions + Insertions + Deletions;

    public static EditCounts operator +(EditCounts a, EditCounts b) =>
        new(a.Substitutions + b.Substitutions, a.Insertions + b.Insertions, a.Deletions + b.Deletions, a.Length + b.Length);
}

/// <summary>
/// The character error rate OCR is judged by: Levenshtein distance over Han characters, digits and Latin letters
/// (punctuation and whitespace dropped, since the reference text layer and a recogniser disagree on those without
/// either being wrong for search) divided by the reference's length. Both texts are first brought to Unicode's
/// compatibility form (NFKC), because text layers write letters and digits in forms a reader cannot tell apart from
/// the plain ones and a recogniser never outputs: full-width Ｆ１, mathematical italic 𝑥 (the letters of LaTeX
/// formulas), 〸 for 十, CJK compatibility ideographs. Without it those characters fall out of the reference and the
/// recogniser's correct reading of them counts as an insertion.
/// </summary>
internal static class OcrScore
{
    /// <summary>The characters the rate counts, in order.</summary>
    public static string Countable(string text)
    {
        var normalised = text.Normalize(NormalizationForm.FormKC);
        var kept = new StringBuilder(normalised.Length);
        foreach (var c in normalised)
            if (IsHan(c) || char.IsAsciiLetterOrDigit(c)) kept.Append(c);
        return kept.ToString();
    }

    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';

    /// <summary>Edit distance between the countable characters of the two texts, and the reference's countable length.</summary>
    public static (int Errors, int Length) Errors(string reference, string recognised)
    {
        var edits = Edits(reference, recognised);
        return (edits.Errors, edits.Length);
    }

    /// <summary>
    /// The edit distance split into substitutions, insertions and deletions along one cheapest alignment (ties
    /// prefer a substitution): which kind dominates tells a recognition fault (substitutions) from a detection or
    /// layout fault (whole lines missed or read that the reference does not hold).
    /// </summary>
    public static EditCounts Edits(string reference, string recognised) => Align(Countable(reference), Countable(recognised));

    /// <summary><see cref="Edits"/> of two strings already reduced to their countable characters.</summary>
    public static EditCounts Align(string a, string b) => AlignSplit(a, b, _ => false).Unmarked;

    /// <summary>
    /// <see cref="Align"/>, with the edits split by the reference characters they touch: a substitution or deletion
    /// belongs to its reference character, an insertion to the characters on either side of it (to the marked part
    /// when either is marked by <paramref name="marked"/>). The two parts add up to the whole.
    /// </summary>
    public static (EditCounts Unmarked, EditCounts Marked) AlignSplit(string a, string b, Func<int, bool> marked)
    {
        var columns = b.Length + 1;
        var cost = new int[(a.Length + 1) * columns];
        for (var j = 0; j <= b.Length; j++) cost[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cost[i * columns] = i;
            for (var j = 1; j <= b.Length; j++)
                cost[i * columns + j] = Math.Min(
                    Math.Min(cost[(i - 1) * columns + j] + 1, cost[i * columns + j - 1] + 1),
                    cost[(i - 1) * columns + j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        }

        var counts = new int[2, 4]; // [unmarked/marked, substitutions/insertions/deletions/length]
        for (var i = 0; i < a.Length; i++) counts[marked(i) ? 1 : 0, 3]++;
        for (int i = a.Length, j = b.Length; i > 0 || j > 0;)
        {
            var here = cost[i * columns + j];
            if (i > 0 && j > 0 && here == cost[(i - 1) * columns + j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            {
                if (a[i - 1] != b[j - 1]) counts[marked(i - 1) ? 1 : 0, 0]++;
                i--;
                j--;
            }
            else if (i > 0 && here == cost[(i - 1) * columns + j] + 1)
            {
                counts[marked(i - 1) ? 1 : 0, 2]++;
                i--;
            }
            else
            {
                var nearMarked = (i > 0 && marked(i - 1)) || (i < a.Length && marked(i));
                counts[nearMarked ? 1 : 0, 1]++;
                j--;
            }
        }
        EditCounts Part(int k) => new(counts[k, 0], counts[k, 1], counts[k, 2], counts[k, 3]);
        return (Part(0), Part(1));
    }

    public static double CharacterErrorRate(string reference, string recognised)
    {
        var (errors, length) = Errors(reference, recognised);
        return length == 0 ? 0 : (double)errors / length;
    }
}
