namespace KnowledgeBase.Retrieval.Expansion;

/// <summary>A phrase of the query and its renderings in another language, best first.</summary>
public sealed record Translation(string Source, IReadOnlyList<string> Targets);

/// <summary>
/// An expander whose output is the query in another language rather than related words. When nothing of the query is
/// in the target language, the translation is all the query can match with, so the <see cref="QueryAnalyzer"/> treats
/// the best renderings as the user's own words and the rest as expansions (see <see cref="QueryExpansionOptions"/>).
/// </summary>
public interface IQueryTranslator : IQueryExpander
{
    /// <summary>True when <paramref name="normalizedText"/> has nothing in the language this translator produces.</summary>
    bool HasNoTargetText(string normalizedText);

    /// <summary>Phrases of <paramref name="normalizedText"/> with their renderings, best rendering first.</summary>
    IEnumerable<Translation> Translate(string normalizedText);
}
