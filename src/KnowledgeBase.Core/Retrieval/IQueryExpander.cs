namespace KnowledgeBase.Retrieval;

/// <summary>
/// Adds terms the user did not type but means: synonyms, dictionary translations. Expansions feed their own
/// signal, which fusion weights below the user's own words.
/// </summary>
public interface IQueryExpander
{
    /// <summary>Expansion text (analysed afterwards by the same chain as the index) for a parsed query.</summary>
    /// <param name="positiveText">Normalised free text and phrases of the query.</param>
    /// <param name="words">The query's own analysed words.</param>
    IEnumerable<string> Expand(string positiveText, IReadOnlyList<string> words);
}
