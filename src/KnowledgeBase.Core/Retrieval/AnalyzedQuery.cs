using KnowledgeBase.Retrieval.Expansion;
using KnowledgeBase.Retrieval.Time;

namespace KnowledgeBase.Retrieval;

/// <summary>A query after analysis: what the stores execute, and what the highlighter marks.</summary>
/// <param name="HighlightTerms">Normalised strings to mark in result passages (words, phrases, matched expansions).</param>
public sealed record AnalyzedQuery(string Raw, ParsedQuery Parsed, RetrievalQuery Retrieval, IReadOnlyList<string> HighlightTerms)
{
    /// <summary>
    /// Phrases of the query that were searched in another language, each with the renderings that went into the query
    /// (those that added a term), so a user who typed English can see which Chinese words were looked for.
    /// </summary>
    public IReadOnlyList<Translation> Translations { get; init; } = [];

    /// <summary>What the query says about time; passages' time expressions in its span are marked too.</summary>
    public QueryTime Time { get; init; } = QueryTime.None;
}
