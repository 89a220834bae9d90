namespace KnowledgeBase.Retrieval;

/// <summary>A query after analysis: what the stores execute, and what the highlighter marks.</summary>
/// <param name="HighlightTerms">Normalised strings to mark in result passages (words, phrases, matched expansions).</param>
public sealed record AnalyzedQuery(string Raw, ParsedQuery Parsed, RetrievalQuery Retrieval, IReadOnlyList<string> HighlightTerms);
