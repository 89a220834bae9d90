using System.Text.Json;

namespace KnowledgeBase.Text.Time;

/// <summary>
/// The stored form of a passage's resolved time expressions, shared by both stores (the embedded store's
/// <c>passage_times</c> rows, Qdrant's <c>time_mentions</c> payload): start, end, years from/to, kind and pattern per
/// mention. The text is not stored; it is cut from the passage's own text when read, so it always matches the offsets.
/// </summary>
public static class TimeMentionCodec
{
    private sealed record Stored(int S, int E, int F, int T, TimeKind K, string P);

    public static string Serialize(IReadOnlyList<TimeMention> mentions) =>
        JsonSerializer.Serialize(mentions.Select(m => new Stored(m.Start, m.End, m.Years.From, m.Years.To, m.Kind, m.Pattern)));

    /// <summary>The mentions of <paramref name="json"/>, their texts cut from <paramref name="passageText"/>; an entry outside the text is skipped.</summary>
    public static IReadOnlyList<TimeMention> Deserialize(string json, string passageText)
    {
        var stored = JsonSerializer.Deserialize<List<Stored>>(json) ?? [];
        return stored.Where(s => s.S >= 0 && s.S < s.E && s.E <= passageText.Length)
            .Select(s => new TimeMention(s.S, s.E, passageText[s.S..s.E], new YearSpan(s.F, s.T), s.K, s.P))
            .ToList();
    }
}
