namespace KnowledgeBase.Retrieval;

/// <summary>
/// An analysed query in the form every store executes: one term list per lexical signal, plus hard constraints.
/// Terms are already normalised and analysed by the same chain that built the index.
/// </summary>
public sealed record RetrievalQuery
{
    /// <summary>The user's own words.</summary>
    public IReadOnlyList<string> Words { get; init; } = [];
    /// <summary>Synonyms and translations of the user's words.</summary>
    public IReadOnlyList<string> Expansions { get; init; } = [];
    /// <summary>Han character bigrams of the user's text.</summary>
    public IReadOnlyList<string> Bigrams { get; init; } = [];
    /// <summary>Normalised phrases a passage must contain verbatim (from "quoted" parts of the query).</summary>
    public IReadOnlyList<string> RequiredPhrases { get; init; } = [];
    /// <summary>Normalised phrases from Chinese curly quotes; required only while enough passages contain them (SearchService relaxes them).</summary>
    public IReadOnlyList<string> SoftPhrases { get; init; } = [];
    /// <summary>Normalised strings a passage must not contain (from -term parts of the query).</summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];
    /// <summary>
    /// Relative weight of a lexical term of <see cref="Words"/>, <see cref="Expansions"/> or <see cref="Bigrams"/>;
    /// a term not listed weighs 1. Lets query understanding say how much each term counts (e.g. an everyday word
    /// of a question against a rare legal term); a store that cannot weight terms treats them all as 1.
    /// </summary>
    public IReadOnlyDictionary<string, float> TermWeights { get; init; } = new Dictionary<string, float>();
    /// <summary>Which passages the time signals admit (the query's years, or "states a date" for when-questions); null for a query without time.</summary>
    public TimeConstraint? Time { get; init; }
    /// <summary>Query embedding, when a model is configured.</summary>
    public ReadOnlyMemory<float>? Vector { get; init; }

    public bool IsEmpty => Words.Count == 0 && Expansions.Count == 0 && Bigrams.Count == 0 && RequiredPhrases.Count == 0 && Vector is null;
}
