namespace KnowledgeBase.Retrieval.Expansion;

/// <summary>
/// An expander whose output is the query in another language rather than related words. When nothing of the query is
/// in the target language, the translation is all the query can match with, so the <see cref="QueryAnalyzer"/> may
/// treat it as the user's own words (see <see cref="QueryExpansionOptions.TranslationsAsWords"/>).
/// </summary>
public interface IQueryTranslator : IQueryExpander;
