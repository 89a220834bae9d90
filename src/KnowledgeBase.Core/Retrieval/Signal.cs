namespace KnowledgeBase.Retrieval;

/// <summary>A ranked list that retrieval produces and fusion combines.</summary>
public enum Signal
{
    /// <summary>BM25 over the user's own words (jieba words, English words), title and headings weighted above body.</summary>
    Words,
    /// <summary>BM25 over expansion words: synonyms and dictionary translations of the user's words.</summary>
    Expansions,
    /// <summary>BM25 over Han character bigrams, for words segmented differently in query and text.</summary>
    Bigrams,
    /// <summary>Nearest neighbours of the query embedding.</summary>
    Dense,
    /// <summary>BM25 over the user's words among passages that state a year of the query's time.</summary>
    Time,
    /// <summary>BM25 over the user's words among passages of documents dated in (or just after) the query's time.</summary>
    DocumentTime,
    /// <summary>BM25 over the user's words among passages that state any year, for a question asking when (哪一年, 何时).</summary>
    StatedDate,
}
