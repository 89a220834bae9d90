namespace KnowledgeBase.Text.Lexicons;

/// <summary>Splits normalised text into English words and undoes common inflections for dictionary lookup.</summary>
public static class EnglishWords
{
    /// <summary>
    /// Lower-case ASCII words of <paramref name="text"/> in order, possessive 's dropped; every other character ends a word,
    /// so Han text and punctuation separate phrases the same way spaces do not (see <see cref="Runs"/>).
    /// </summary>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        foreach (var run in Runs(text)) words.AddRange(run);
        return words;
    }

    /// <summary>
    /// Runs of English words not interrupted by punctuation or non-Latin text: a dictionary phrase never spans
    /// "park, policy" or "border 政策 park".
    /// </summary>
    public static List<List<string>> Runs(string text)
    {
        var runs = new List<List<string>>();
        var current = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = char.ToLowerInvariant(text[i]);
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || (text[i] is '\'' or '’' && i + 1 < text.Length && char.IsAsciiLetter(text[i + 1])))) i++;
                var word = text[start..i].ToLowerInvariant().Replace('’', '\'');
                if (word.EndsWith("'s", StringComparison.Ordinal)) word = word[..^2];
                word = word.Replace("'", "", StringComparison.Ordinal);
                if (word.Length > 0) current.Add(word);
                continue;
            }
            if (c is not (' ' or '\t' or '-' or '/'))
            {
                if (current.Count > 0) runs.Add(current);
                current = [];
            }
            i++;
        }
        if (current.Count > 0) runs.Add(current);
        return runs;
    }

    /// <summary>
    /// Base forms to try for a word the dictionary does not hold as typed: "transferring" → transfer, "confirmed" →
    /// confirm, "isolated" → isolate, "carried" → carry. Plurals are already handled by <see cref="EnglishStemmer"/>.
    /// </summary>
    public static IEnumerable<string> BaseForms(string word)
    {
        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal))
        {
            var stem = word[..^3];
            yield return stem;
            yield return stem + "e";
            if (IsDoubled(stem)) yield return stem[..^1];
        }
        if (word.Length > 4 && word.EndsWith("ied", StringComparison.Ordinal)) yield return word[..^3] + "y";
        if (word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal))
        {
            var stem = word[..^2];
            yield return stem;
            yield return word[..^1];
            if (IsDoubled(stem)) yield return stem[..^1];
        }
        if (word.Length > 5 && word.EndsWith("ly", StringComparison.Ordinal)) yield return word[..^2];
    }

    private static bool IsDoubled(string stem) =>
        stem.Length > 2 && stem[^1] == stem[^2] && stem[^1] is not ('a' or 'e' or 'i' or 'o' or 'u');
}
