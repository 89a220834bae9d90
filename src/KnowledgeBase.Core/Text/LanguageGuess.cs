namespace KnowledgeBase.Text;

/// <summary>Tells Chinese from English text by the share of Han characters among letters.</summary>
public static class LanguageGuess
{
    public static string Of(IEnumerable<string> texts)
    {
        long han = 0, latin = 0;
        foreach (var text in texts)
        {
            foreach (var c in text)
            {
                if (CharClass.IsHan(c)) han++;
                else if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z') latin++;
            }
            if (han + latin > 20_000) break;
        }
        // A Han character carries about as much as an English word (~5 letters).
        return han * 5 >= latin ? "zh" : "en";
    }
}
